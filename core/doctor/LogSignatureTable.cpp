#include "LogSignatureTable.h"

#include <QHash>

namespace {

using Severity = Finding::Severity;

const QString kSignatureMasterAuthFix = QStringLiteral(
    "Set masterauth on the replica to the master's requirepass (and masteruser when the master uses an "
    "ACL user): CONFIG SET masterauth …, then CONFIG REWRITE so a restart keeps it.");
const QStringList kSignatureLinkUp{QStringLiteral("MASTER <-> REPLICA sync: Finished with success"),
                          QStringLiteral("Successful partial resynchronization with master.")};
const QString kSignatureStartBanner = QStringLiteral("Redis is starting");

QList<LogSignatureTable::Signature> buildSignatureTable()
{
    return {
        // replication.c: the master has requirepass, the replica sends no AUTH.
        {QStringLiteral("MASTER aborted replication with an error: NOAUTH"), QStringLiteral("replica-noauth"),
         Severity::Critical,
         QStringLiteral("The master requires a password and this replica sends none: replication never starts."),
         kSignatureMasterAuthFix, kSignatureLinkUp},
        {QStringLiteral("Unexpected reply to PSYNC from master: -NOAUTH"), QStringLiteral("replica-noauth"),
         Severity::Critical,
         QStringLiteral("The master requires a password and this replica sends none: replication never starts."),
         kSignatureMasterAuthFix, kSignatureLinkUp},
        {QStringLiteral("Unable to AUTH to MASTER: -WRONGPASS"), QStringLiteral("replica-wrongpass"), Severity::Critical,
         QStringLiteral("The master refuses the replica's masterauth/masteruser: replication never starts."),
         kSignatureMasterAuthFix, kSignatureLinkUp},
        {QStringLiteral("Unexpected reply to PSYNC from master: -NOPERM"), QStringLiteral("replica-noperm"),
         Severity::Critical,
         QStringLiteral("The replica's ACL user on the master may not run PSYNC/SYNC: replication never starts."),
         QStringLiteral("Grant the replication user +psync +replconf +ping on the master (ACL SETUSER …)."), kSignatureLinkUp},
        {QStringLiteral("MASTER aborted replication with an error: NOPERM"), QStringLiteral("replica-noperm"),
         Severity::Critical,
         QStringLiteral("The replica's ACL user on the master may not run PSYNC/SYNC: replication never starts."),
         QStringLiteral("Grant the replication user +psync +replconf +ping on the master (ACL SETUSER …)."), kSignatureLinkUp},
        {QStringLiteral("Error reply to PING from master: '-DENIED"), QStringLiteral("master-protected-mode"),
         Severity::Critical,
         QStringLiteral("The master is in protected mode and refuses connections from other hosts."),
         QStringLiteral("On the master set a password (requirepass) or bind to the replica-facing address, or "
                        "CONFIG SET protected-mode no on a trusted network."),
         kSignatureLinkUp},
        {QStringLiteral("Unable to connect to MASTER: "), QStringLiteral("master-unreachable"), Severity::Critical,
         QStringLiteral("The replica cannot open a connection to its master (down, wrong address or firewall)."),
         QStringLiteral("Check that the master runs and listens on the address in replicaof, and that the port is "
                        "open between the hosts."),
         kSignatureLinkUp},
        {QStringLiteral("Error condition on socket for SYNC: "), QStringLiteral("master-unreachable"), Severity::Critical,
         QStringLiteral("The replica's connection to its master failed (e.g. Connection refused)."),
         QStringLiteral("Check that the master runs and listens on the address in replicaof, and that the port is "
                        "open between the hosts."),
         kSignatureLinkUp},
        // networking.c: the master drops a replica whose buffer overflowed during a full sync.
        {QStringLiteral("scheduled to be closed ASAP for overcoming of output buffer limits."),
         QStringLiteral("output-buffer-limit"), Severity::Critical,
         QStringLiteral("A client was disconnected because its output buffer outgrew client-output-buffer-limit; "
                        "when it is a replica (flags=S) during a full sync, the sync restarts and can loop forever."),
         QStringLiteral("Raise client-output-buffer-limit replica (e.g. CONFIG SET client-output-buffer-limit "
                        "\"replica 1gb 512mb 120\") or use diskless sync."),
         {}},
        {QStringLiteral("closed for overcoming of output buffer limits."), QStringLiteral("output-buffer-limit"),
         Severity::Critical,
         QStringLiteral("A client was disconnected because its output buffer outgrew client-output-buffer-limit; "
                        "when it is a replica (flags=S) during a full sync, the sync restarts and can loop forever."),
         QStringLiteral("Raise client-output-buffer-limit replica (e.g. CONFIG SET client-output-buffer-limit "
                        "\"replica 1gb 512mb 120\") or use diskless sync."),
         {}},
        {QStringLiteral("for lack of backlog (Replica request was:"), QStringLiteral("backlog-too-small"),
         Severity::Warning,
         QStringLiteral("A replica that reconnected had to do a full sync: the writes it missed no longer fit in "
                        "the replication backlog."),
         QStringLiteral("Raise repl-backlog-size to cover the writes of the longest disconnection you expect "
                        "(write rate × seconds)."),
         {}},
        {QStringLiteral("Can't handle RDB format version"), QStringLiteral("rdb-version"), Severity::Critical,
         QStringLiteral("This server cannot load an RDB written by a newer Redis (a replica older than its master, "
                        "or an RDB file from a newer version)."),
         QStringLiteral("Upgrade this server to at least the master's version (replicas must not be older than "
                        "their master)."),
         kSignatureLinkUp},
        {QStringLiteral("Timeout receiving bulk data from MASTER"), QStringLiteral("sync-timeout"), Severity::Warning,
         QStringLiteral("The full sync took longer than repl-timeout between two chunks and was abandoned."),
         QStringLiteral("Raise repl-timeout (e.g. CONFIG SET repl-timeout 120) on the replica and the master."),
         kSignatureLinkUp},
        // rdb.c: MISCONF follows when stop-writes-on-bgsave-error is on.
        {QStringLiteral("Background saving error"), QStringLiteral("bgsave-error"), Severity::Critical,
         QStringLiteral("A background save failed; with stop-writes-on-bgsave-error the server refuses writes "
                        "(MISCONF)."),
         QStringLiteral("Read the lines before it in the log (disk full, permissions on dir); fix the cause and "
                        "run BGSAVE."),
         {QStringLiteral("Background saving terminated with success")}},
        {QStringLiteral("Failed opening the temp RDB file"), QStringLiteral("bgsave-error"), Severity::Critical,
         QStringLiteral("The server cannot write its RDB file in dir (permissions, missing directory, full disk)."),
         QStringLiteral("Make dir writable by the redis user with free space; then BGSAVE."),
         {QStringLiteral("Background saving terminated with success")}},
        {QStringLiteral("Can't save in background: fork: "), QStringLiteral("fork-failed"), Severity::Critical,
         QStringLiteral("fork() failed: no background save or full sync is possible (usually memory with "
                        "vm.overcommit_memory not 1)."),
         QStringLiteral("Set vm.overcommit_memory = 1 on the host and make sure there is free memory."),
         {QStringLiteral("Background saving terminated with success")}},
        // syscheck.c / server.c start-up warnings.
        {QStringLiteral("WARNING Memory overcommit must be enabled!"), QStringLiteral("overcommit-memory"),
         Severity::Warning,
         QStringLiteral("vm.overcommit_memory is not 1: a background save or full sync may fail to fork."),
         QStringLiteral("sysctl -w vm.overcommit_memory=1 and keep it in /etc/sysctl.d/."), {}},
        {QStringLiteral("WARNING overcommit_memory is set to 0!"), QStringLiteral("overcommit-memory"),
         Severity::Warning,
         QStringLiteral("vm.overcommit_memory is not 1: a background save or full sync may fail to fork."),
         QStringLiteral("sysctl -w vm.overcommit_memory=1 and keep it in /etc/sysctl.d/."), {}},
        {QStringLiteral("You have Transparent Huge Pages (THP) support enabled in your kernel."),
         QStringLiteral("transparent-huge-pages"), Severity::Warning,
         QStringLiteral("THP is [always] and Redis could not disable it for itself: latency and copy-on-write "
                        "memory grow during forks."),
         QStringLiteral("echo madvise > /sys/kernel/mm/transparent_hugepage/enabled as root, then restart Redis."),
         {}},
        {QStringLiteral("/proc/sys/net/core/somaxconn is set to the lower value of"), QStringLiteral("somaxconn"),
         Severity::Warning,
         QStringLiteral("The kernel caps the listen backlog below tcp-backlog: bursts of connections are refused."),
         QStringLiteral("sysctl -w net.core.somaxconn to at least tcp-backlog and keep it in /etc/sysctl.d/."), {}},
        {QStringLiteral("maxclients has been reduced to"), QStringLiteral("maxclients-reduced"), Severity::Warning,
         QStringLiteral("The open-files limit is too low for maxclients: Redis lowered maxclients."),
         QStringLiteral("Raise the service's open-files limit (LimitNOFILE= in the systemd unit, or ulimit -n) to "
                        "maxclients + 32 and restart."),
         {}},
        {QStringLiteral("You requested maxclients of"), QStringLiteral("maxclients-reduced"), Severity::Warning,
         QStringLiteral("The open-files limit is too low for maxclients: Redis lowered maxclients."),
         QStringLiteral("Raise the service's open-files limit (LimitNOFILE= in the systemd unit, or ulimit -n) to "
                        "maxclients + 32 and restart."),
         {}},
    };
}

} // namespace

