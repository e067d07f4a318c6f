#include "SwitchoverSubject.h"

#include "NodeClients.h"
#include "PauseHistory.h"
#include "ReplicationSteps.h"
#include "StepContext.h"

#include <QJsonArray>

#include <memory>

namespace {

constexpr int kVersion40 = 0x040000;
constexpr int kVersion62 = 0x060200;
constexpr int kConnectTimeoutMs = 3000;

QString versionText(int v)
{
    return v == 0 ? QStringLiteral("unknown") : QStringLiteral("%1.%2").arg(v >> 16).arg((v >> 8) & 0xff);
}

struct Checks
{
    Plan *plan;
    bool allOk = true;
    bool add(bool ok, const QString &text, const QString &detail = {})
    {
        // The detail says why a check failed; on a passing check it would read as a warning.
        plan->preconditions.append({text, ok, ok ? QString() : detail});
        allOk = allOk && ok;
        return ok;
    }
};

} // namespace

QStringList SwitchoverSubject::changed() const
{
    return QStringList{master, candidate} + others;
}

SwitchoverSubject SwitchoverSubject::analyse(const Topology &topology, const QString &candidateAddress,
                                             const SwitchoverOptions &options, Plan *plan)
{
    SwitchoverSubject s;
    plan->operation = QStringLiteral("promote");
    plan->strategy = SwitchoverOptions::strategyName(options.strategy);
    Checks checks{plan};

    const TopologyNode *cand = topology.node(candidateAddress);
    s.candidate = cand ? cand->address : candidateAddress;
    plan->title = QStringLiteral("Promote %1 (%2)").arg(s.candidate, plan->strategy);
    if (!checks.add(cand && !cand->placeholder, QStringLiteral("%1 is a known node").arg(candidateAddress),
                    cand ? QStringLiteral("only named by its replicas, never reached") : QStringLiteral("not in the topology")))
        return s;
    if (!checks.add(cand->isUp(), QStringLiteral("%1 answers").arg(s.candidate),
                    cand->error.isEmpty() ? Topology::reachabilityName(cand->reachability) : cand->error))
        return s;
    if (cand->role == NodeSnapshot::Role::Sentinel) {
        checks.add(false, QStringLiteral("%1 is a replica").arg(s.candidate), QStringLiteral("it is a sentinel, not a data node"));
        return s;
    }
    if (cand->role == NodeSnapshot::Role::Master) {
        checks.add(false, QStringLiteral("%1 is a replica").arg(s.candidate), QStringLiteral("it is a master already"));
        return s;
    }
    if (!checks.add(cand->role == NodeSnapshot::Role::Replica, QStringLiteral("%1 is a replica").arg(s.candidate),
                    QStringLiteral("role %1").arg(NodeSnapshot::roleName(cand->role))))
        return s;

    s.reportedMaster = ReplicationSteps::masterOf(cand->snapshot);
    const TopologyNode *master = topology.node(cand->masterAddress);
    s.master = master ? master->address : cand->masterAddress;
    plan->group = s.master;
    if (!checks.add(master && !master->placeholder && master->isUp(),
                    QStringLiteral("its master %1 is known and answers").arg(s.master),
                    master ? QStringLiteral("unreachable: %1").arg(master->error) : QStringLiteral("unknown")))
        return s;
    if (master->role == NodeSnapshot::Role::Replica) {
        checks.add(false, QStringLiteral("%1 replicates from the group's master").arg(s.candidate),
                   QStringLiteral("it is chained below %1, itself a replica: promote %1 first, or the candidate "
                                  "would take its siblings along").arg(s.master));
        return s;
    }
    if (!checks.add(master->role == NodeSnapshot::Role::Master, QStringLiteral("%1 is a master").arg(s.master),
                    QStringLiteral("role %1").arg(NodeSnapshot::roleName(master->role))))
        return s;

    const NodeSnapshot &cs = cand->snapshot;
    const NodeSnapshot &ms = master->snapshot;
    const TopologyEdge *edge = topology.edgeTo(s.candidate);
    const bool linkUp = cs.masterLinkStatus == QLatin1String("up") || (cs.masterLinkStatus.isEmpty() && edge && edge->linkUp);
    checks.add(linkUp, QStringLiteral("the link from %1 to %2 is up").arg(s.candidate, s.master),
               cs.masterLinkDownSinceSeconds ? QStringLiteral("down for %1 s").arg(*cs.masterLinkDownSinceSeconds)
                                             : QStringLiteral("master_link_status %1").arg(cs.masterLinkStatus));
    checks.add(!cs.masterSyncInProgress && !(edge && edge->syncInProgress),
               QStringLiteral("%1 is not in a full sync").arg(s.candidate), QStringLiteral("a full sync is in progress"));
    checks.add(cs.replicaPriority.value_or(100) != 0, QStringLiteral("%1 may be promoted").arg(s.candidate),
               QStringLiteral("replica-priority is 0 (never promote)"));

    // Split brain: another master of this group claims the same data.
    QStringList rivals;
    for (const Anomaly &a : topology.anomalies) {
        if (a.kind == QLatin1String("split_brain") && (a.nodes.contains(s.master) || a.nodes.contains(s.candidate)))
            rivals = a.nodes;
    }
    checks.add(rivals.isEmpty(), QStringLiteral("no other master claims the group"),
               QStringLiteral("split brain between %1: resolve it first").arg(rivals.join(QStringLiteral(", "))));

    s.masterVersion = ms.versionNumber();
    s.masterReplicas = ms.connectedReplicas;
    if (options.strategy == SwitchoverOptions::Strategy::FailoverCommand) {
        checks.add(s.masterVersion >= kVersion62, QStringLiteral("%1 supports FAILOVER (Redis 6.2+)").arg(s.master),
                   QStringLiteral("version %1").arg(ms.version.isEmpty() ? QStringLiteral("unknown") : ms.version));
    }
    s.legacyPause = options.legacyPause || (s.masterVersion != 0 && s.masterVersion < kVersion62);

    // The candidate as the master lists it: FAILOVER TO must name it exactly so.
    const auto [candHost, candPort] = NodeClients::splitAddress(s.candidate);
    s.failoverHost = candHost;
    s.failoverPort = candPort;
    bool exact = false;
    for (const ReplicaEntry &r : ms.replicas)
        exact = exact || (r.port == candPort && r.ip == candHost);
    for (const ReplicaEntry &r : ms.replicas) {
        if (!exact && r.port == candPort) {
            s.failoverHost = r.ip;
            break;
        }
    }

    const TopologyGroup *group = topology.groupOf(s.master);
    if (group) {
        s.sentinels = group->sentinels;
        for (const QString &n : group->nodes) {
            const TopologyNode *node = topology.node(n);
            if (!node || node->address == s.master || node->address == s.candidate
                || node->role == NodeSnapshot::Role::Sentinel)
                continue;
            if (node->masterAddress == s.master || topology.node(node->masterAddress) == master)
                s.others.append(node->address);
            else
                s.chained.append(node->address);
        }
    }
    plan->nodes = QStringList{s.master, s.candidate} + s.others + s.chained;

    // Risks and facts for the review.
    const qint64 lagBytes = edge && edge->lagBytes ? *edge->lagBytes : 0;
    const qint64 lagSeconds = edge && edge->lagSeconds ? *edge->lagSeconds : 0;
    if (lagBytes > 0)
        plan->risks.append(QStringLiteral("%1 is %2 bytes behind %3 now: writes stay paused until it has caught up "
                                          "(at most %4 ms, else the switchover is abandoned)")
                               .arg(s.candidate).arg(lagBytes).arg(s.master).arg(options.timeoutMs));
    const QList<qint64> past = options.pastPausesMs.value(plan->strategy);
    const QString measured = past.isEmpty() ? QString()
        : QStringLiteral("; measured on this group, the last %1 run(s) of this strategy paused writes %2")
              .arg(past.size()).arg(PauseHistory::describe(past));
    if (options.strategy == SwitchoverOptions::Strategy::FailoverCommand)
        plan->risks.append(QStringLiteral("FAILOVER waits for the replica to acknowledge the master's offset: writes on %1 "
                                          "stall from a few milliseconds (nothing unacknowledged) up to about a second (the "
                                          "replica acknowledges once a second)%2").arg(s.master, measured));
    else if (s.legacyPause)
        plan->risks.append(QStringLiteral("%1 pauses all clients (reads too) and refuses writes with NOREPLICAS until it is "
                                          "a replica (pre-6.2 pause)%2").arg(s.master, measured));
    else
        plan->risks.append(QStringLiteral("writes on %1 wait during the handover (typically a few milliseconds)%2")
                               .arg(s.master, measured));
    for (const QString &n : QStringList{s.master} + s.others) {
        const TopologyNode *node = topology.node(n);
        if (node && node->snapshot.versionNumber() != 0 && node->snapshot.versionNumber() < kVersion40)
            plan->risks.append(QStringLiteral("%1 runs Redis before 4.0 and will need a full resync").arg(n));
    }
    if (!s.chained.isEmpty())
        plan->risks.append(QStringLiteral("%1 stay below their parent replica and follow it").arg(s.chained.join(QStringLiteral(", "))));
    if (!s.sentinels.isEmpty() && options.strategy != SwitchoverOptions::Strategy::Sentinel)
        plan->risks.append(QStringLiteral("sentinels (%1) watch this group and may undo a change they did not make")
                               .arg(s.sentinels.join(QStringLiteral(", "))));

    plan->facts.insert(QStringLiteral("lag_bytes"), lagBytes);
    plan->facts.insert(QStringLiteral("lag_seconds"), lagSeconds);
    plan->facts.insert(QStringLiteral("replicas"), int(s.others.size() + s.chained.size() + 1));
    plan->facts.insert(QStringLiteral("master_version"), ms.version.isEmpty() ? versionText(s.masterVersion) : ms.version);
    plan->facts.insert(QStringLiteral("pause_mode"), s.legacyPause ? QStringLiteral("all") : QStringLiteral("write"));
    plan->facts.insert(QStringLiteral("timeout_ms"), options.timeoutMs);
    plan->facts.insert(QStringLiteral("repointed"), QJsonArray::fromStringList(s.others));
    plan->facts.insert(QStringLiteral("chained"), QJsonArray::fromStringList(s.chained));

    s.usable = checks.allOk;
    return s;
}

