// Crash recovery from the audit log: what an interrupted promote left behind, told in plain
// words, and the plan that finishes it (or that nothing is needed).
#include "TestRegistry.h"
#include "TopologyFactory.h"

#include "ops/RecoveryPlanner.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

namespace {

const QString kOld = QStringLiteral("127.0.0.1:7000");
const QString kCand = QStringLiteral("127.0.0.1:7001");
const QString kR2 = QStringLiteral("127.0.0.1:7002");

QJsonObject entry(const QString &op, const QString &event, const QJsonObject &fields = {})
{
    QJsonObject e = fields;
    e.insert(QStringLiteral("op"), op);
    e.insert(QStringLiteral("event"), event);
    e.insert(QStringLiteral("ts"), QStringLiteral("2026-01-01T10:00:00.000Z"));
    return e;
}

QJsonObject promotePlan()
{
    QJsonArray steps;
    for (const QString &id : {QStringLiteral("preflight"), QStringLiteral("pause"), QStringLiteral("catch-up"),
                              QStringLiteral("promote"), QStringLiteral("demote"), QStringLiteral("repoint"),
                              QStringLiteral("verify"), QStringLiteral("persist")})
        steps.append(QJsonObject{{QStringLiteral("id"), id},
                                 {QStringLiteral("node"), id == QLatin1String("promote") ? kCand : QString()}});
    return QJsonObject{{QStringLiteral("operation"), QStringLiteral("promote")},
                       {QStringLiteral("title"), QStringLiteral("Promote %1 (coordinated)").arg(kCand)},
                       {QStringLiteral("strategy"), QStringLiteral("coordinated")},
                       {QStringLiteral("group"), kOld},
                       {QStringLiteral("nodes"), QJsonArray{kOld, kCand, kR2}},
                       {QStringLiteral("steps"), steps}};
}

// A promote that stopped after `doneSteps` succeeded.
QList<InterruptedOperation> interruptedAfter(const QStringList &doneSteps)
{
    QList<QJsonObject> log{entry(QStringLiteral("op1"), QStringLiteral("op_started"),
                                 QJsonObject{{QStringLiteral("plan"), promotePlan()}})};
    for (const QString &s : doneSteps) {
        log.append(entry(QStringLiteral("op1"), QStringLiteral("step_started"), QJsonObject{{QStringLiteral("step"), s}}));
        log.append(entry(QStringLiteral("op1"), QStringLiteral("step_finished"),
                         QJsonObject{{QStringLiteral("step"), s}, {QStringLiteral("status"), QStringLiteral("succeeded")}}));
    }
    return InterruptedOperation::fromAudit(log);
}

QStringList stepIds(const Plan &plan)
{
    QStringList ids;
    for (const PlanStep &s : plan.steps)
        ids.append(s.id);
    return ids;
}

bool mentions(const RecoveryPlan &r, const QString &text)
{
    for (const QString &line : r.diagnosis) {
        if (line.contains(text))
            return true;
    }
    qWarning().noquote() << "diagnosis:" << r.diagnosis.join(QStringLiteral(" | "));
    return false;
}

} // namespace

class tst_RecoveryPlanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsUnfinishedOperationsFromTheLog();
    void candidatePromotedOldMasterNotDemoted();
    void nothingChangedPauseExpired();
    void oldMasterDemotedButReplicaStillFollowsIt();
    void everythingAlreadyConsistent();
    void fencedMasterBackIsDemoted();
    void candidateDownIsNotGuessed();
    void interruptedConfigApplyIsClosedNotGuessed();
};

