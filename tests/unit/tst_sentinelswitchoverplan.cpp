// The Sentinel switchover plan, reviewed before anything runs: its steps in a safe order (the
// other replicas lose their priority before the pause, the pause comes before SENTINEL
// FAILOVER, the demotion right after the promotion), and clear refusals when Sentinel could
// not do it safely.
#include "PlanTestHelpers.h"
#include "TestRegistry.h"
#include "TopologyFactory.h"

#include "ops/SentinelSteps.h"
#include "ops/SentinelSwitchover.h"
#include "ops/SwitchoverPlanner.h"

#include <QTest>

class tst_SentinelSwitchoverPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void planShape();
    void stepsOnlyWhenAllowed();
    void refusesWithoutReachableSentinel();
    void refusesWithoutSentinels();
    void refusesCandidateWithPriorityZero();
    void refusesMasterSentinelAndUnknown();
    void refusesWhenAnotherReplicaIsUnreachable();
    void pauseMustBeShorterThanDownAfter();
    void sentinelMustAgreeOnMaster();
    void sentinelMayOnlyPickCandidate();
    void automaticStrategyGoesThroughSentinel();

private:
    // 10.0.0.1 master of "mymaster", replicas .2 and .3, sentinels .9 and .10.
    static TopologyFactory group()
    {
        TopologyFactory f;
        f.addMaster(QStringLiteral("10.0.0.1:6379"), QStringLiteral("mymaster"));
        f.addReplica(QStringLiteral("10.0.0.2:6379"), QStringLiteral("10.0.0.1:6379"));
        f.addReplica(QStringLiteral("10.0.0.3:6379"), QStringLiteral("10.0.0.1:6379"));
        f.addSentinel(QStringLiteral("10.0.0.9:26379"), 0);
        f.addSentinel(QStringLiteral("10.0.0.10:26379"), 0);
        return f;
    }
    static QString allCommands(const Plan &p)
    {
        QStringList out;
        for (const PlanStep &s : p.steps)
            out += s.commands;
        return out.join(QLatin1Char('\n'));
    }
    static RespValue flat(const QList<QPair<QByteArray, QByteArray>> &pairs)
    {
        QList<RespValue> e;
        for (const auto &kv : pairs)
            e << RespValue::string(kv.first) << RespValue::string(kv.second);
        return RespValue::array(e);
    }
    static QHash<QString, QString> sentinelMaster(const QByteArray &port, const QByteArray &flags, const QByteArray &downAfter)
    {
        return SentinelSteps::fields(flat({{"name", "mymaster"}, {"ip", "10.0.0.1"}, {"port", port},
                                           {"flags", flags}, {"down-after-milliseconds", downAfter}}));
    }
    static RespValue replica(const QByteArray &ip, const QByteArray &priority, const QByteArray &flags = "slave")
    {
        return flat({{"name", ip + ":6379"}, {"ip", ip}, {"port", "6379"}, {"flags", flags}, {"slave-priority", priority}});
    }
};

void tst_SentinelSwitchoverPlan::planShape()
{
    SwitchoverOptions o;
    o.strategy = SwitchoverOptions::Strategy::Sentinel;
    o.timeoutMs = 4000;
    const Plan p = SentinelSwitchover::build(group().topology(), QStringLiteral("10.0.0.2:6379"), o);
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QCOMPARE(p.strategy, QStringLiteral("sentinel"));
    QCOMPARE(p.group, QStringLiteral("10.0.0.1:6379"));
    // Final states are read from the data nodes only.
    QCOMPARE(p.nodes, (QStringList{QStringLiteral("10.0.0.1:6379"), QStringLiteral("10.0.0.2:6379"), QStringLiteral("10.0.0.3:6379")}));
    QCOMPARE(p.facts.value(QStringLiteral("sentinel_name")).toString(), QStringLiteral("mymaster"));
    QCOMPARE(p.facts.value(QStringLiteral("pause_ms")).toInt(), 4000 + 3000);
    QCOMPARE(p.facts.value(QStringLiteral("pause_mode")).toString(), QStringLiteral("write"));

    // The order that decides correctness (PauseSteps' ids are theirs; ours around them).
    const QStringList order = PlanTest::stepIds(p);
    const QStringList expected{QStringLiteral("connect"), QStringLiteral("check-sentinels"),
                               QStringLiteral("lower-priorities"), QStringLiteral("wait-sentinel-priorities")};
    QCOMPARE(order.mid(0, 4), expected);
    QCOMPARE(p.steps.size(), 13);
    QCOMPARE(order.at(6), QStringLiteral("sentinel-failover"));
    QCOMPARE(order.at(7), QStringLiteral("wait-promotion"));
    QCOMPARE(order.mid(9), (QStringList{QStringLiteral("wait-sentinels"), QStringLiteral("restore-priorities"),
                                        QStringLiteral("verify"), QStringLiteral("persist")}));
    // Only SENTINEL FAILOVER is the point of no return; before it, everything is undone.
    for (const PlanStep &s : p.steps)
        QCOMPARE(s.pointOfNoReturn, s.id == QLatin1String("sentinel-failover"));
    QVERIFY(p.steps.at(2).compensate);
    QVERIFY(p.steps.at(8).run);  // the demotion, guarded by the promotion

    const QString commands = allCommands(p);
    QVERIFY(commands.contains(QStringLiteral("SENTINEL FAILOVER mymaster")));
    QVERIFY(commands.contains(QStringLiteral("10.0.0.3:6379: CONFIG SET replica-priority 0")));
    QVERIFY(!commands.contains(QStringLiteral("10.0.0.2:6379: CONFIG SET replica-priority")));
    QVERIFY(commands.contains(QStringLiteral("SENTINEL GET-MASTER-ADDR-BY-NAME mymaster")));
    QVERIFY(commands.contains(QStringLiteral("10.0.0.1:6379: CONFIG REWRITE")));

    const QString risks = p.risks.join(QLatin1Char('\n'));
    QVERIFY(risks.contains(QStringLiteral("longer than in a coordinated switchover")));
    QVERIFY(risks.contains(QStringLiteral("stays paused until Tandem demotes it")));
    QVERIFY(risks.contains(QStringLiteral("Sentinel saves the new roles itself")));
    QVERIFY(p.render().contains(QStringLiteral("SENTINEL FAILOVER mymaster")));
}

