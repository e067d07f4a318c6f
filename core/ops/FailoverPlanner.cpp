#include "FailoverPlanner.h"

#include "MinReplicasPlanner.h"
#include "NodeClients.h"
#include "ReplicationSteps.h"
#include "StepContext.h"

#include "topology/TopologyBuilder.h"

#include <QJsonArray>

#include <algorithm>
#include <memory>

namespace {

using Role = NodeSnapshot::Role;

bool fresh(const TopologyNode *n)
{
    return n && n->isUp() && n->hasSnapshot && !n->placeholder;
}

bool isNullId(const QString &id)
{
    return id.isEmpty() || id.count(QLatin1Char('0')) == id.size();
}

// The replica's offset counts in the master's history (both report the master's replid).
bool sameHistory(const NodeSnapshot &replica, const NodeSnapshot &master)
{
    if (isNullId(replica.masterReplId) || isNullId(master.masterReplId))
        return true;
    return replica.masterReplId == master.masterReplId
        || (!isNullId(master.masterReplId2) && replica.masterReplId == master.masterReplId2);
}

// Seconds the replica's link had been down when it was last seen; -1 when up or unknown.
qint64 linkDownSeconds(const TopologyNode &r)
{
    const NodeSnapshot &s = r.snapshot;
    if (s.masterLinkStatus == QLatin1String("up") || !s.masterLinkDownSinceSeconds)
        return -1;
    const qint64 down = *s.masterLinkDownSinceSeconds;
    // Before 7.0 a replica that never connected reports seconds since the epoch.
    if (down < 0 || (s.uptimeSeconds > 0 && down > s.uptimeSeconds))
        return -1;
    return down;
}

// What a replica holds. slave_repl_offset alone is not enough: a replica whose master
// connection was dropped while blocked (e.g. by CLIENT PAUSE) reports slave_repl_offset 1
// (measured, 7.0.15) while master_repl_offset, its own stream, still says what it applied.
qint64 heldOffset(const NodeSnapshot &s)
{
    return std::max<qint64>(ReplicationSteps::appliedOffset(s), s.role == Role::Replica ? s.masterReplOffset : -1);
}

// What rank() and build() both need to know about the group.
struct GroupView
{
    const TopologyGroup *group = nullptr;
    const TopologyNode *master = nullptr;
    QString masterAddress;
    qint64 masterOffset = -1;       // the master's last master_repl_offset Tandem saw
    qint64 knownOffset = -1;        // the highest offset the group is known to have reached
    QStringList directReplicas;     // replicas of the master (depth 1), topology order
};

GroupView viewOf(const Topology &t, const QString &seed)
{
    GroupView v;
    v.group = t.groupOf(seed);
    if (!v.group || v.group->master.isEmpty())
        return v;
    v.masterAddress = v.group->master;
    v.master = t.node(v.masterAddress);
    if (v.master && v.master->hasSnapshot && v.master->snapshot.role == Role::Master)
        v.masterOffset = v.master->snapshot.masterReplOffset;
    v.knownOffset = v.masterOffset;
    for (const TopologyEdge *e : t.edgesFrom(v.masterAddress)) {
        v.directReplicas.append(e->replica);
        const TopologyNode *r = t.node(e->replica);
        if (fresh(r) && r->snapshot.role == Role::Replica
            && (!v.master || !v.master->hasSnapshot || sameHistory(r->snapshot, v.master->snapshot)))
            v.knownOffset = std::max(v.knownOffset, heldOffset(r->snapshot));
    }
    return v;
}

QString bytes(qint64 n)
{
    return n == 1 ? QStringLiteral("1 byte") : QStringLiteral("%1 bytes").arg(n);
}

} // namespace

QJsonObject FailoverCandidate::toJson() const
{
    return QJsonObject{{QStringLiteral("address"), address},
                       {QStringLiteral("eligible"), eligible},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("applied_offset"), appliedOffset},
                       {QStringLiteral("priority"), priority},
                       {QStringLiteral("estimated_loss_bytes"), estimatedLossBytes},
                       {QStringLiteral("link_down_seconds"), linkDownSeconds}};
}