void tst_RecoveryPlanner::readsUnfinishedOperationsFromTheLog()
{
    QList<QJsonObject> log{entry(QStringLiteral("done"), QStringLiteral("op_started"),
                                 QJsonObject{{QStringLiteral("plan"), promotePlan()}}),
                           entry(QStringLiteral("done"), QStringLiteral("op_finished"))};
    log += entry(QStringLiteral("open"), QStringLiteral("op_started"), QJsonObject{{QStringLiteral("plan"), promotePlan()}});
    log += entry(QStringLiteral("open"), QStringLiteral("step_started"), QJsonObject{{QStringLiteral("step"), QStringLiteral("pause")}});
    log += entry(QStringLiteral("open"), QStringLiteral("step_finished"),
                 QJsonObject{{QStringLiteral("step"), QStringLiteral("pause")}, {QStringLiteral("status"), QStringLiteral("succeeded")}});
    log += entry(QStringLiteral("open"), QStringLiteral("step_started"), QJsonObject{{QStringLiteral("step"), QStringLiteral("catch-up")}});
    const QList<InterruptedOperation> ops = InterruptedOperation::fromAudit(log);
    QCOMPARE(ops.size(), 1);
    const InterruptedOperation &op = ops.first();
    QCOMPARE(op.operationId, QStringLiteral("open"));
    QCOMPARE(op.operation, QStringLiteral("promote"));
    QCOMPARE(op.oldMaster, kOld);
    QCOMPARE(op.candidate, kCand);
    QCOMPARE(op.stepsDone, QStringList{QStringLiteral("pause")});
    QCOMPARE(op.lastStep, QStringLiteral("catch-up"));
}

void tst_RecoveryPlanner::candidatePromotedOldMasterNotDemoted()
{
    // Killed right after the promote: the pause expired, both answer as masters.
    TopologyFactory f;
    f.addMaster(kOld);
    f.addReplica(kR2, kOld);
    f.addMaster(kCand);
    const RecoveryPlan r = RecoveryPlanner::build(f.topology(), interruptedAfter({QStringLiteral("pause"), QStringLiteral("promote")}));
    QVERIFY(mentions(r, QStringLiteral("was promoted but the old master %1 was not demoted: two masters").arg(kOld)));
    QVERIFY(!r.nothingNeeded);
    QVERIFY2(r.plan.canRun(), qPrintable(r.plan.refusal()));
    QCOMPARE(stepIds(r.plan), (QStringList{QStringLiteral("demote"), QStringLiteral("repoint"),
                                           QStringLiteral("verify"), QStringLiteral("persist")}));
    QCOMPARE(r.plan.steps.at(0).commands, QStringList{kOld + QStringLiteral(": REPLICAOF 127.0.0.1 7001")});
    QCOMPARE(r.plan.steps.at(1).commands, QStringList{kR2 + QStringLiteral(": REPLICAOF 127.0.0.1 7001")});
    QCOMPARE(r.plan.group, kCand);
    QCOMPARE(r.operationIds, QStringList{QStringLiteral("op1")});
    QVERIFY2(!r.plan.risks.isEmpty(), "writes the old master took after its pause must be named as at risk");
}

void tst_RecoveryPlanner::nothingChangedPauseExpired()
{
    TopologyFactory f;
    f.addMaster(kOld);
    f.addReplica(kCand, kOld);
    f.addReplica(kR2, kOld);
    const RecoveryPlan r = RecoveryPlanner::build(f.topology(), interruptedAfter({QStringLiteral("pause")}));
    QVERIFY(mentions(r, QStringLiteral("Nothing changed")));
    QVERIFY(mentions(r, QStringLiteral("expired on its own")));
    QVERIFY(r.nothingNeeded);
    QVERIFY(r.plan.steps.isEmpty());
    QCOMPARE(r.operationIds, QStringList{QStringLiteral("op1")});
}

void tst_RecoveryPlanner::oldMasterDemotedButReplicaStillFollowsIt()
{
    TopologyFactory f;
    f.addMaster(kCand);
    f.addReplica(kOld, kCand);
    f.addReplica(kR2, kOld);
    const RecoveryPlan r = RecoveryPlanner::build(
        f.topology(), interruptedAfter({QStringLiteral("pause"), QStringLiteral("promote"), QStringLiteral("demote")}));
    QVERIFY(mentions(r, QStringLiteral("The old master %1 was demoted but 1 replica still follows it: %2").arg(kOld, kR2)));
    QCOMPARE(stepIds(r.plan), (QStringList{QStringLiteral("repoint"), QStringLiteral("verify"), QStringLiteral("persist")}));
    QVERIFY(r.plan.canRun());
}