void tst_SentinelSwitchoverPlan::stepsOnlyWhenAllowed()
{
    TopologyFactory f = group();
    f.node(QStringLiteral("10.0.0.2:6379")).reachability = NodeReachability::Unreachable;
    const Plan p = SentinelSwitchover::build(f.topology(), QStringLiteral("10.0.0.2:6379"), {});
    QVERIFY(!p.canRun());
    QVERIFY(p.steps.isEmpty());
    QVERIFY(p.refusal().contains(QStringLiteral("unreachable")));
}

void tst_SentinelSwitchoverPlan::refusesWithoutReachableSentinel()
{
    TopologyFactory f = group();
    f.node(QStringLiteral("10.0.0.9:26379")).reachability = NodeReachability::Unreachable;
    Plan p = SentinelSwitchover::build(f.topology(), QStringLiteral("10.0.0.2:6379"), {});
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));  // one is enough
    QVERIFY(p.risks.join(QLatin1Char(' ')).contains(QStringLiteral("Not every sentinel answers")));

    f.node(QStringLiteral("10.0.0.10:26379")).reachability = NodeReachability::AuthFailed;
    p = SentinelSwitchover::build(f.topology(), QStringLiteral("10.0.0.2:6379"), {});
    QVERIFY(!p.canRun());
    QVERIFY2(p.refusal().contains(QStringLiteral("sentinel")), qPrintable(p.refusal()));
    QVERIFY(p.steps.isEmpty());
}

void tst_SentinelSwitchoverPlan::refusesWithoutSentinels()
{
    TopologyFactory f;
    f.addMaster(QStringLiteral("10.0.0.1:6379"));
    f.addReplica(QStringLiteral("10.0.0.2:6379"), QStringLiteral("10.0.0.1:6379"));
    const Plan p = SentinelSwitchover::build(f.topology(), QStringLiteral("10.0.0.2:6379"), {});
    QVERIFY(!p.canRun());
    QVERIFY2(p.refusal().contains(QStringLiteral("coordinated")), qPrintable(p.refusal()));
    // No empty list where the sentinels' names would go.
    QVERIFY2(p.refusal().contains(QStringLiteral("found: no sentinel is known")), qPrintable(p.refusal()));
    QVERIFY2(!p.refusal().contains(QStringLiteral("none of")), qPrintable(p.refusal()));
}

void tst_SentinelSwitchoverPlan::refusesCandidateWithPriorityZero()
{
    TopologyFactory f = group();
    f.node(QStringLiteral("10.0.0.2:6379")).snapshot.replicaPriority = 0;
    const Plan p = SentinelSwitchover::build(f.topology(), QStringLiteral("10.0.0.2:6379"), {});
    QVERIFY(!p.canRun());
    QVERIFY2(p.refusal().contains(QStringLiteral("replica-priority 0")), qPrintable(p.refusal()));
    // A priority of 0 on another replica is no obstacle (it is set to 0 anyway).
    TopologyFactory g = group();
    g.node(QStringLiteral("10.0.0.3:6379")).snapshot.replicaPriority = 0;
    QVERIFY(SentinelSwitchover::build(g.topology(), QStringLiteral("10.0.0.2:6379"), {}).canRun());
}

