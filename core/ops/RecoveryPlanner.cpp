#include "RecoveryPlanner.h"

#include "ReplicationSteps.h"

#include "topology/TopologyBuilder.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>

namespace {

bool same(const QString &a, const QString &b)
{
    return !a.isEmpty() && !b.isEmpty() && TopologyBuilder::looselyEqual(a, b);
}

// The node `address` names in the topology (aliases included), when it answers.
const TopologyNode *upNode(const Topology &t, const QString &address)
{
    const TopologyNode *n = t.node(address);
    return n && n->isUp() ? n : nullptr;
}

bool isMaster(const TopologyNode *n)
{
    return n && n->role == NodeSnapshot::Role::Master;
}

bool follows(const Topology &t, const TopologyNode *n, const QString &master)
{
    if (!n || n->role != NodeSnapshot::Role::Replica)
        return false;
    if (same(n->masterAddress, master))
        return true;
    const TopologyNode *m = t.node(n->masterAddress);
    return m && m == t.node(master);
}

QString plural(qsizetype n, const QString &one, const QString &many)
{
    return n == 1 ? one : many;
}

// Bytes the old master took after the candidate left it (PSYNC2 bookkeeping): the candidate's
// master_replid2 is the old master's replid and second_repl_offset where their histories
// split. -1 when unknown.
qint64 divergedBytes(const TopologyNode *candidate, const TopologyNode *oldMaster)
{
    if (!candidate || !oldMaster || !candidate->hasSnapshot || !oldMaster->hasSnapshot)
        return -1;
    const NodeSnapshot &c = candidate->snapshot;
    const NodeSnapshot &o = oldMaster->snapshot;
    if (!c.secondReplOffset || c.masterReplId2.isEmpty() || c.masterReplId2 != o.masterReplId)
        return -1;
    return qMax<qint64>(0, o.masterReplOffset - (*c.secondReplOffset - 1));
}

// What the recovery does for one new master: nodes to demote, stragglers to repoint, and the
// followers to verify afterwards.
struct Work
{
    QString target;
    QStringList demote;
    QStringList repoint;
    QStringList followers;
};

Work &workFor(QList<Work> &work, const QString &target)
{
    for (Work &w : work) {
        if (same(w.target, target))
            return w;
    }
    work.append(Work{target, {}, {}, {}});
    return work.last();
}

void addOnce(QStringList &list, const QString &address)
{
    for (const QString &a : std::as_const(list)) {
        if (same(a, address))
            return;
    }
    list.append(address);
}

} // namespace

QList<InterruptedOperation> InterruptedOperation::fromAudit(const QList<QJsonObject> &entries)
{
    QList<InterruptedOperation> ops;
    QHash<QString, qsizetype> index;
    QSet<QString> finished;
    for (const QJsonObject &e : entries) {
        const QString id = e.value(QStringLiteral("op")).toString();
        const QString event = e.value(QStringLiteral("event")).toString();
        if (event == QLatin1String("op_finished")) {
            finished.insert(id);
        } else if (event == QLatin1String("op_started")) {
            InterruptedOperation op;
            op.operationId = id;
            op.startedAt = e.value(QStringLiteral("ts")).toString();
            op.plan = e.value(QStringLiteral("plan")).toObject();
            op.operation = op.plan.value(QStringLiteral("operation")).toString();
            op.title = op.plan.value(QStringLiteral("title")).toString();
            op.strategy = op.plan.value(QStringLiteral("strategy")).toString();
            op.oldMaster = op.plan.value(QStringLiteral("group")).toString();
            for (const QJsonValue &v : op.plan.value(QStringLiteral("nodes")).toArray())
                op.nodes.append(v.toString());
            // The candidate: named in the facts (failover), else the promote step's node,
            // else the switchover's second node (master first, then candidate).
            const QJsonObject facts = op.plan.value(QStringLiteral("facts")).toObject();
            op.candidate = facts.value(QStringLiteral("candidate")).toString();
            for (const QJsonValue &v : op.plan.value(QStringLiteral("steps")).toArray()) {
                const QJsonObject s = v.toObject();
                if (op.candidate.isEmpty() && s.value(QStringLiteral("id")).toString() == QLatin1String("promote"))
                    op.candidate = s.value(QStringLiteral("node")).toString();
            }
            if (op.candidate.isEmpty())
                op.candidate = op.nodes.value(1);
            index.insert(id, ops.size());
            ops.append(op);
        } else if (index.contains(id)) {
            InterruptedOperation &op = ops[index.value(id)];
            const QString step = e.value(QStringLiteral("step")).toString();
            if (event == QLatin1String("step_started") && !step.endsWith(QLatin1String(".undo")))
                op.lastStep = step;
            else if (event == QLatin1String("step_finished")
                     && e.value(QStringLiteral("status")).toString() == QLatin1String("succeeded"))
                op.stepsDone.append(step);
        }
    }
    QList<InterruptedOperation> out;
    for (const InterruptedOperation &op : std::as_const(ops)) {
        if (!finished.contains(op.operationId))
            out.append(op);
    }
    return out;
}