void tst_RecoveryPlanner::everythingAlreadyConsistent()
{
    TopologyFactory f;
    f.addMaster(kCand);
    f.addReplica(kOld, kCand);
    f.addReplica(kR2, kCand);
    const RecoveryPlan r = RecoveryPlanner::build(f.topology(), interruptedAfter({QStringLiteral("promote"), QStringLiteral("verify")}));
    QVERIFY(r.nothingNeeded);
    QVERIFY(mentions(r, QStringLiteral("the operation got through")));
}

void tst_RecoveryPlanner::fencedMasterBackIsDemoted()
{
    TopologyFactory f;
    f.addMaster(kCand);
    f.addReplica(kR2, kCand);
    f.addMaster(kOld);  // back after a failover, with its old data, writable
    const MasterFence::Entry fence{kOld, kCand, QDateTime::currentDateTimeUtc()};
    const RecoveryPlan r = RecoveryPlanner::build(f.topology(), {}, {fence});
    QVERIFY(mentions(r, QStringLiteral("fenced old master %1 is back as a writable master").arg(kOld)));
    QCOMPARE(stepIds(r.plan), (QStringList{QStringLiteral("demote"), QStringLiteral("verify"), QStringLiteral("persist")}));
    QCOMPARE(r.resolvedFences, QStringList{kOld});

    // Once it follows the new master, the fence is merely lifted.
    TopologyFactory g;
    g.addMaster(kCand);
    g.addReplica(kOld, kCand);
    const RecoveryPlan lifted = RecoveryPlanner::build(g.topology(), {}, {fence});
    QVERIFY(lifted.nothingNeeded);
    QCOMPARE(lifted.resolvedFences, QStringList{kOld});
}

void tst_RecoveryPlanner::candidateDownIsNotGuessed()
{
    TopologyFactory f;
    f.addMaster(kOld);
    f.addReplica(kCand, kOld);
    f.addReplica(kR2, kOld);
    f.node(kCand).reachability = NodeReachability::Unreachable;
    const RecoveryPlan r = RecoveryPlanner::build(f.topology(), interruptedAfter({QStringLiteral("pause")}));
    QVERIFY(r.unresolvable);
    QVERIFY(!r.plan.canRun());
    QVERIFY(mentions(r, QStringLiteral("does not answer")));
}

// A config apply cut short moves no roles: recovery names what got through and closes it,
// without inventing a candidate or a master.
void tst_RecoveryPlanner::interruptedConfigApplyIsClosedNotGuessed()
{
    const QJsonObject plan{{QStringLiteral("operation"), QStringLiteral("config-live")},
                           {QStringLiteral("title"), QStringLiteral("Change the running configuration of %1").arg(kOld)},
                           {QStringLiteral("nodes"), QJsonArray{kOld}},
                           {QStringLiteral("steps"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("config-set-hz")}}}}};
    const QList<QJsonObject> log{
        entry(QStringLiteral("cfg"), QStringLiteral("op_started"), QJsonObject{{QStringLiteral("plan"), plan}}),
        entry(QStringLiteral("cfg"), QStringLiteral("step_finished"),
              QJsonObject{{QStringLiteral("step"), QStringLiteral("config-set-hz")}, {QStringLiteral("status"), QStringLiteral("succeeded")}})};
    TopologyFactory f;
    f.addMaster(kOld);
    const RecoveryPlan r = RecoveryPlanner::build(f.topology(), InterruptedOperation::fromAudit(log));
    QCOMPARE(r.operationIds, QStringList{QStringLiteral("cfg")});
    QVERIFY(mentions(r, QStringLiteral("its finished steps stay in force (config-set-hz)")));
    QVERIFY(!r.unresolvable);
    QVERIFY(r.plan.steps.isEmpty());
}

TANDEM_TEST_GUILESS_MAIN(tst_RecoveryPlanner)
#include "tst_recoveryplanner.moc"