PlanStep SwitchoverSubject::preflight(bool failoverCommand) const
{
    PlanStep step;
    step.id = QStringLiteral("preflight");
    step.title = QStringLiteral("Connect to every node of the group and check %1 and %2 again").arg(master, candidate);
    const QStringList nodes = QStringList{master, candidate} + others + chained;
    for (const QString &n : nodes)
        step.commands.append(n + QStringLiteral(": connect"));
    step.commands.append(master + QStringLiteral(": INFO"));
    step.commands.append(candidate + QStringLiteral(": INFO"));
    const SwitchoverSubject self = *this;
    step.run = [self, nodes, failoverCommand](StepContext &ctx) {
        ctx.clients().connectAll(nodes, kConnectTimeoutMs, ctx.guard(), [&ctx, self, failoverCommand](const QHash<QString, NetError> &failures) {
            for (const QString &n : {self.master, self.candidate}) {
                if (failures.contains(n)) {
                    ctx.fail(QStringLiteral("cannot reach %1: %2").arg(n, failures.value(n).message));
                    return;
                }
            }
            QStringList unreachable = failures.keys();
            unreachable.sort();
            struct Seen
            {
                NodeSnapshot master, candidate;
                QString error;
                int pending = 2;
            };
            auto seen = std::make_shared<Seen>();
            auto check = [&ctx, self, failoverCommand, seen, unreachable] {
                if (--seen->pending > 0)
                    return;
                if (!seen->error.isEmpty()) {
                    ctx.fail(seen->error);
                    return;
                }
                const NodeSnapshot &m = seen->master;
                const NodeSnapshot &c = seen->candidate;
                QString problem;
                if (m.role != NodeSnapshot::Role::Master)
                    problem = QStringLiteral("%1 is no longer a master").arg(self.master);
                else if (!m.masterFailoverState.isEmpty() && m.masterFailoverState != QLatin1String("no-failover"))
                    problem = QStringLiteral("%1 is already failing over (%2)").arg(self.master, m.masterFailoverState);
                else if (failoverCommand && m.versionNumber() < kVersion62)
                    problem = QStringLiteral("%1 runs %2: FAILOVER needs Redis 6.2+").arg(self.master, m.version);
                else if (c.role != NodeSnapshot::Role::Replica
                         || NodeClients::splitAddress(ReplicationSteps::masterOf(c)) != NodeClients::splitAddress(self.reportedMaster))
                    problem = QStringLiteral("%1 is no longer a replica of %2").arg(self.candidate, self.master);
                else if (c.masterLinkStatus != QLatin1String("up"))
                    problem = QStringLiteral("the link from %1 to %2 is down").arg(self.candidate, self.master);
                else if (c.masterSyncInProgress)
                    problem = QStringLiteral("%1 is in a full sync").arg(self.candidate);
                else if (c.replicaPriority.value_or(100) == 0)
                    problem = QStringLiteral("%1 has replica-priority 0").arg(self.candidate);
                if (!problem.isEmpty()) {
                    ctx.fail(problem);
                    return;
                }
                ctx.shared().insert(QStringLiteral("candidate_sync_full"), c.syncFull);
                const qint64 behind = qMax<qint64>(0, m.masterReplOffset - ReplicationSteps::appliedOffset(c));
                QJsonObject details{{QStringLiteral("lag_bytes"), behind},
                                    {QStringLiteral("candidate_sync_full"), c.syncFull}};
                QString message = QStringLiteral("%1 nodes connected; %2 is %3 bytes behind")
                                      .arg(self.changed().size() + self.chained.size() - unreachable.size())
                                      .arg(self.candidate).arg(behind);
                if (!unreachable.isEmpty()) {
                    message += QStringLiteral("; not reachable (will not follow): ") + unreachable.join(QStringLiteral(", "));
                    details.insert(QStringLiteral("unreachable"), QJsonArray::fromStringList(unreachable));
                }
                ctx.succeed(message, details);
            };
            ReplicationSteps::fetchInfo(ctx, self.master, QByteArray(), [seen, check, self](bool ok, const NodeSnapshot &snap, const QString &error) {
                if (!ok)
                    seen->error = QStringLiteral("cannot read INFO from %1: %2").arg(self.master, error);
                seen->master = snap;
                check();
            });
            ReplicationSteps::fetchInfo(ctx, self.candidate, QByteArray(), [seen, check, self](bool ok, const NodeSnapshot &snap, const QString &error) {
                if (!ok)
                    seen->error = QStringLiteral("cannot read INFO from %1: %2").arg(self.candidate, error);
                seen->candidate = snap;
                check();
            });
        });
    };
    return step;
}