QList<FailoverCandidate> FailoverPlanner::rank(const Topology &topology, const QString &seed,
                                               const FailoverOptions &options)
{
    const GroupView v = viewOf(topology, seed);
    if (!v.group || v.masterAddress.isEmpty())
        return {};

    // When did each replica lose its master? The reference is the master's last sighting, or
    // (never seen) the most recent loss among the siblings.
    QHash<QString, QDateTime> lostAt;
    QDateTime reference = v.master && v.master->hasSnapshot ? v.master->seenAt() : QDateTime();
    for (const QString &a : v.directReplicas) {
        const TopologyNode *r = topology.node(a);
        if (!fresh(r))
            continue;
        const qint64 down = linkDownSeconds(*r);
        if (down < 0)
            continue;
        lostAt.insert(a, r->seenAt().addSecs(-down));
        if (!(v.master && v.master->hasSnapshot) && (!reference.isValid() || lostAt.value(a) > reference))
            reference = lostAt.value(a);
    }

    QList<FailoverCandidate> eligible;
    QList<FailoverCandidate> ineligible;
    for (const QString &a : v.directReplicas) {
        const TopologyNode *r = topology.node(a);
        FailoverCandidate c;
        c.address = a;
        if (r && r->hasSnapshot) {
            const NodeSnapshot &s = r->snapshot;
            c.appliedOffset = heldOffset(s);
            c.priority = s.replicaPriority.value_or(100);
            c.linkDownSeconds = linkDownSeconds(*r);
            const bool comparable = !v.master || !v.master->hasSnapshot || sameHistory(s, v.master->snapshot);
            if (v.knownOffset >= 0 && c.appliedOffset >= 0 && comparable)
                c.estimatedLossBytes = std::max<qint64>(0, v.knownOffset - c.appliedOffset);
        }
        if (!r || !fresh(r)) {
            c.reason = r && !r->error.isEmpty()
                ? QStringLiteral("unreachable (%1)").arg(r->error)
                : QStringLiteral("unreachable: Tandem cannot check its data");
        } else if (r->snapshot.role != Role::Replica) {
            c.reason = QStringLiteral("not a replica (it reports role %1)").arg(NodeSnapshot::roleName(r->snapshot.role));
        } else if (!TopologyBuilder::looselyEqual(ReplicationSteps::masterOf(r->snapshot), v.masterAddress)) {
            c.reason = QStringLiteral("replicates from %1, not from %2")
                           .arg(ReplicationSteps::masterOf(r->snapshot), v.masterAddress);
        } else if (c.priority == 0) {
            c.reason = QStringLiteral("replica-priority 0: configured never to be promoted");
        } else if (r->snapshot.masterSyncInProgress) {
            c.reason = QStringLiteral("was in a full sync when the master went away: its data set is incomplete");
        } else if (lostAt.contains(a) && reference.isValid()
                   && lostAt.value(a).secsTo(reference) > options.staleLinkSeconds) {
            c.reason = QStringLiteral("its link went down %1 s before the master was last seen: its data is older "
                                      "than its siblings'")
                           .arg(lostAt.value(a).secsTo(reference));
        } else {
            c.eligible = true;
        }
        (c.eligible ? eligible : ineligible).append(c);
    }
    // Chained replicas keep following their parent; they are listed so the review is complete.
    for (const QString &a : v.group->nodes) {
        const TopologyNode *n = topology.node(a);
        if (!n || n->depth < 2)
            continue;
        FailoverCandidate c;
        c.address = a;
        if (n->hasSnapshot) {
            c.appliedOffset = heldOffset(n->snapshot);
            c.priority = n->snapshot.replicaPriority.value_or(100);
        }
        c.reason = QStringLiteral("chained below %1: it keeps following its parent").arg(n->masterAddress);
        ineligible.append(c);
    }

    std::sort(eligible.begin(), eligible.end(), [](const FailoverCandidate &a, const FailoverCandidate &b) {
        if (a.appliedOffset != b.appliedOffset)
            return a.appliedOffset > b.appliedOffset;
        if (a.priority != b.priority)
            return a.priority < b.priority;
        return a.address < b.address;
    });
    if (!eligible.isEmpty()) {
        const FailoverCandidate &best = eligible.first();
        eligible.first().reason = QStringLiteral("best: highest applied offset (%1)").arg(best.appliedOffset);
        for (qsizetype i = 1; i < eligible.size(); ++i) {
            FailoverCandidate &c = eligible[i];
            if (c.appliedOffset < best.appliedOffset)
                c.reason = QStringLiteral("behind %1 by %2").arg(best.address, bytes(best.appliedOffset - c.appliedOffset));
            else if (c.priority != best.priority)
                c.reason = QStringLiteral("same offset as %1, but replica-priority %2 (vs %3)")
                               .arg(best.address).arg(c.priority).arg(best.priority);
            else
                c.reason = QStringLiteral("same offset and priority as %1 (ordered by address)").arg(best.address);
        }
    }
    return eligible + ineligible;
}

