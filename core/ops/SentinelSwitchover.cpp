#include "SentinelSwitchover.h"

#include "PauseSteps.h"
#include "ReplicationSteps.h"
#include "SentinelSteps.h"

#include <QJsonArray>

namespace {

// Sentinel runs its failover state machine on a 100 ms timer; from SENTINEL FAILOVER to the
// candidate answering as master took 0.2-0.5 s on loopback (measured). The pause allows this
// much on top of the catch-up before it would expire by itself.
constexpr int kPromotionBudgetMs = 3000;
// Sentinel reads each replica's INFO every 10 s (SENTINEL DEBUG info-period): the wait for
// it to see the new priorities must allow one period and some.
constexpr int kPrioritySeenTimeoutMs = 15000;

QString lagText(const TopologyEdge *edge)
{
    if (!edge || !edge->lagBytes)
        return QStringLiteral("unknown");
    return QStringLiteral("%1 bytes").arg(*edge->lagBytes);
}

} // namespace

Plan SentinelSwitchover::build(const Topology &topology, const QString &candidateArg, const SwitchoverOptions &options)
{
    Plan p;
    p.operation = QStringLiteral("promote");
    p.strategy = QStringLiteral("sentinel");
    p.title = QStringLiteral("Promote %1 (through Sentinel)").arg(candidateArg);
    auto check = [&p](const QString &text, bool ok, const QString &detail = {}) {
        p.preconditions.append({text, ok, ok ? QString() : detail});
        return ok;
    };

    const TopologyNode *cand = topology.node(candidateArg);
    if (!check(QStringLiteral("The candidate is a known node"), cand != nullptr,
               QStringLiteral("%1 is not in the topology").arg(candidateArg)))
        return p;
    const QString candidate = cand->address;
    p.title = QStringLiteral("Promote %1 (through Sentinel)").arg(candidate);
    check(QStringLiteral("The candidate answers"), cand->isUp(),
          QStringLiteral("%1 is %2").arg(candidate, Topology::reachabilityName(cand->reachability)));
    const bool isReplica = cand->role == NodeSnapshot::Role::Replica;
    if (!check(QStringLiteral("The candidate is a replica"), isReplica,
               QStringLiteral("%1 is a %2").arg(candidate, NodeSnapshot::roleName(cand->role))))
        return p;

    const TopologyGroup *group = topology.groupOf(candidate);
    const TopologyNode *master = topology.node(cand->masterAddress);
    if (!check(QStringLiteral("The candidate's master is known, answers and is a master"),
               group && master && master->isUp() && master->role == NodeSnapshot::Role::Master,
               QStringLiteral("%1 is %2").arg(cand->masterAddress,
                                              master ? Topology::reachabilityName(master->reachability)
                                                           + QLatin1Char(' ') + NodeSnapshot::roleName(master->role)
                                                     : QStringLiteral("unknown"))))
        return p;
    const QString oldMaster = master->address;
    p.group = group->master;
    check(QStringLiteral("The candidate replicates directly from the group's master"), oldMaster == group->master,
          QStringLiteral("%1 is chained below %2: promote %2 first").arg(candidate, oldMaster));

    const TopologyEdge *edge = topology.edgeTo(candidate);
    const bool linkUp = edge ? edge->linkUp : cand->snapshot.masterLinkStatus == QLatin1String("up");
    const bool syncing = (edge && edge->syncInProgress) || cand->snapshot.masterSyncInProgress;
    check(QStringLiteral("The candidate's link to its master is up and not in a full sync"), linkUp && !syncing,
          syncing ? QStringLiteral("full sync in progress") : QStringLiteral("link down"));
    const int priority = cand->snapshot.replicaPriority.value_or(100);
    check(QStringLiteral("The candidate's replica-priority is not 0"), priority != 0,
          QStringLiteral("%1 has replica-priority 0: Sentinel never promotes it").arg(candidate));

    bool splitBrain = false;
    for (const Anomaly &a : topology.anomalies) {
        if (a.kind == QLatin1String("split_brain")) {
            for (const QString &n : a.nodes)
                splitBrain = splitBrain || group->nodes.contains(n);
        }
    }
    check(QStringLiteral("No other master claims the group"), !splitBrain, QStringLiteral("split brain reported"));

    // Sentinels.
    QStringList reachableSentinels;
    for (const QString &s : group->sentinels) {
        const TopologyNode *n = topology.node(s);
        if (n && n->isUp())
            reachableSentinels.append(s);
    }
    check(QStringLiteral("Sentinels watch the group"), !group->sentinels.isEmpty() && !group->sentinelName.isEmpty(),
          QStringLiteral("no sentinel watches %1: use the coordinated strategy").arg(oldMaster));
    check(QStringLiteral("At least one sentinel of the group answers"), !reachableSentinels.isEmpty(),
          group->sentinels.isEmpty()
              ? QStringLiteral("no sentinel is known")
              : QStringLiteral("none of %1 answers").arg(group->sentinels.join(QStringLiteral(", "))));

    // Every other direct replica is one Sentinel could pick: its priority must go to 0.
    QStringList others;
    QStringList followers{oldMaster};
    QStringList unreachable;
    for (const TopologyEdge *e : topology.edgesFrom(oldMaster)) {
        if (e->replica == candidate)
            continue;
        others.append(e->replica);
        followers.append(e->replica);
        const TopologyNode *n = topology.node(e->replica);
        if (!n || !n->isUp())
            unreachable.append(e->replica);
    }
    check(QStringLiteral("Every other replica of the master answers (its replica-priority is set to 0)"),
          unreachable.isEmpty(),
          QStringLiteral("%1 cannot be reached: Sentinel might promote it instead").arg(unreachable.join(QStringLiteral(", "))));
    for (const TopologyEdge *e : topology.edgesFrom(candidate))
        followers.append(e->replica);

    const bool legacy = options.legacyPause || master->snapshot.versionNumber() < 0x060200;
    const int pauseMs = options.timeoutMs + kPromotionBudgetMs;
    const int slowWaitMs = qMax(10000, 2 * options.timeoutMs);

    QStringList candidateAliases{candidate};
    candidateAliases += cand->aliases;
    QStringList dataNodes;
    for (const QString &n : group->nodes) {
        const TopologyNode *node = topology.node(n);
        if (node && !node->placeholder)
            dataNodes.append(n);
    }
    p.nodes = dataNodes;
    p.timeoutMs = 0;

    // Facts for the review.
    p.facts.insert(QStringLiteral("lag_bytes"), edge && edge->lagBytes ? double(*edge->lagBytes) : -1.0);
    p.facts.insert(QStringLiteral("lag_seconds"), edge && edge->lagSeconds ? double(*edge->lagSeconds) : -1.0);
    p.facts.insert(QStringLiteral("replicas"), int(others.size()) + 1);
    p.facts.insert(QStringLiteral("master_version"), master->snapshot.version);
    p.facts.insert(QStringLiteral("pause_mode"), legacy ? QStringLiteral("all") : QStringLiteral("write"));
    p.facts.insert(QStringLiteral("pause_ms"), pauseMs);
    p.facts.insert(QStringLiteral("sentinel_name"), group->sentinelName);
    p.facts.insert(QStringLiteral("sentinels"), QJsonArray::fromStringList(group->sentinels));
    p.facts.insert(QStringLiteral("sentinels_reachable"), int(reachableSentinels.size()));

    // Risks.
    p.risks.append(QStringLiteral("Lag of %1 now: it must be replicated while writes are paused.").arg(lagText(edge)));
    p.risks.append(QStringLiteral("Writes pause longer than in a coordinated switchover: after the catch-up, Sentinel "
                                  "promotes on its own timer (0.2-0.5 s measured on loopback). The pause is "
                                  "finite (%1 ms) and the sentinels' down-after-milliseconds must be longer.").arg(pauseMs));
    p.risks.append(QStringLiteral("%1 stays paused until Tandem demotes it right after the promotion; if Tandem stops in "
                                  "between, the pause ends by itself and writes it accepts afterwards are lost when "
                                  "Sentinel converts it into a replica.").arg(oldMaster));
    if (!others.isEmpty())
        p.risks.append(QStringLiteral("replica-priority of %1 is 0 during the switchover (restored afterwards); if Tandem "
                                      "stops in between, restore it by hand with CONFIG SET replica-priority.")
                           .arg(others.join(QStringLiteral(", "))));
    p.risks.append(QStringLiteral("Sentinel disconnects the normal clients of the promoted and the repointed replicas "
                                  "(CLIENT KILL TYPE normal): clients reconnect and ask Sentinel for the master."));
    p.risks.append(QStringLiteral("Persistence: Sentinel saves the new roles itself (CONFIG REWRITE in its failover "
                                  "transaction, and its own sentinel.conf); Tandem only saves the demoted old master's."));
    if (group->sentinels.size() != reachableSentinels.size())
        p.risks.append(QStringLiteral("Not every sentinel answers now; those that do not learn the new master from the others."));
    bool chained = false;
    for (const QString &r : others)
        chained = chained || !topology.edgesFrom(r).isEmpty();
    if (chained)
        p.risks.append(QStringLiteral("Chained replicas follow their parent, not the new master directly."));

    for (const Precondition &pre : std::as_const(p.preconditions)) {
        if (!pre.ok)
            return p;  // refused: no steps to show
    }

    // Steps.
    p.steps.append(SentinelSteps::connect(QStringList{candidate} + followers, reachableSentinels, candidate));
    p.steps.append(SentinelSteps::checkSentinels(group->sentinelName, oldMaster, pauseMs));
    p.steps.append(SentinelSteps::lowerPriorities(candidate, others));
    p.steps.append(SentinelSteps::waitSentinelSeesPriorities(group->sentinelName, candidateAliases, kPrioritySeenTimeoutMs));
    p.steps.append(PauseSteps::pauseWrites(oldMaster, pauseMs, int(others.size()) + 1, legacy));
    p.steps.append(PauseSteps::waitCatchUp(candidate, oldMaster, options.timeoutMs));
    p.steps.append(SentinelSteps::failover(group->sentinelName));
    p.steps.append(SentinelSteps::waitPromotion(candidate, kPromotionBudgetMs - 500));
    p.steps.append(SentinelSteps::onlyIfPromoted(PauseSteps::demoteAndUnpause(oldMaster, candidate, legacy), oldMaster));
    p.steps.append(SentinelSteps::waitSentinelsAgree(group->sentinelName, candidateAliases, slowWaitMs));
    p.steps.append(SentinelSteps::restorePriorities(others));
    p.steps.append(ReplicationSteps::verifyFollowers(candidate, followers, slowWaitMs + 5000,
                                                     QStringLiteral("sentinel.candidate_sync_full")));
    PlanStep persist = ReplicationSteps::persist({oldMaster});
    persist.title = QStringLiteral("Save the demoted %1's role (CONFIG REWRITE); Sentinel saved the others itself").arg(oldMaster);
    p.steps.append(persist);
    return p;
}
