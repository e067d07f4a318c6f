#include "ExportCommand.h"

#include "ExportRedisConfCommand.h"
#include "ExportAclCommand.h"
#include "ExportBundleCommand.h"
#include "ExportSentinelCommand.h"
#include "ExportTopologyCommand.h"

#include <functional>
#include <map>

void ExportCommand::start(const QStringList &args)
{
    const std::map<QString, std::function<CliCommand *()>> subcommands{
        {QStringLiteral("redis-conf"), [] { return new ExportRedisConfCommand; }},
        {QStringLiteral("sentinel"), [] { return new ExportSentinelCommand; }},
        {QStringLiteral("acl"), [] { return new ExportAclCommand; }},
        {QStringLiteral("bundle"), [] { return new ExportBundleCommand; }},
        {QStringLiteral("topology"), [] { return new ExportTopologyCommand; }},
    };
    const QString sub = args.value(1);
    const auto it = subcommands.find(sub);
    if (it == subcommands.end()) {
        const QString known = QStringLiteral("redis-conf, sentinel, acl, topology, bundle");
        usageError(sub.isEmpty() ? QStringLiteral("export needs a subcommand: %1").arg(known)
                                 : QStringLiteral("unknown export subcommand '%1' (%2)").arg(sub, known));
        return;
    }
    CliCommand *command = it->second();
    command->setParent(this);
    connect(command, &CliCommand::finished, this, [this](int code) { finish(code); });
    command->start(args.mid(1));
}