std::optional<QPair<QString, QString>> FailoverPlanner::fenceOf(const ExecutionReport &report)
{
    for (const StepRecord &r : report.steps) {
        if (r.compensation || r.id != QLatin1String("fence") || r.status != StepRecord::Status::Succeeded)
            continue;
        const QJsonObject f = r.details.value(QStringLiteral("fence")).toObject();
        const QString oldMaster = f.value(QStringLiteral("old")).toString();
        const QString newMaster = f.value(QStringLiteral("new")).toString();
        if (!oldMaster.isEmpty() && !newMaster.isEmpty())
            return qMakePair(oldMaster, newMaster);
    }
    return std::nullopt;
}

namespace {

PlanStep preflightStep(const QString &master, const QString &candidate, const QStringList &others)
{
    PlanStep s;
    s.id = QStringLiteral("preflight");
    s.title = QStringLiteral("Check that %1 is still down and %2 is still a replica that lost it").arg(master, candidate);
    s.node = candidate;
    s.commands = {QStringLiteral("connect to %1").arg(QStringList(QStringList{candidate} + others).join(QStringLiteral(", "))),
                  candidate + QStringLiteral(": INFO"),
                  master + QStringLiteral(": connect (must not answer)")};
    s.run = [master, candidate, others](StepContext &ctx) {
        const QStringList all = QStringList{candidate} + others + QStringList{master};
        ctx.clients().connectAll(all, 3000, ctx.guard(), [&ctx, master, candidate](const QHash<QString, NetError> &failures) {
            if (ctx.isCancelled()) {
                ctx.fail(QStringLiteral("cancelled"));
                return;
            }
            // An auth or server error is an answer too: the master is alive.
            const NetError masterError = failures.value(master);
            if (!failures.contains(master) || masterError.kind == NetError::Kind::AuthFailed
                || masterError.kind == NetError::Kind::ServerError) {
                ctx.fail(QStringLiteral("%1 answers again: the master is back, use a switchover (promote) instead")
                             .arg(master));
                return;
            }
            if (failures.contains(candidate)) {
                ctx.fail(QStringLiteral("cannot reach %1: %2").arg(candidate, failures.value(candidate).message));
                return;
            }
            QStringList unreachable;
            for (auto it = failures.cbegin(); it != failures.cend(); ++it) {
                if (it.key() != master)
                    unreachable.append(it.key());
            }
            ReplicationSteps::fetchInfo(ctx, candidate, QByteArray(), [&ctx, master, candidate, unreachable](
                                            bool ok, const NodeSnapshot &snap, const QString &error) {
                if (!ok) {
                    ctx.fail(QStringLiteral("INFO on %1 failed: %2").arg(candidate, error));
                    return;
                }
                if (snap.role != Role::Replica) {
                    ctx.fail(QStringLiteral("%1 is no longer a replica (role %2): the topology changed, plan again")
                                 .arg(candidate, NodeSnapshot::roleName(snap.role)));
                    return;
                }
                const QString itsMaster = ReplicationSteps::masterOf(snap);
                if (!TopologyBuilder::looselyEqual(itsMaster, master)) {
                    ctx.fail(QStringLiteral("%1 now replicates from %2, not %3: the topology changed, plan again")
                                 .arg(candidate, itsMaster, master));
                    return;
                }
                if (snap.masterLinkStatus == QLatin1String("up")) {
                    ctx.fail(QStringLiteral("%1 still has its link to %2 up: the master is alive (only Tandem cannot "
                                            "reach it); check the network or use a switchover")
                                 .arg(candidate, master));
                    return;
                }
                const qint64 offset = heldOffset(snap);
                ctx.shared().insert(QStringLiteral("candidate_offset"), offset);
                ctx.metrics().insert(QStringLiteral("candidate_offset"), offset);
                QJsonObject details{{QStringLiteral("candidate_offset"), offset},
                                    {QStringLiteral("sync_full"), snap.syncFull}};
                if (!unreachable.isEmpty())
                    details.insert(QStringLiteral("unreachable"), QJsonArray::fromStringList(unreachable));
                ctx.succeed(QStringLiteral("%1 is down; %2 is a replica at offset %3 with its link down%4")
                                .arg(master, candidate).arg(offset)
                                .arg(unreachable.isEmpty() ? QString()
                                                           : QStringLiteral(" (cannot reach %1)").arg(unreachable.join(QStringLiteral(", ")))),
                            details);
            });
        });
    };
    return s;
}

PlanStep promoteStep(const QString &candidate)
{
    PlanStep s;
    s.id = QStringLiteral("promote");
    s.title = QStringLiteral("Promote %1 (REPLICAOF NO ONE)").arg(candidate);
    s.node = candidate;
    const QByteArrayList cmd = ReplicationSteps::replicaOfNoOne();
    s.commands = {candidate + QStringLiteral(": ") + ReplicationSteps::render(cmd)};
    s.pointOfNoReturn = true;
    s.run = [candidate, cmd](StepContext &ctx) {
        ctx.clients().send(candidate, cmd, ctx.guard(), [&ctx, candidate](const RespResult &r) {
            if (!r.ok()) {
                ctx.fail(QStringLiteral("%1 refused: %2").arg(candidate, r.errorText()));
                return;
            }
            ctx.succeed(QStringLiteral("%1 is master").arg(candidate));
        });
    };
    return s;
}

PlanStep fenceStep(const QString &oldMaster, const QString &newMaster)
{
    PlanStep s;
    s.id = QStringLiteral("fence");
    s.title = QStringLiteral("Fence %1: when it comes back, make it a replica of %2 at the first poll that sees it")
                  .arg(oldMaster, newMaster);
    s.node = oldMaster;
    s.commands = {QStringLiteral("(when %1 returns as a master) %1: %2")
                      .arg(oldMaster, ReplicationSteps::render(ReplicationSteps::replicaOf(newMaster)))};
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [oldMaster, newMaster](StepContext &ctx) {
        ctx.metrics().insert(QStringLiteral("fence_old"), oldMaster);
        ctx.metrics().insert(QStringLiteral("fence_new"), newMaster);
        ctx.succeed(QStringLiteral("fence recorded"),
                    QJsonObject{{QStringLiteral("fence"), QJsonObject{{QStringLiteral("old"), oldMaster},
                                                                      {QStringLiteral("new"), newMaster}}}});
    };
    return s;
}

} // namespace

