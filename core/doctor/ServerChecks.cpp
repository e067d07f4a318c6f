#include "ServerChecks.h"

#include "DoctorFixes.h"

namespace {

using Severity = Finding::Severity;

Finding serverFinding(const ServerFacts &facts, Severity severity, const QString &code, const QString &evidence,
                      const QString &meaning, const QString &fix)
{
    return Finding::make(severity, code, facts.node, evidence, meaning, fix);
}

QString infoField(const ServerFacts &facts, const QString &key)
{
    return key + QLatin1Char(':') + facts.value(key);
}

void checkPersistence(const ServerFacts &facts, FindingList *out)
{
    if (facts.info.contains(QStringLiteral("rdb_last_bgsave_status"))
        && facts.value(QStringLiteral("rdb_last_bgsave_status")) != QLatin1String("ok"))
        out->append(serverFinding(facts, Severity::Critical, QStringLiteral("rdb-bgsave-failed"),
                            infoField(facts, QStringLiteral("rdb_last_bgsave_status")),
                            QStringLiteral("The last background save failed; with stop-writes-on-bgsave-error yes the "
                                           "server refuses writes with -MISCONF."),
                            QStringLiteral("Read the server log for the cause (disk full, permissions on dir, fork), "
                                           "fix it and run BGSAVE.")));
    if (facts.value(QStringLiteral("aof_enabled")) == QLatin1String("1")
        && facts.value(QStringLiteral("aof_last_write_status")) != QLatin1String("ok"))
        out->append(serverFinding(facts, Severity::Critical, QStringLiteral("aof-write-failed"),
                            infoField(facts, QStringLiteral("aof_last_write_status")),
                            QStringLiteral("Writing the AOF failed; the server refuses writes with -MISCONF until a "
                                           "write succeeds."),
                            QStringLiteral("Free disk space in dir or fix its permissions; the log names the error.")));
}

void checkFork(const ServerFacts &facts, FindingList *out)
{
    const qint64 forkMicros = facts.number(QStringLiteral("latest_fork_usec"), 0);
    const qint64 used = facts.number(QStringLiteral("used_memory"), 0);
    if (forkMicros < ServerChecks::kSlowForkMicros || used <= 0)
        return;
    const double rate = ServerChecks::forkRate(used, forkMicros);
    const QString quality = ServerChecks::forkQuality(rate);
    if (quality != QLatin1String("terrible") && quality != QLatin1String("poor"))
        return;
    out->append(serverFinding(facts, Severity::Warning, QStringLiteral("fork-slow"),
                        QStringLiteral("latest_fork_usec:%1, %2 GB/s (%3)")
                            .arg(forkMicros)
                            .arg(rate, 0, 'f', 2)
                            .arg(quality),
                        QStringLiteral("fork() stalls the server for %1 ms at each background save or full sync; "
                                       "LATENCY DOCTOR rates this fork rate %2.")
                            .arg(forkMicros / 1000)
                            .arg(quality),
                        QStringLiteral("Run on hardware or a VM type with fast fork (Xen is known to be slow), keep "
                                       "the data set smaller, or disable transparent huge pages.")));
}

void checkMemory(const ServerFacts &facts, FindingList *out)
{
    const double ratio = facts.real(QStringLiteral("mem_fragmentation_ratio"));
    const qint64 used = facts.number(QStringLiteral("used_memory"), 0);
    if (ratio > 1.5 && used >= ServerChecks::kFragmentationMinBytes) {
        Finding f = serverFinding(facts, Severity::Warning, QStringLiteral("memory-fragmentation"),
                            infoField(facts, QStringLiteral("mem_fragmentation_ratio")),
                            QStringLiteral("The process holds %1 times the memory its data needs.").arg(ratio),
                            QStringLiteral("Enable active defragmentation: CONFIG SET activedefrag yes."));
        f.fix = DoctorFixes::configSet(facts.node, "activedefrag", "yes",
                                       !facts.value(QStringLiteral("config_file")).isEmpty());
        out->append(f);
    } else if (ratio > 0 && ratio < 1.0 && used >= ServerChecks::kFragmentationMinBytes) {
        out->append(serverFinding(facts, Severity::Critical, QStringLiteral("memory-swapped"),
                            infoField(facts, QStringLiteral("mem_fragmentation_ratio")),
                            QStringLiteral("Less resident memory than data: part of the data set is swapped out, "
                                           "every access to it is slow."),
                            QStringLiteral("Give the host more RAM or lower maxmemory; check swap usage.")));
    }
}

void checkReplication(const ServerFacts &facts, FindingList *out)
{
    if (!facts.infoLater.isEmpty()) {
        bool ok1 = false, ok2 = false;
        const qint64 before = facts.info.value(QStringLiteral("sync_full")).toLongLong(&ok1);
        const qint64 after = facts.infoLater.value(QStringLiteral("sync_full")).toLongLong(&ok2);
        if (ok1 && ok2 && after > before)
            out->append(serverFinding(facts, Severity::Critical, QStringLiteral("full-sync-loop"),
                                QStringLiteral("sync_full %1 → %2 in %3 s")
                                    .arg(before)
                                    .arg(after)
                                    .arg(facts.secondsBetween, 0, 'f', facts.secondsBetween < 10 ? 1 : 0),
                                QStringLiteral("Replicas keep asking for full syncs: a replica is dropped and starts "
                                               "again (output buffer limit, timeout or a too small backlog)."),
                                QStringLiteral("Read the master's log for 'overcoming of output buffer limits' or "
                                               "'for lack of backlog'; raise client-output-buffer-limit replica, "
                                               "repl-timeout or repl-backlog-size.")));
    }
    if (facts.value(QStringLiteral("role")) != QLatin1String("slave")
        || facts.value(QStringLiteral("master_link_status")) == QLatin1String("up"))
        return;
    const QString master = facts.value(QStringLiteral("master_host")) + QLatin1Char(':')
        + facts.value(QStringLiteral("master_port"));
    QString evidence = QStringLiteral("master_link_status:down");
    if (facts.info.contains(QStringLiteral("master_link_down_since_seconds")))
        evidence += QStringLiteral(", ") + infoField(facts, QStringLiteral("master_link_down_since_seconds"))
            + (facts.number(QStringLiteral("master_link_down_since_seconds")) < 0 ? QStringLiteral(" (never up since start)")
                                                                                  : QString());
    if (facts.value(QStringLiteral("master_sync_in_progress")) == QLatin1String("1"))
        evidence += QStringLiteral(", a sync is in progress");
    out->append(serverFinding(facts, Severity::Critical, QStringLiteral("replica-link-down"), evidence,
                        QStringLiteral("This replica does not receive its master's (%1) writes.").arg(master),
                        QStringLiteral("Its log says why (auth, unreachable master, sync failures).")));
    if (facts.masterPasswordKnown && !facts.masterAuthMatches)
        out->append(serverFinding(facts, Severity::Critical, QStringLiteral("replica-masterauth"),
                            QStringLiteral("masterauth on this replica differs from the password Tandem uses for %1")
                                .arg(master),
                            QStringLiteral("The master requires a password this replica does not send: replication "
                                           "cannot start."),
                            QStringLiteral("Set masterauth on the replica to the master's password.")));
}

void checkAclLog(const ServerFacts &facts, FindingList *out)
{
    int auth = 0, denied = 0;
    QString lastAuth, lastDenied;
    for (const ServerFacts::Fields &e : facts.aclLog) {
        const int count = qMax(1, e.value(QStringLiteral("count")).toInt());
        const QString who = QStringLiteral("user '%1' from %2 (%3 s ago)")
                                .arg(e.value(QStringLiteral("username")),
                                     e.value(QStringLiteral("client-info")).section(QLatin1Char(' '), 1, 1),
                                     e.value(QStringLiteral("age-seconds")));
        if (e.value(QStringLiteral("reason")) == QLatin1String("auth")) {
            auth += count;
            if (lastAuth.isEmpty())
                lastAuth = who;
        } else {
            denied += count;
            if (lastDenied.isEmpty())
                lastDenied = QStringLiteral("%1 denied '%2' to %3").arg(e.value(QStringLiteral("reason")),
                                                                         e.value(QStringLiteral("object")), who);
        }
    }
    if (auth > 0)
        out->append(serverFinding(facts, Severity::Warning, QStringLiteral("acl-auth-failures"),
                            QStringLiteral("ACL LOG: %1 failed AUTH, latest %2").arg(auth).arg(lastAuth),
                            QStringLiteral("Clients (or replicas: a replica's failed AUTH shows only here) log in with "
                                           "a wrong password."),
                            QStringLiteral("Find the client by its address; for a replica set its masterauth. "
                                           "ACL LOG RESET clears the list.")));
    if (denied > 0)
        out->append(serverFinding(facts, Severity::Warning, QStringLiteral("acl-denied"),
                            QStringLiteral("ACL LOG: %1 denied, latest %2").arg(denied).arg(lastDenied),
                            QStringLiteral("Clients run commands or touch keys their ACL user may not (-NOPERM)."),
                            QStringLiteral("Grant the user what it needs (ACL SETUSER) or fix the client.")));
}

void checkSlowlog(const ServerFacts &facts, FindingList *out)
{
    const ServerFacts::SlowEntry *worst = nullptr;
    int slow = 0;
    for (const ServerFacts::SlowEntry &e : facts.slowlog) {
        if (e.micros < ServerChecks::kSlowCommandMicros)
            continue;
        ++slow;
        if (!worst || e.micros > worst->micros)
            worst = &e;
    }
    if (!worst)
        return;
    out->append(serverFinding(facts, Severity::Info, QStringLiteral("slow-commands"),
                        QStringLiteral("SLOWLOG: %1 commands ≥ %2 ms, slowest %3 ms: %4")
                            .arg(slow)
                            .arg(ServerChecks::kSlowCommandMicros / 1000)
                            .arg(double(worst->micros) / 1000.0, 0, 'f', 1)
                            .arg(worst->command),
                        QStringLiteral("Commands that block the server for every other client meanwhile."),
                        QStringLiteral("Replace them (SCAN instead of KEYS, smaller ranges, UNLINK for big keys).")));
}

} // namespace

namespace ServerChecks {

double forkRate(qint64 usedMemory, qint64 forkMicros)
{
    if (forkMicros <= 0)
        return 0;
    return double(usedMemory) * 1000000.0 / double(forkMicros) / (1024.0 * 1024.0 * 1024.0);
}

QString forkQuality(double gbPerSecond)
{
    // latency.c: < 10 terrible, < 25 poor, < 100 good, else excellent.
    if (gbPerSecond < 10)
        return QStringLiteral("terrible");
    if (gbPerSecond < 25)
        return QStringLiteral("poor");
    if (gbPerSecond < 100)
        return QStringLiteral("good");
    return QStringLiteral("excellent");
}

FindingList run(const ServerFacts &facts)
{
    FindingList out;
    checkPersistence(facts, &out);
    checkFork(facts, &out);
    checkMemory(facts, &out);
    checkReplication(facts, &out);
    checkAclLog(facts, &out);
    checkSlowlog(facts, &out);
    return out;
}

} // namespace ServerChecks