RecoveryPlan RecoveryPlanner::build(const Topology &topology, const QList<InterruptedOperation> &interrupted,
                                    const QList<MasterFence::Entry> &fences)
{
    RecoveryPlan out;
    Plan &plan = out.plan;
    plan.operation = QStringLiteral("recover");
    plan.strategy = QStringLiteral("recover");
    QList<Work> work;
    QStringList unresolved;
    qint64 discarded = -1;  // bytes extra masters took that recovery discards, when known

    for (const InterruptedOperation &op : interrupted) {
        if (op.operation.startsWith(QLatin1String("config-"))) {
            // A configuration change moves no roles: nothing to finish around a new master.
            // What its finished steps did is in force; applying the file again completes it.
            out.operationIds.append(op.operationId);
            out.diagnosis.append(QStringLiteral("%1 was interrupted (started %2); its finished steps stay in force "
                                                "(%3). Apply the configuration again to finish it.")
                                     .arg(op.title, op.startedAt,
                                          op.stepsDone.isEmpty() ? QStringLiteral("none")
                                                                 : op.stepsDone.join(QStringLiteral(", "))));
            continue;
        }
        const TopologyNode *cand = topology.node(op.candidate);
        const TopologyNode *old = topology.node(op.oldMaster);
        if (!cand && !old) {
            out.diagnosis.append(QStringLiteral("%1 (started %2) involves nodes outside the discovered topology: "
                                                "not handled here (seed one of %3)")
                                     .arg(op.title, op.startedAt, op.nodes.join(QStringLiteral(", "))));
            continue;
        }
        out.operationIds.append(op.operationId);
        const QString where = op.lastStep.isEmpty() ? QStringLiteral("before its first step")
            : op.stepDone(op.lastStep)              ? QStringLiteral("after step \"%1\"").arg(op.lastStep)
                                                    : QStringLiteral("during step \"%1\"").arg(op.lastStep);
        out.diagnosis.append(QStringLiteral("%1 was interrupted %2 (started %3).").arg(op.title, where, op.startedAt));

        const TopologyNode *candUp = upNode(topology, op.candidate);
        const TopologyNode *oldUp = upNode(topology, op.oldMaster);
        if (!isMaster(candUp)) {
            if (candUp && oldUp && isMaster(oldUp) && follows(topology, candUp, oldUp->address)) {
                out.diagnosis.append(op.stepDone(QStringLiteral("pause"))
                    ? QStringLiteral("Nothing changed: %1 is still a replica of %2, and the write pause on %2 "
                                     "expired on its own.").arg(candUp->address, oldUp->address)
                    : QStringLiteral("Nothing changed: %1 is still a replica of %2.").arg(candUp->address, oldUp->address));
            } else if (!candUp) {
                unresolved.append(op.candidate);
                out.diagnosis.append(QStringLiteral("%1 (the node to promote) does not answer: check it, then run recover again.")
                                         .arg(op.candidate));
            } else if (!oldUp) {
                unresolved.append(op.oldMaster);
                out.diagnosis.append(QStringLiteral("%1 was not promoted and the old master %2 does not answer: "
                                                    "run `tandemctl failover --seed %1`.").arg(op.candidate, op.oldMaster));
            } else {
                unresolved.append(op.candidate);
                out.diagnosis.append(QStringLiteral("%1 is neither master nor a replica of %2 (%3): Tandem cannot tell "
                                                    "which node should lead; fix the roles by hand.")
                                         .arg(op.candidate, op.oldMaster, NodeSnapshot::roleName(candUp->role)));
            }
            continue;
        }

        // The candidate was promoted (past the point of no return): finish the job around it.
        const QString target = candUp->address;
        Work &w = workFor(work, target);
        QSet<QString> chained;
        for (const QJsonValue &v : op.plan.value(QStringLiteral("facts")).toObject().value(QStringLiteral("chained")).toArray())
            chained.insert(v.toString());
        QStringList stragglers;
        QStringList silent;
        for (const QString &n : op.nodes) {
            if (same(n, op.candidate) || chained.contains(n))
                continue;  // chained replicas follow their parent, whoever that is
            const TopologyNode *node = upNode(topology, n);
            const bool isOld = same(n, op.oldMaster);
            if (!node) {
                if (isOld && op.operation == QLatin1String("failover"))
                    continue;  // dead on purpose: the fence below takes care of it
                if (isOld) {
                    out.diagnosis.append(QStringLiteral("The old master %1 does not answer: it is fenced, so when it "
                                                        "comes back it is made a replica of %2.").arg(n, target));
                    plan.facts.insert(QStringLiteral("fence_old"), n);
                    plan.facts.insert(QStringLiteral("fence_new"), target);
                } else {
                    silent.append(n);
                }
                continue;
            }
            if (follows(topology, node, target)) {
                addOnce(w.followers, node->address);
                continue;
            }
            addOnce(w.followers, node->address);
            if (isMaster(node)) {
                addOnce(w.demote, node->address);
                if (isOld) {
                    const qint64 lost = divergedBytes(candUp, node);
                    if (lost >= 0)
                        discarded = qMax<qint64>(0, discarded) + lost;
                    out.diagnosis.append(QStringLiteral("%1 was promoted but the old master %2 was not demoted: two masters.")
                                             .arg(target, node->address));
                    plan.risks.append(lost > 0
                        ? QStringLiteral("%1 took about %2 bytes of writes after %3 was promoted (its pause expired): "
                                         "they are discarded when it follows %3.").arg(node->address).arg(lost).arg(target)
                        : QStringLiteral("Writes %1 accepted after its pause expired, if any, are discarded when it "
                                         "follows %2.").arg(node->address, target));
                } else {
                    out.diagnosis.append(QStringLiteral("%1 is a master too: it becomes a replica of %2.").arg(node->address, target));
                }
            } else {
                stragglers.append(node->address);
                addOnce(w.repoint, node->address);
            }
        }
        const TopologyNode *oldNow = upNode(topology, op.oldMaster);
        if (!stragglers.isEmpty()) {
            const bool oldDemoted = oldNow && follows(topology, oldNow, target);
            const QString count = QStringLiteral("%1 %2").arg(stragglers.size())
                .arg(plural(stragglers.size(), QStringLiteral("replica still follows it"), QStringLiteral("replicas still follow it")));
            out.diagnosis.append(oldDemoted
                ? QStringLiteral("The old master %1 was demoted but %2: %3.").arg(oldNow->address, count, stragglers.join(QStringLiteral(", ")))
                : QStringLiteral("Not following %1 yet: %2.").arg(target, stragglers.join(QStringLiteral(", "))));
        }
        if (!silent.isEmpty())
            out.diagnosis.append(QStringLiteral("Not answering, left alone: %1 (point %2 at %3 when %4 back).")
                                     .arg(silent.join(QStringLiteral(", ")),
                                          plural(silent.size(), QStringLiteral("it"), QStringLiteral("them")), target,
                                          plural(silent.size(), QStringLiteral("it is"), QStringLiteral("they are"))));
        if (w.demote.isEmpty() && w.repoint.isEmpty() && stragglers.isEmpty())
            out.diagnosis.append(QStringLiteral("%1 is master and the others follow it: the operation got through, "
                                                "only its end was not recorded.").arg(target));
    }

    // Pending fences: an old master that is back as a writable master is demoted now.
    for (const MasterFence::Entry &e : fences) {
        const TopologyNode *node = topology.node(e.oldMaster);
        if (!node)
            continue;
        const TopologyGroup *group = topology.groupOf(e.newMaster);
        const TopologyNode *groupMaster = group ? upNode(topology, group->master) : nullptr;
        const QString target = isMaster(groupMaster) && !same(groupMaster->address, e.oldMaster)
            ? groupMaster->address : e.newMaster;
        if (!node->isUp()) {
            out.diagnosis.append(QStringLiteral("%1 stays fenced (since %2): it does not answer; when it comes back "
                                                "it must become a replica of %3.")
                                     .arg(e.oldMaster, e.since.toString(Qt::ISODate), target));
            continue;
        }
        if (follows(topology, node, target)) {
            out.diagnosis.append(QStringLiteral("The fence on %1 can be lifted: it follows %2.").arg(e.oldMaster, target));
            out.resolvedFences.append(e.oldMaster);
            continue;
        }
        if (!upNode(topology, target)) {
            out.diagnosis.append(QStringLiteral("%1 is fenced but its new master %2 does not answer: left alone.")
                                     .arg(e.oldMaster, target));
            continue;
        }
        Work &w = workFor(work, target);
        addOnce(w.followers, node->address);
        if (isMaster(node)) {
            addOnce(w.demote, node->address);
            out.diagnosis.append(QStringLiteral("The fenced old master %1 is back as a writable master: two masters; "
                                                "it becomes a replica of %2.").arg(node->address, target));
            plan.risks.append(QStringLiteral("Writes %1 accepted since it came back are discarded when it follows %2.")
                                  .arg(node->address, target));
        } else {
            addOnce(w.repoint, node->address);
            out.diagnosis.append(QStringLiteral("The fenced old master %1 follows %2, not %3: it is repointed.")
                                     .arg(node->address, node->masterAddress, target));
        }
        out.resolvedFences.append(e.oldMaster);
    }

    // Steps: per new master, demote the extra masters (nothing else is safe before that),
    // repoint stragglers, verify, persist.
    QStringList changed;
    int verifyCount = 0;
    for (const Work &w : std::as_const(work)) {
        if (w.demote.isEmpty() && w.repoint.isEmpty())
            continue;
        addOnce(plan.nodes, w.target);
        for (const QString &f : w.followers)
            addOnce(plan.nodes, f);
        if (plan.group.isEmpty())
            plan.group = w.target;
        plan.preconditions.append(Precondition{QStringLiteral("%1 answers as master").arg(w.target), true, {}});
        if (!w.demote.isEmpty()) {
            PlanStep s = ReplicationSteps::repoint(QStringLiteral("demote"), w.demote, w.target);
            s.title = QStringLiteral("Demote %1: make %2 a replica of %3")
                          .arg(w.demote.join(QStringLiteral(", ")),
                               plural(w.demote.size(), QStringLiteral("it"), QStringLiteral("them")), w.target);
            // Until the extra master follows the new one, repointing others only spreads the split.
            s.onFailure = PlanStep::OnFailure::Abort;
            plan.steps.append(s);
        }
        if (!w.repoint.isEmpty())
            plan.steps.append(ReplicationSteps::repoint(QStringLiteral("repoint"), w.repoint, w.target));
        PlanStep verify = ReplicationSteps::verifyFollowers(w.target, w.followers, ReplicationSteps::kVerifyTimeoutMs);
        if (verifyCount++ > 0)
            verify.id += QStringLiteral("-%1").arg(verifyCount);
        plan.steps.append(verify);
        changed += w.demote + w.repoint;
    }
    if (!plan.steps.isEmpty())
        plan.steps.append(ReplicationSteps::persist(changed));

    if (!unresolved.isEmpty()) {
        out.unresolvable = true;
        plan.preconditions.append(Precondition{QStringLiteral("Tandem can tell which node should be master"), false,
                                               QStringLiteral("not with %1 in this state").arg(unresolved.join(QStringLiteral(", ")))});
    }
    out.nothingNeeded = plan.steps.isEmpty() && !out.unresolvable;
    if (out.operationIds.isEmpty() && fences.isEmpty() && out.diagnosis.isEmpty())
        out.diagnosis.append(QStringLiteral("No interrupted operation and no pending fence: nothing to recover."));

    plan.title = plan.steps.isEmpty() ? QStringLiteral("Recover: nothing to do")
                                      : QStringLiteral("Recover: make every node follow %1").arg(plan.group);
    // Facts are shown one line each: plain values (the diagnosis is RecoveryPlan's own).
    plan.facts.insert(QStringLiteral("interrupted"), out.operationIds.join(QStringLiteral(", ")));
    if (discarded >= 0)
        plan.facts.insert(QStringLiteral("discarded_bytes_estimate"), discarded);
    if (!out.resolvedFences.isEmpty())
        plan.facts.insert(QStringLiteral("resolved_fences"), out.resolvedFences.join(QStringLiteral(", ")));
    return out;
}