Plan FailoverPlanner::build(const Topology &topology, const QString &seed, const FailoverOptions &options)
{
    Plan p;
    p.operation = QStringLiteral("failover");
    p.strategy = QStringLiteral("replicaof-no-one");
    p.timeoutMs = 0;
    const TopologyNode *seedNode = topology.node(seed);
    const GroupView v = viewOf(topology, seed);
    if (!seedNode || !v.group || v.masterAddress.isEmpty()) {
        p.title = QStringLiteral("Fail over the group of %1").arg(seed);
        p.preconditions.append({QStringLiteral("The group is known"), false,
                                !seedNode ? QStringLiteral("Tandem does not know %1").arg(seed)
                                          : QStringLiteral("%1 belongs to no group with a master").arg(seed)});
        return p;
    }
    const QString master = v.masterAddress;
    p.group = master;
    p.preconditions.append({QStringLiteral("The group is known"), true, QStringLiteral("master %1").arg(master)});

    // The master must really be down: a failover on a live master throws away its writes.
    Precondition down{QStringLiteral("The master %1 is down").arg(master), false, {}};
    const NodeReachability reach = v.master ? v.master->reachability : NodeReachability::Connecting;
    if (v.master && v.master->isUp())
        down.detail = QStringLiteral("%1 is up and answering: use a switchover (promote) instead").arg(master);
    else if (reach == NodeReachability::AuthFailed)
        down.detail = QStringLiteral("%1 answers (authentication failed): it is not down").arg(master);
    else if (reach == NodeReachability::Connecting || reach == NodeReachability::HostKeyUnknown
             || reach == NodeReachability::HostKeyChanged)
        down.detail = QStringLiteral("Tandem cannot tell yet whether %1 is down (%2)")
                          .arg(master, Topology::reachabilityName(reach));
    else
        down = {down.text, true, v.master && v.master->lastSeen.isValid()
                                     ? QStringLiteral("last seen %1").arg(v.master->lastSeen.toString(Qt::ISODate))
                                     : QStringLiteral("never seen up")};
    p.preconditions.append(down);

    const QList<FailoverCandidate> ranked = rank(topology, seed, options);
    QJsonArray rankedJson;
    for (const FailoverCandidate &c : ranked)
        rankedJson.append(c.toJson());
    p.facts.insert(QStringLiteral("dead_master"), master);
    p.facts.insert(QStringLiteral("master_last_offset"), v.masterOffset);
    p.facts.insert(QStringLiteral("last_known_offset"), v.knownOffset);
    if (v.master && v.master->lastSeen.isValid())
        p.facts.insert(QStringLiteral("master_last_seen"), v.master->lastSeen.toString(Qt::ISODateWithMs));
    p.facts.insert(QStringLiteral("candidates"), rankedJson);

    // Which replica, and may it be promoted?
    const FailoverCandidate *chosen = nullptr;
    Precondition pick{QStringLiteral("A replica can be promoted"), false, {}};
    if (options.candidate.isEmpty()) {
        if (!ranked.isEmpty() && ranked.first().eligible) {
            chosen = &ranked.first();
            pick = {pick.text, true, chosen->address + QStringLiteral(": ") + chosen->reason};
        } else {
            QStringList why;
            for (const FailoverCandidate &c : ranked)
                why.append(c.address + QStringLiteral(" ") + c.reason);
            pick.detail = why.isEmpty() ? QStringLiteral("%1 has no replicas").arg(master)
                                        : QStringLiteral("no eligible replica: ") + why.join(QStringLiteral("; "));
        }
    } else {
        const TopologyNode *n = topology.node(options.candidate);
        const QString wanted = n ? n->address : options.candidate;
        pick.text = QStringLiteral("%1 can be promoted").arg(wanted);
        for (const FailoverCandidate &c : ranked) {
            if (c.address == wanted)
                chosen = &c;
        }
        if (!n)
            pick.detail = QStringLiteral("Tandem does not know %1").arg(options.candidate);
        else if (!chosen)
            pick.detail = QStringLiteral("%1 is not a replica of %2 (not in this group)").arg(wanted, master);
        else if (!chosen->eligible)
            pick.detail = chosen->address + QStringLiteral(" ") + chosen->reason;
        else
            pick = {pick.text, true, chosen->reason};
        if (!pick.ok)
            chosen = nullptr;
    }
    p.preconditions.append(pick);
    if (!chosen) {
        p.title = QStringLiteral("Fail over %1").arg(master);
        return p;
    }
    const QString candidate = chosen->address;
    p.title = QStringLiteral("Fail over %1 to %2").arg(master, candidate);

    // The candidate must have lost the master too, or the master is probably alive.
    const TopologyEdge *edge = topology.edgeTo(candidate);
    Precondition lost{QStringLiteral("%1 has lost its link to %2 too").arg(candidate, master), true, {}};
    if (edge && edge->linkUp) {
        lost.ok = false;
        lost.detail = QStringLiteral("%1 still reports its link up: the master may be alive and only unreachable "
                                     "from Tandem").arg(candidate);
    }
    p.preconditions.append(lost);

    QStringList others;
    QStringList unreachable;
    for (const QString &a : v.directReplicas) {
        if (a == candidate)
            continue;
        (fresh(topology.node(a)) ? others : unreachable).append(a);
    }

    p.facts.insert(QStringLiteral("candidate"), candidate);
    p.facts.insert(QStringLiteral("candidate_offset"), chosen->appliedOffset);
    p.facts.insert(QStringLiteral("estimated_loss_bytes"), chosen->estimatedLossBytes);
    p.facts.insert(QStringLiteral("replicas"), qint64(others.size()));

    if (chosen->estimatedLossBytes > 0)
        p.risks.append(QStringLiteral("Writes after offset %1 that only the old master had, about %2, will be lost "
                                      "(from the last offsets Tandem saw; the master may have accepted more before it "
                                      "went down).")
                           .arg(chosen->appliedOffset).arg(bytes(chosen->estimatedLossBytes)));
    else if (chosen->estimatedLossBytes == 0)
        p.risks.append(QStringLiteral("%1 had applied everything Tandem saw (offset %2); writes the old master accepted "
                                      "after Tandem's last look will be lost.")
                           .arg(candidate).arg(chosen->appliedOffset));
    else
        p.risks.append(QStringLiteral("Tandem never saw the old master's offset: writes that only it had will be lost, "
                                      "how many is unknown."));
    if (options.sshFence.isValid())
        p.risks.append(QStringLiteral("%1's redis.conf (%2) is edited to follow %3: restarted from it, it comes back as "
                                      "a replica and acknowledges no write. Restarted another way it is a second "
                                      "writable master until Tandem sees it and demotes it.")
                           .arg(master, options.sshFence.describe(), candidate));
    else
        p.risks.append(QStringLiteral("If %1 comes back it is a second writable master until Tandem sees it and makes it "
                                      "a replica of %2: writes it acknowledges meanwhile are lost (Tandem counts them). "
                                      "Clients still pointed at it must move.")
                           .arg(master, candidate));
    p.facts.insert(QStringLiteral("ssh_fence"), options.sshFence.isValid() ? options.sshFence.describe() : QString());
    if (options.minReplicasMaxLag >= 0)
        p.risks.append(MinReplicasPlanner::explanation(options.minReplicasMaxLag));
    for (const QString &a : std::as_const(unreachable))
        p.risks.append(QStringLiteral("%1 is unreachable and cannot be repointed: it will still follow %2 when it "
                                      "returns; repoint it by hand.").arg(a, master));
    bool chained = false;
    for (const QString &a : v.group->nodes) {
        const TopologyNode *n = topology.node(a);
        chained = chained || (n && n->depth >= 2);
    }
    if (chained)
        p.risks.append(QStringLiteral("Chained replicas keep following their parent."));
    if (!v.group->sentinels.isEmpty())
        p.risks.append(QStringLiteral("Sentinels watch this group (%1): they may fail over on their own and race with "
                                      "this plan; check SENTINEL MASTERS first.")
                           .arg(v.group->sentinels.join(QStringLiteral(", "))));

    p.nodes = QStringList{candidate} + others + QStringList{master};
    p.steps.append(preflightStep(master, candidate, others));
    p.steps.append(promoteStep(candidate));
    p.steps.append(ReplicationSteps::repoint(QStringLiteral("repoint"), others, candidate));
    p.steps.append(ReplicationSteps::verifyFollowers(candidate, others, options.timeoutMs));
    p.steps.append(ReplicationSteps::persist(QStringList{candidate} + others));
    if (options.minReplicasMaxLag >= 0)
        p.steps.append(MinReplicasPlanner::step(QStringList{candidate} + others, options.minReplicasMaxLag));
    if (options.sshFence.isValid()) {
        SshFenceSettings settings = options.sshFenceSettings;
        settings.newMaster = candidate;
        settings.minReplicasMaxLag = options.minReplicasMaxLag;
        p.steps.append(SshFencePlanner::step(options.ssh, master, options.sshFence, settings));
    }
    p.steps.append(fenceStep(master, candidate));
    return p;
}
