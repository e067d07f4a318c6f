#include "ConfigCommand.h"

#include "ConfigApplyCommand.h"
#include "ConfigDiffCommand.h"
#include "ConfigGetCommand.h"

void ConfigCommand::start(const QStringList &args)
{
    const QString sub = args.value(1);
    CliCommand *command = nullptr;
    if (sub == QLatin1String("get"))
        command = new ConfigGetCommand(this);
    else if (sub == QLatin1String("diff"))
        command = new ConfigDiffCommand(this);
    else if (sub == QLatin1String("apply"))
        command = new ConfigApplyCommand(this);
    if (!command) {
        usageError(sub.isEmpty() ? QStringLiteral("config needs a subcommand: get, diff or apply")
                                 : QStringLiteral("unknown config subcommand '%1' (get, diff, apply)").arg(sub));
        return;
    }
    connect(command, &CliCommand::finished, this, [this](int code) { finish(code); });
    // The subcommand sees "get NODE ..." as if it were a command of its own ("get" stands
    // where the parser expects the program name).
    command->start(args.mid(1));
}