const QList<LogSignatureTable::Signature> &LogSignatureTable::table()
{
    static const QList<Signature> signatures = buildSignatureTable();
    return signatures;
}

const LogSignatureTable::Signature *LogSignatureTable::match(const QString &line)
{
    for (const Signature &s : table()) {
        if (line.contains(s.pattern))
            return &s;
    }
    return nullptr;
}

QList<LogSignatureTable::Hit> LogSignatureTable::scan(const QByteArray &log)
{
    QStringList lines = QString::fromUtf8(log).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        if (lines.at(i).contains(kSignatureStartBanner)) {
            lines = lines.mid(i);
            break;
        }
    }
    QList<Hit> hits;
    QHash<QString, qsizetype> byCode;
    for (const QString &line : std::as_const(lines)) {
        for (qsizetype h = hits.size() - 1; h >= 0; --h) {
            for (const QString &r : hits.at(h).signature->resolvedBy) {
                if (line.contains(r)) {
                    byCode.remove(hits.at(h).signature->code);
                    hits.removeAt(h);
                    for (auto it = byCode.begin(); it != byCode.end(); ++it) {
                        if (it.value() > h)
                            --it.value();
                    }
                    break;
                }
            }
        }
        const Signature *s = match(line);
        if (!s)
            continue;
        const auto it = byCode.constFind(s->code);
        if (it == byCode.constEnd()) {
            byCode.insert(s->code, hits.size());
            hits.append(Hit{s, 1, line.trimmed()});
        } else {
            Hit &hit = hits[*it];
            ++hit.count;
            hit.lastLine = line.trimmed();
        }
    }
    return hits;
}

FindingList LogSignatureTable::findings(const QByteArray &log, const QString &node)
{
    FindingList out;
    for (const Hit &hit : scan(log)) {
        const QString evidence =
            hit.count > 1 ? QStringLiteral("%1 (%2 times)").arg(hit.lastLine).arg(hit.count) : hit.lastLine;
        out.append(Finding::make(hit.signature->severity, hit.signature->code, node, evidence, hit.signature->meaning,
                                 hit.signature->fix));
    }
    return out;
}