void tst_SentinelSwitchoverPlan::refusesMasterSentinelAndUnknown()
{
    const Topology t = group().topology();
    for (const QString &bad : {QStringLiteral("10.0.0.1:6379"), QStringLiteral("10.0.0.9:26379"), QStringLiteral("10.9.9.9:6379")}) {
        const Plan p = SentinelSwitchover::build(t, bad, {});
        QVERIFY2(!p.canRun(), qPrintable(bad));
        QVERIFY(p.steps.isEmpty());
        QVERIFY(!p.refusal().isEmpty());
    }
}

void tst_SentinelSwitchoverPlan::refusesWhenAnotherReplicaIsUnreachable()
{
    TopologyFactory f = group();
    f.node(QStringLiteral("10.0.0.3:6379")).reachability = NodeReachability::Unreachable;
    const Plan p = SentinelSwitchover::build(f.topology(), QStringLiteral("10.0.0.2:6379"), {});
    QVERIFY(!p.canRun());
    QVERIFY2(p.refusal().contains(QStringLiteral("10.0.0.3:6379")), qPrintable(p.refusal()));
}

void tst_SentinelSwitchoverPlan::pauseMustBeShorterThanDownAfter()
{
    // The pause (timeout + promotion budget) against each sentinel's down-after-milliseconds.
    QVERIFY(SentinelSteps::masterProblem(sentinelMaster("6379", "master", "30000"), QStringLiteral("10.0.0.1:6379"), 8000).isEmpty());
    const QString tooShort = SentinelSteps::masterProblem(sentinelMaster("6379", "master", "5000"), QStringLiteral("10.0.0.1:6379"), 8000);
    QVERIFY2(tooShort.contains(QStringLiteral("down-after-milliseconds (5000)")), qPrintable(tooShort));
    QVERIFY(!SentinelSteps::masterProblem(sentinelMaster("6379", "master", "8000"), QStringLiteral("10.0.0.1:6379"), 8000).isEmpty());
    QVERIFY(!SentinelSteps::masterProblem(sentinelMaster("6379", "master", ""), QStringLiteral("10.0.0.1:6379"), 8000).isEmpty());
}

void tst_SentinelSwitchoverPlan::sentinelMustAgreeOnMaster()
{
    const QString other = SentinelSteps::masterProblem(sentinelMaster("6380", "master", "30000"), QStringLiteral("10.0.0.1:6379"), 8000);
    QVERIFY2(other.contains(QStringLiteral("10.0.0.1:6380")), qPrintable(other));
    QVERIFY(!SentinelSteps::masterProblem(sentinelMaster("6379", "master,s_down", "30000"), QStringLiteral("10.0.0.1:6379"), 8000).isEmpty());
    QVERIFY(!SentinelSteps::masterProblem(sentinelMaster("6379", "master,failover_in_progress", "30000"), QStringLiteral("10.0.0.1:6379"), 8000).isEmpty());
    QVERIFY(SentinelSteps::sameAddress(QStringLiteral("[::1]:6379"), QStringLiteral("::1:6379")));
    QVERIFY(!SentinelSteps::sameAddress(QStringLiteral("10.0.0.1:6379"), QStringLiteral("10.0.0.1:6380")));
}

void tst_SentinelSwitchoverPlan::sentinelMayOnlyPickCandidate()
{
    const QStringList cand{QStringLiteral("10.0.0.2:6379")};
    // Before Sentinel re-read INFO: it still sees the old priority of .3.
    QString why = SentinelSteps::replicasProblem(RespValue::array({replica("10.0.0.2", "100"), replica("10.0.0.3", "100")}), cand);
    QVERIFY2(why.contains(QStringLiteral("10.0.0.3:6379")), qPrintable(why));
    QVERIFY(SentinelSteps::replicasProblem(RespValue::array({replica("10.0.0.2", "100"), replica("10.0.0.3", "0")}), cand).isEmpty());
    // A replica Sentinel sees down cannot be picked anyway.
    QVERIFY(SentinelSteps::replicasProblem(RespValue::array({replica("10.0.0.2", "50"), replica("10.0.0.3", "10", "slave,s_down")}), cand).isEmpty());
    // The candidate must be listed, up, and not at 0.
    QVERIFY(!SentinelSteps::replicasProblem(RespValue::array({replica("10.0.0.3", "0")}), cand).isEmpty());
    QVERIFY(!SentinelSteps::replicasProblem(RespValue::array({replica("10.0.0.2", "0")}), cand).isEmpty());
    QVERIFY(!SentinelSteps::replicasProblem(RespValue::array({replica("10.0.0.2", "100", "slave,disconnected")}), cand).isEmpty());
}

void tst_SentinelSwitchoverPlan::automaticStrategyGoesThroughSentinel()
{
    const Plan p = SwitchoverPlanner::build(group().topology(), QStringLiteral("10.0.0.2:6379"), {});
    QCOMPARE(p.strategy, QStringLiteral("sentinel"));
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
}

TANDEM_TEST_GUILESS_MAIN(tst_SentinelSwitchoverPlan)
#include "tst_sentinelswitchoverplan.moc"
