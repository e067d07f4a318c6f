#include "MigratePlanner.h"

#include "MigrateLinkStep.h"
#include "MigrateVerifySteps.h"

#include "ops/CoordinatedSwitchover.h"
#include "ops/NodeClients.h"
#include "ops/PauseSteps.h"
#include "ops/ReplicationSteps.h"
#include "setup/SetupRules.h"
#include "setup/SetupSteps.h"
#include "setup/SetupSyncWait.h"

#include <QJsonArray>

namespace {

using MigrateChange = SetupSteps::ConfigChange;

// The writes that pile up in the source's buffer for the target during the transfer and the
// load, doubled; the backlog covering a minute of writes.
qint64 bufferNeeded(qint64 rate, qint64 dataset)
{
    return rate * (2 * SetupRules::fullSyncSeconds(dataset) + 10) * 2;
}

constexpr int kBacklogSeconds = 60;
// The lag at which the target counts as caught up before the pause (or 50 ms of writes).
constexpr qint64 kSettledLagBytes = 64 * 1024;

bool limitTooSmall(qint64 limit, qint64 needed)
{
    return limit != 0 && limit < needed;
}

int versionNumber(const SetupNodeFacts *n)
{
    const QStringList p = n ? n->version.split(QLatin1Char('.')) : QStringList();
    return p.size() >= 2 ? p.at(0).toInt() * 100 + p.at(1).toInt() : 0;
}


void addNodeChecks(Plan &plan, const MigrateFacts &facts, const MigrateOptions &options)
{
    const SetupNodeFacts *s = facts.setup.node(options.source);
    const SetupNodeFacts *t = facts.setup.node(options.target);
    QStringList failures;
    for (const SetupNodeFacts *n : {s, t}) {
        if (n && !n->answered)
            failures.append(n->address + QStringLiteral(": ") + n->error);
    }
    plan.preconditions.append(Precondition::of(QStringLiteral("Source and target answer"), s && t && failures.isEmpty(),
                                           failures.isEmpty() && s && t
                                               ? QStringLiteral("%1 Redis %2, %3 Redis %4").arg(s->address, s->version, t->address, t->version)
                                               : failures.join(QStringLiteral("; "))));
    plan.preconditions.append(Precondition::of(QStringLiteral("Source and target are different nodes"),
                                           NodeClients::splitAddress(options.source) != NodeClients::splitAddress(options.target)
                                               && (!s || !t || s->runId.isEmpty() || s->runId != t->runId),
                                           QStringLiteral("%1, %2").arg(options.source, options.target)));
    if (!s || !t || !s->answered || !t->answered)
        return;
    plan.preconditions.append(Precondition::of(QStringLiteral("The source is a master"), s->role == QLatin1String("master"),
                                           QStringLiteral("role %1").arg(s->role)));
    const bool followsOther = t->role == QLatin1String("replica")
        && NodeClients::splitAddress(t->masterAddress) != NodeClients::splitAddress(options.source);
    plan.preconditions.append(Precondition::of(QStringLiteral("The target does not replicate from another master"), !followsOther,
                                           followsOther ? QStringLiteral("replica of %1: detach it first").arg(t->masterAddress)
                                                        : QStringLiteral("role %1").arg(t->role)));
    plan.preconditions.append(Precondition::of(QStringLiteral("The target holds no data (REPLICAOF replaces it with the source's)"),
                                           t->keys == 0 || options.discardTargetData,
                                           t->keys == 0 ? QStringLiteral("0 keys")
                                                        : QStringLiteral("%1 keys%2").arg(t->keys).arg(options.discardTargetData
                                                                ? QStringLiteral(", to be discarded as confirmed")
                                                                : QStringLiteral("; --discard-target-data (typed confirmation in the wizard) to replace them"))));
    const int sf = SetupRules::rdbFormat(s->version);
    const int tf = SetupRules::rdbFormat(t->version);
    const bool older = (sf && tf) ? tf < sf : SetupRules::compareVersions(t->version, s->version) < 0;
    plan.preconditions.append(Precondition::of(QStringLiteral("The target can load the source's snapshot (RDB format)"), !older,
                                           QStringLiteral("target Redis %1 reads RDB %2, source Redis %3 writes RDB %4")
                                               .arg(t->version).arg(tf).arg(s->version).arg(sf)));
}

void addCapacityChecks(Plan &plan, const MigrateFacts &facts, const MigrateOptions &options)
{
    const SetupNodeFacts *s = facts.setup.node(options.source);
    const SetupNodeFacts *t = facts.setup.node(options.target);
    if (!s || !t || !s->answered || !t->answered)
        return;
    int highest = -1;
    for (const auto &db : facts.source.dbKeys)
        highest = qMax(highest, db.first);
    plan.preconditions.append(Precondition::of(QStringLiteral("The target has every db the source uses"), highest < facts.target.databases,
                                           QStringLiteral("highest db in use %1, target databases %2").arg(highest).arg(facts.target.databases)));
    const qint64 used = s->usedMemory;
    const qint64 wanted = used + used / 10;
    const qint64 maxmemory = facts.target.maxmemory;
    plan.preconditions.append(Precondition::of(QStringLiteral("The target's maxmemory holds the dataset (1.1 x the source's used memory)"),
                                           maxmemory == 0 || maxmemory >= wanted,
                                           QStringLiteral("source used_memory %1, target maxmemory %2")
                                               .arg(SetupRules::bytes(used), maxmemory == 0 ? QStringLiteral("0 (no limit)") : SetupRules::bytes(maxmemory))));
    if (maxmemory > 0)
        plan.risks.append(QStringLiteral("A replica ignores maxmemory while it syncs (replica-ignore-maxmemory); once promoted, %1 enforces "
                                         "maxmemory %2 with policy %3: writes beyond it are evicted or refused")
                              .arg(options.target, SetupRules::bytes(maxmemory), facts.target.maxmemoryPolicy));
    if (facts.target.hostAvailableBytes >= 0)
        plan.preconditions.append(Precondition::of(QStringLiteral("The target's host has the memory for the dataset"),
                                               facts.target.hostAvailableBytes >= wanted,
                                               QStringLiteral("%1 available, %2 needed").arg(SetupRules::bytes(facts.target.hostAvailableBytes),
                                                                                             SetupRules::bytes(wanted))));
    // A disk-based load writes the copy to a temporary RDB first. (Loading from the socket,
    // repl-diskless-load on-empty-db, measured slower to catch up under a writer: not changed.)
    if (facts.target.diskAvailableBytes >= 0 && !facts.target.disklessLoad)
        plan.preconditions.append(Precondition::of(QStringLiteral("The target's disk holds the temporary snapshot (disk-based load)"),
                                               facts.target.diskAvailableBytes >= used,
                                               QStringLiteral("%1 free in %2, up to %3 needed").arg(SetupRules::bytes(facts.target.diskAvailableBytes),
                                                                                                   facts.target.dir, SetupRules::bytes(used))));
}

void addAccessChecks(Plan &plan, const MigrateFacts &facts, const MigrateOptions &options)
{
    const SetupNodeFacts *s = facts.setup.node(options.source);
    const SetupNodeFacts *t = facts.setup.node(options.target);
    if (!s || !t || !s->answered || !t->answered)
        return;
    QStringList missing;
    for (const SetupNodeFacts *n : {s, t}) {
        QStringList needed = n->missingCommands;
        needed.removeAll(QStringLiteral("ACL"));
        needed.append((n == s ? facts.source : facts.target).missingCommands);
        if (!needed.isEmpty())
            missing.append(QStringLiteral("%1: %2").arg(n->address, needed.join(QStringLiteral(", "))));
    }
    plan.preconditions.append(Precondition::of(QStringLiteral("The commands migration needs are available (CONFIG, REPLICAOF, PSYNC, REPLCONF, DUMP, CLIENT)"),
                                           missing.isEmpty(), missing.isEmpty() ? QStringLiteral("none renamed or disabled")
                                                                                : QStringLiteral("renamed or disabled: ") + missing.join(QStringLiteral("; "))));
    const QString problem = SetupRules::bindProblem(*s, {options.target});
    plan.preconditions.append(Precondition::of(QStringLiteral("The source admits the target's connection"), problem.isEmpty(),
                                           problem.isEmpty() ? QStringLiteral("bind '%1', protected-mode %2")
                                                                   .arg(QString::fromUtf8(s->config.value("bind")),
                                                                        QString::fromUtf8(s->config.value("protected-mode")))
                                                             : problem));
    const bool needsAuth = !s->config.value("requirepass").isEmpty() || !options.sourceUser.isEmpty();
    plan.preconditions.append(Precondition::of(QStringLiteral("The target can authenticate to the source"),
                                           !needsAuth || !options.sourcePassword.isEmpty(),
                                           !needsAuth ? QStringLiteral("the source has no password")
                                           : options.sourcePassword.isEmpty() ? QStringLiteral("the source needs a password and the connection has none")
                                                                              : QStringLiteral("masterauth%1 from the source connection (hidden)")
                                                                                    .arg(options.sourceUser.isEmpty() ? QString() : QStringLiteral(" + masteruser ") + options.sourceUser)));
    if (options.sourceTls)
        plan.preconditions.append(Precondition::of(QStringLiteral("The target can replicate over TLS (the source's port speaks TLS)"),
                                                   facts.target.tlsClientReady,
                                                   facts.target.tlsClientReady ? QStringLiteral("tls-ca-cert-file/dir set; tls-replication %1")
                                                                                     .arg(facts.target.tlsReplication ? QStringLiteral("yes") : QStringLiteral("set to yes"))
                                                                               : QStringLiteral("no tls-ca-cert-file or tls-ca-cert-dir on the target")));
    if (options.targetTls)
        plan.preconditions.append(Precondition::of(QStringLiteral("The source can follow the target over TLS after the cutover"),
                                                   facts.source.tlsClientReady,
                                                   facts.source.tlsClientReady ? QStringLiteral("tls-ca-cert-file/dir set on the source")
                                                                               : QStringLiteral("no tls-ca-cert-file or tls-ca-cert-dir on the source")));
    const QStringList &sentinels = facts.source.sentinels;
    plan.preconditions.append(Precondition::of(QStringLiteral("No Sentinel watches the source (it would fight the change)"), sentinels.isEmpty(),
                                           sentinels.isEmpty() ? QStringLiteral("no sentinel connection in CLIENT LIST")
                                                               : QStringLiteral("Sentinel connected from %1: on each sentinel run SENTINEL REMOVE <name>, "
                                                                                "migrate, then SENTINEL MONITOR <name> %2 <quorum> (and its auth-pass)")
                                                                     .arg(sentinels.join(QStringLiteral(", ")), QString(options.target).replace(QLatin1Char(':'), QLatin1Char(' ')))));
}

QJsonArray clientsJson(const QList<MigrateClient> &clients)
{
    QJsonArray list;
    for (const MigrateClient &c : clients)
        list.append(QJsonObject{{QStringLiteral("address"), c.address}, {QStringLiteral("name"), c.name},
                                {QStringLiteral("lib_name"), c.libName}, {QStringLiteral("command"), c.command}});
    return list;
}

} // namespace

