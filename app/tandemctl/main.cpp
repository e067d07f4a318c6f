// tandemctl: the command-line twin of Tandem over the same engine (no widgets linked).
#include "ConfigCommand.h"
#include "InfoCommand.h"
#include "LabCommand.h"
#include "PingCommand.h"
#include "TopologyCommand.h"
#include "ValidateCommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <functional>
#include <map>

namespace {

const char *const kUsage =
    "Usage: tandemctl <command> [options]\n"
    "\n"
    "Commands:\n"
    "  ping NODE            send PING and print the reply and round-trip time\n"
    "  info NODE [--json]   the parsed INFO snapshot of a node\n"
    "  lab up|down|status   local redis-server sandboxes (--dir D)\n"
    "  topology --seed NODE [--seed NODE...] [--json|--dot] [--watch] [--interval MS]\n"
    "                       discover replication groups (from nodes or sentinels) and show\n"
    "                       roles, links, lag, sync progress and anomalies\n"
    "  validate FILE... [--json] [--redis-version X.Y] [--against NODE]\n"
    "                       check redis.conf files like redis-server 7.0 loads them\n"
    "                       (exit 1 on any error; --against compares masterauth with\n"
    "                       the node's requirepass without printing either)\n"
    "  config get NODE [--show-secrets] [--json]\n"
    "                       the running config as redis.conf (secrets hidden)\n"
    "  config diff A B [--json] [--show-defaults]\n"
    "                       compare effective settings; A, B are files or nodes\n"
    "                       (exit 0 same, 1 different)\n"
    "  help                 this text\n"
    "\n"
    "NODE is HOST:PORT or redis://[user[:pass]@]host:port[/db] (rediss:// for TLS).\n"
    "Connection options: --user U, -a/--pass P (or REDISCLI_AUTH), --tls, --cacert F,\n"
    "  --cert F, --key F, --insecure, --sni NAME, --ssh [user@]host[:port], --ssh-key F,\n"
    "  --ssh-known-hosts F, --ssh-accept-new, --timeout SECONDS, --json\n"
    "\n"
    "Exit codes: 0 ok, 1 a problem was found, 2 usage error, 3 could not connect or\n"
    "authenticate.\n";

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tandemctl"));
    QCoreApplication::setOrganizationName(QStringLiteral("Tandem"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TANDEM_VERSION));

    QStringList args = QCoreApplication::arguments().mid(1);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.isEmpty()) {
        err << kUsage;
        return ExitUsage;
    }
    const QString name = args.first();
    if (name == QLatin1String("help") || name == QLatin1String("--help") || name == QLatin1String("-h")) {
        out << kUsage;
        return ExitOk;
    }
    if (name == QLatin1String("--version")) {
        out << "tandemctl " << TANDEM_VERSION << "\n";
        return ExitOk;
    }

    const std::map<QString, std::function<CliCommand *()>> commands{
        {QStringLiteral("ping"), [] { return new PingCommand; }},
        {QStringLiteral("info"), [] { return new InfoCommand; }},
        {QStringLiteral("lab"), [] { return new LabCommand; }},
        {QStringLiteral("topology"), [] { return new TopologyCommand; }},
        {QStringLiteral("validate"), [] { return new ValidateCommand; }},
        {QStringLiteral("config"), [] { return new ConfigCommand; }},
    };
    const auto it = commands.find(name);
    if (it == commands.end()) {
        err << "tandemctl: unknown command '" << name << "'\n\n" << kUsage;
        return ExitUsage;
    }
    CliCommand *command = it->second();
    QObject::connect(command, &CliCommand::finished, &app, [](int code) { QCoreApplication::exit(code); });
    command->start(args);
    const int code = app.exec();
    delete command;
    return code;
}
