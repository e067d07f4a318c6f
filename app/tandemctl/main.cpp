// tandemctl: the command-line twin of Tandem over the same engine (no widgets linked).
#include "AuditCommand.h"
#include "ConfigCommand.h"
#include "DoctorCommand.h"
#include "ExportCommand.h"
#include "DetachCommand.h"
#include "MigrateCommand.h"
#include "FailoverCommand.h"
#include "FenceCommand.h"
#include "InfoCommand.h"
#include "LabCommand.h"
#include "PingCommand.h"
#include "PromoteCommand.h"
#include "RecoverCommand.h"
#include "SetupCommand.h"
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
    "  config apply NODE FILE [--dry-run] [--no-rewrite] [--json]\n"
    "                       bring the running NODE to FILE with CONFIG SET (then\n"
    "                       CONFIG REWRITE); settings that need a restart are listed\n"
    "  config apply NODE FILE --remote-file PATH --ssh [user@]host[:port]\n"
    "               [--restart | --restart-command CMD] [--force] [--dry-run] [--json]\n"
    "                       replace the redis.conf at PATH on the SSH host with FILE\n"
    "                       (plan printed first, backup kept next to it, refused if\n"
    "                       PATH changed meanwhile), optionally restart (--restart runs\n"
    "                       \"systemctl restart redis-server\"), then check the node\n"
    "                       runs the file's settings; --force writes a file with errors\n"
    "  promote NODE [--strategy coordinated|failover-command|sentinel|automatic]\n"
    "               [--catch-up-timeout 5s] [--seed NODE] [--dry-run] [--json] [--yes]\n"
    "                       make the replica NODE master of its group without losing an\n"
    "                       acknowledged write (plan printed first; exit 0 only when the\n"
    "                       new roles were verified)\n"
    "  failover --seed NODE [--to NODE] [--verify-timeout 10s] [--ssh-fence\n"
    "               [--old-master-config PATH]] [--min-replicas [--min-replicas-max-lag 10]]\n"
    "               [--dry-run] [--json] [--yes]\n"
    "                       the master is down: rank replicas (estimated loss), promote\n"
    "                       the best, repoint the rest, fence the old master (repeat\n"
    "                       --seed for each replica: they cannot be found through it);\n"
    "                       --ssh-fence also writes replicaof into its redis.conf over\n"
    "                       --ssh so it restarts as a replica\n"
    "  fence NODE --master NEW --ssh [user@]host[:port] --config-file PATH\n"
    "               [--min-replicas] [--dry-run] [--json] [--yes]\n"
    "                       write replicaof NEW into the dead old master's redis.conf\n"
    "                       over SSH (backup, atomic replace) so it restarts as a replica\n"
    "  recover --seed NODE [--dry-run] [--json] [--yes]\n"
    "                       finish an interrupted promote/failover (diagnosis first)\n"
    "  doctor NODE... [--ssh ...] [--json] [--fix CODE|all [--dry-run] [--yes]]\n"
    "                       health checks: server (INFO, ACL LOG, SLOWLOG), with --ssh\n"
    "                       the host (overcommit, THP, somaxconn, limits, disk, RAM,\n"
    "                       clock) and the log; --fix applies a finding's fix plan\n"
    "  setup --master NODE --replica NODE [--replica NODE...] [--auth password|acl|keep]\n"
    "               [--acl-user NAME] [--password-file FILE | --generate-password\n"
    "               --password-out FILE] [--keepalive S] [--persistence aof|rdb|keep]\n"
    "               [--discard-replica-data] [--repoint] [--min-replicas N]\n"
    "               [--sync-timeout 300s] [--dry-run] [--json] [--yes]\n"
    "                       set up replication from plain servers as one plan: checks,\n"
    "                       group password or replication ACL user, settings, REPLICAOF,\n"
    "                       full sync with progress, verification, then CONFIG REWRITE\n"
    "                       (any failure before verification restores every node)\n"
    "  detach NODE [--dry-run] [--json] [--yes]\n"
    "  migrate SOURCE TARGET [--verify sample|full|none] [--sample N] [--discard-target-data]\n"
    "          [--repoint-replicas] [--on-abort detach|keep-replica] [--catch-up-timeout D]\n"
    "          [--sync-timeout D] [--watch-old S] [--dry-run] [--json] [--yes]\n"
    "                       the replica NODE becomes a standalone master\n"
    "  export redis-conf NODE [--minimal] [--include-secrets] [--out FILE]\n"
    "  export sentinel --seed NODE [--name NAME] [--sentinel HOST:PORT...] [--quorum N]\n"
    "         [--down-after MS] [--failover-timeout MS] [--parallel-syncs N]\n"
    "         [--include-secrets] --out DIR\n"
    "  export acl --seed NODE [--out FILE]\n"
    "  export topology --seed NODE [--format json|dot|svg|png|text] [--out FILE]\n"
    "  export bundle --seed NODE [--include-secrets] --out FILE.tar.gz|DIR\n"
    "                       configs that real servers accept: a node's redis.conf, a\n"
    "                       sentinel.conf per sentinel host, users.acl (hashed\n"
    "                       passwords), the topology, or all of it with the steps in\n"
    "                       order; secrets become placeholders unless --include-secrets\n"
    "  audit [--json] [--limit N]\n"
    "                       the audit log of operations, step by step\n"
    "  help                 this text\n"
    "\n"
    "NODE is HOST:PORT or redis://[user[:pass]@]host:port[/db] (rediss:// for TLS).\n"
    "Connection options: --user U, -a/--pass P (or REDISCLI_AUTH), --tls, --cacert F,\n"
    "  --cert F, --key F, --insecure, --sni NAME, --ssh [user@]host[:port], --ssh-key F,\n"
    "  --ssh-known-hosts F, --ssh-accept-new, --timeout SECONDS, --json\n"
    "  (--timeout is the connect and command bound for every command; operation deadlines\n"
    "  take a unit: --catch-up-timeout 500ms, --verify-timeout 5s; the audit log is\n"
    "  $TANDEM_DATA_DIR/audit.jsonl)\n"
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
        {QStringLiteral("promote"), [] { return new PromoteCommand; }},
        {QStringLiteral("failover"), [] { return new FailoverCommand; }},
        {QStringLiteral("recover"), [] { return new RecoverCommand; }},
        {QStringLiteral("fence"), [] { return new FenceCommand; }},
        {QStringLiteral("setup"), [] { return new SetupCommand; }},
        {QStringLiteral("detach"), [] { return new DetachCommand; }},
        {QStringLiteral("migrate"), [] { return new MigrateCommand; }},
        {QStringLiteral("audit"), [] { return new AuditCommand; }},
        {QStringLiteral("doctor"), [] { return new DoctorCommand; }},
        {QStringLiteral("export"), [] { return new ExportCommand; }},
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