Plan MigratePlanner::build(const MigrateFacts &facts, const MigrateOptions &options)
{
    Plan plan;
    plan.operation = QStringLiteral("migrate");
    plan.strategy = QStringLiteral("coordinated");
    plan.group = options.source;
    plan.title = QStringLiteral("Migrate %1 to %2").arg(options.source, options.target);
    plan.nodes = QStringList{options.source, options.target};
    if (options.repointReplicas)
        plan.nodes += facts.source.replicas;

    addNodeChecks(plan, facts, options);
    addCapacityChecks(plan, facts, options);
    addAccessChecks(plan, facts, options);

    const SetupNodeFacts *s = facts.setup.node(options.source);
    const qint64 rate = s ? s->writeBytesPerSecond : 0;
    const qint64 dataset = s ? s->usedMemory : 0;
    qint64 keys = 0;
    for (const auto &db : facts.source.dbKeys)
        keys += db.second;
    QJsonArray dbs;
    for (const auto &db : facts.source.dbKeys)
        dbs.append(QJsonObject{{QStringLiteral("db"), db.first}, {QStringLiteral("keys"), db.second}});
    plan.facts.insert(QStringLiteral("dataset_bytes"), dataset);
    plan.facts.insert(QStringLiteral("write_bytes_per_second"), rate);
    plan.facts.insert(QStringLiteral("keys"), keys);
    plan.facts.insert(QStringLiteral("dbs"), dbs);
    plan.facts.insert(QStringLiteral("clients"), clientsJson(facts.source.clients));
    plan.facts.insert(QStringLiteral("estimated_sync_seconds"), SetupRules::fullSyncSeconds(dataset));
    plan.facts.insert(QStringLiteral("verify"), MigrateOptions::verifyName(options.verify));

    // What the source needs for the duration: room for the writes during the transfer, a
    // backlog for a minute of them, and masterauth for after the cutover.
    QList<MigrateChange> raise;
    QList<MigrateChange> restore;
    const qint64 buffer = bufferNeeded(rate, dataset);
    const MigrateNodeFacts &src = facts.source;
    if (limitTooSmall(src.replicaHardBytes, buffer) || limitTooSmall(src.replicaSoftBytes, buffer)) {
        const qint64 hard = src.replicaHardBytes == 0 ? 0 : qMax(src.replicaHardBytes, buffer);
        const qint64 soft = src.replicaSoftBytes == 0 ? 0 : qMax(src.replicaSoftBytes, buffer);
        raise.append(MigrateChange{"client-output-buffer-limit",
                                   QStringLiteral("replica %1 %2 %3").arg(hard).arg(soft).arg(src.replicaSoftSeconds).toUtf8(), false});
        restore.append(MigrateChange{"client-output-buffer-limit", src.replicaBufferLimit.toUtf8(), false});
        plan.risks.append(QStringLiteral("client-output-buffer-limit %1 on %2 is too small for %3/s of writes during a transfer of about "
                                         "%4 s: raised to %5 for the migration (the sync would restart forever), restored after")
                              .arg(src.replicaBufferLimit, options.source, SetupRules::bytes(rate))
                              .arg(SetupRules::fullSyncSeconds(dataset)).arg(SetupRules::bytes(buffer)));
    }
    const qint64 backlog = rate * kBacklogSeconds;
    if (src.backlogBytes > 0 && src.backlogBytes < backlog) {
        raise.append(MigrateChange{"repl-backlog-size", QByteArray::number(backlog), false});
        restore.append(MigrateChange{"repl-backlog-size", QByteArray::number(src.backlogBytes), false});
        plan.risks.append(QStringLiteral("repl-backlog-size %1 on %2 holds less than %3 s of writes (%4/s): raised to %5 for the migration, restored after")
                              .arg(SetupRules::bytes(src.backlogBytes), options.source).arg(kBacklogSeconds)
                              .arg(SetupRules::bytes(rate), SetupRules::bytes(backlog)));
    }
    if (!options.targetPassword.isEmpty()) {
        raise.append(MigrateChange{"masterauth", options.targetPassword.toUtf8(), true});
        if (!options.targetUser.isEmpty() && options.targetUser != QLatin1String("default"))
            raise.append(MigrateChange{"masteruser", options.targetUser.toUtf8(), false});
    }
    if (options.targetTls && !facts.source.tlsReplication)
        raise.append(MigrateChange{"tls-replication", "yes", false});
    const SetupNodeFacts *t = facts.setup.node(options.target);
    if (t && t->keys > 0)
        plan.risks.append(QStringLiteral("%1 holds %2 keys: REPLICAOF discards them, and an abort does not bring them back").arg(options.target).arg(t->keys));
    if (!facts.source.clients.isEmpty()) {
        QStringList who;
        for (const MigrateClient &c : facts.source.clients.mid(0, 10))
            who.append(c.name.isEmpty() ? c.address : QStringLiteral("%1 (%2)").arg(c.address, c.name));
        plan.risks.append(QStringLiteral("%1 client(s) are connected to %2 (%3%4): after the cutover their writes get READONLY until "
                                         "they are repointed to %5")
                              .arg(facts.source.clients.size()).arg(options.source, who.join(QStringLiteral(", ")),
                                   facts.source.clients.size() > 10 ? QStringLiteral(", …") : QString(), options.target));
    }
    if (!options.repointReplicas && !facts.source.replicas.isEmpty())
        plan.risks.append(QStringLiteral("The source's replicas (%1) stay chained under %2, which becomes %3's replica")
                              .arg(facts.source.replicas.join(QStringLiteral(", ")), options.source, options.target));
    for (const Precondition &p : std::as_const(plan.preconditions)) {
        if (!p.ok)
            return plan;
    }

    // Before the sync: credentials and limits (undone on abort).
    QList<MigrateChange> prepare;
    QStringList why;
    if (!options.sourcePassword.isEmpty()) {
        prepare.append(MigrateChange{"masterauth", options.sourcePassword.toUtf8(), true});
        if (!options.sourceUser.isEmpty() && options.sourceUser != QLatin1String("default"))
            prepare.append(MigrateChange{"masteruser", options.sourceUser.toUtf8(), false});
        why.append(QStringLiteral("masterauth from the source connection"));
    }
    if (options.sourceTls && !facts.target.tlsReplication) {
        prepare.append(MigrateChange{"tls-replication", "yes", false});
        why.append(QStringLiteral("TLS to the source"));
    }
    if (!prepare.isEmpty())
        plan.steps.append(SetupSteps::configSet(QStringLiteral("prepare-") + options.target,
                                                QStringLiteral("Prepare %1 to sync from %2: %3")
                                                    .arg(options.target, options.source, why.join(QStringLiteral("; "))),
                                                options.target, prepare));
    if (!raise.isEmpty())
        plan.steps.append(SetupSteps::configSet(QStringLiteral("raise-") + options.source,
                                                QStringLiteral("Settings on %1 for the migration (limits restored after; masterauth and tls-replication "
                                                               "to follow %2 afterwards)").arg(options.source, options.target), options.source, raise));
    PlanStep attach = SetupSteps::replicaOf(options.target, options.source);
    if (options.onAbort == MigrateOptions::OnAbort::KeepReplica) {
        attach.compensate = nullptr;
        attach.compensateTitle.clear();
        attach.compensateCommands.clear();
    }
    plan.steps.append(attach);
    plan.steps.append(MigrateLinkStep::link(options.target, options.source, options.linkTimeoutMs, facts.source.errorCounts));
    plan.steps.append(SetupSteps::waitSyncs({options.target}, options.source, options.syncTimeoutMs));
    // What piled up during the load is applied before anything is compared or paused.
    plan.steps.append(MigrateLinkStep::settle(options.target, options.source, qMax<qint64>(kSettledLagBytes, rate / 20),
                                              options.syncTimeoutMs));
    auto session = MigrateVerifySteps::newSession();
    if (options.verify != MigrateOptions::Verify::None)
        plan.steps.append(MigrateVerifySteps::verifyData(options.source, options.target, options, facts.source.dbKeys, session));

    // The cutover: the coordinated switchover's pause, catch-up, promote and demote.
    const bool legacy = versionNumber(s) < 602;
    const int pauseMs = legacy ? CoordinatedSwitchover::kLegacyPauseMs : options.catchUpTimeoutMs + CoordinatedSwitchover::kPauseMarginMs;
    plan.facts.insert(QStringLiteral("pause_ms"), pauseMs);
    plan.steps.append(PauseSteps::pauseWrites(options.source, pauseMs, int(facts.source.replicas.size()) + 1, legacy));
    plan.steps.append(PauseSteps::waitCatchUp(options.target, options.source, options.catchUpTimeoutMs));
    plan.steps.append(MigrateVerifySteps::verifyFrozen(options.source, options.target, session));
    plan.steps.append(CoordinatedSwitchover::promote(options.target, options.source));
    plan.steps.append(PauseSteps::demoteAndUnpause(options.source, options.target, legacy));
    QStringList followers{options.source};
    if (options.repointReplicas && !facts.source.replicas.isEmpty()) {
        plan.steps.append(ReplicationSteps::repoint(QStringLiteral("repoint"), facts.source.replicas, options.target));
        followers += facts.source.replicas;
    }
    plan.steps.append(ReplicationSteps::verifyFollowers(options.target, followers, ReplicationSteps::kVerifyTimeoutMs));
    if (!restore.isEmpty()) {
        PlanStep back = SetupSteps::configSet(QStringLiteral("restore-") + options.source,
                                              QStringLiteral("Restore %1's settings raised for the migration").arg(options.source),
                                              options.source, restore);
        back.onFailure = PlanStep::OnFailure::Continue;
        plan.steps.append(back);
    }
    plan.steps.append(ReplicationSteps::persist(QStringList{options.target} + followers));
    return plan;
}
