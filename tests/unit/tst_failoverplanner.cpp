#include "FakeInfo.h"
#include "PlanTestHelpers.h"
#include "TestRegistry.h"

#include "ops/FailoverPlanner.h"
#include "topology/TopologyBuilder.h"

#include <QJsonArray>
#include <QTest>

// When the master is down, the planner picks the replica that loses the least (highest applied
// offset, then priority), never one configured or known to be a bad choice, tells the user how
// much will be lost before anything runs, and refuses clearly when a failover is the wrong tool.
class TestFailoverPlanner : public QObject
{
    Q_OBJECT

private:
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static QString lo() { return QStringLiteral("127.0.0.1"); }
    static Topology build(const QList<NodeObservation> &obs) { return TopologyBuilder::build(obs, FakeInfo::epoch()); }

    // The master 7000 died at offset 10000 (last seen 30 s ago); its replicas lost the link 5 s ago.
    static NodeObservation deadMaster(qint64 offset = 10000)
    {
        return FakeInfo::master(7000, offset).addReplica(lo(), 7001, offset).stale(addr(7000));
    }
    static FakeInfo orphan(quint16 port, qint64 offset, qint64 downSeconds = 5)
    {
        return FakeInfo::replica(port, lo(), 7000, offset)
            .set("master_link_status", QStringLiteral("down"))
            .set("master_link_down_since_seconds", downSeconds);
    }
    static QStringList addresses(const QList<FailoverCandidate> &list)
    {
        QStringList out;
        for (const FailoverCandidate &c : list)
            out.append(c.address);
        return out;
    }
    static const FailoverCandidate *find(const QList<FailoverCandidate> &list, const QString &address)
    {
        for (const FailoverCandidate &c : list) {
            if (c.address == address)
                return &c;
        }
        return nullptr;
    }

private Q_SLOTS:
    void ranksByOffsetThenPriority();
    void skipsPriorityZeroUnreachableAndStale();
    void chainedReplicasAreListedNotChosen();
    void planShowsLossAndSteps();
    void anyNodeOfTheGroupIsASeed();
    void chosenCandidate();
    void refusesWhenMasterUp();
    void refusesWithoutEligibleReplica();
    void refusesIneligibleCandidate();
    void refusesUnknownSeed();
    void refusesWhileCandidateLinkUp();
    void unknownMasterOffsetIsUnknownLoss();
    void fenceOfReport();
};

void TestFailoverPlanner::ranksByOffsetThenPriority()
{
    const Topology t = build({deadMaster(), orphan(7001, 9000).up(addr(7001)), orphan(7002, 9500).up(addr(7002)),
                              orphan(7003, 9500).set("slave_priority", 50).up(addr(7003))});
    const QList<FailoverCandidate> r = FailoverPlanner::rank(t, addr(7000));
    QCOMPARE(addresses(r), (QStringList{addr(7003), addr(7002), addr(7001)}));
    for (const FailoverCandidate &c : r)
        QVERIFY2(c.eligible, qPrintable(c.reason));
    QCOMPARE(r.at(0).appliedOffset, 9500);
    QCOMPARE(r.at(0).priority, 50);
    QCOMPARE(r.at(0).estimatedLossBytes, 500);
    QCOMPARE(r.at(2).estimatedLossBytes, 1000);
    QCOMPARE(r.at(0).linkDownSeconds, 5);
    QVERIFY2(r.at(0).reason.contains(QLatin1String("highest applied offset")), qPrintable(r.at(0).reason));
    QVERIFY2(r.at(1).reason.contains(QLatin1String("replica-priority 100")), qPrintable(r.at(1).reason));
    QVERIFY2(r.at(2).reason.contains(QLatin1String("behind 127.0.0.1:7003 by 500 bytes")), qPrintable(r.at(2).reason));
}

void TestFailoverPlanner::skipsPriorityZeroUnreachableAndStale()
{
    // The best data sits on replicas that must not or cannot be promoted.
    const Topology t = build({deadMaster(),
                              orphan(7001, 9900).set("slave_priority", 0).up(addr(7001)),
                              orphan(7002, 9950).stale(addr(7002)),
                              orphan(7003, 9800, 3600).up(addr(7003)),
                              orphan(7004, 9000).up(addr(7004))});
    const QList<FailoverCandidate> r = FailoverPlanner::rank(t, addr(7000));
    QCOMPARE(r.size(), 4);
    QCOMPARE(r.first().address, addr(7004));
    QVERIFY(r.first().eligible);
    const FailoverCandidate *p0 = find(r, addr(7001));
    QVERIFY(p0 && !p0->eligible);
    QVERIFY2(p0->reason.contains(QLatin1String("replica-priority 0")), qPrintable(p0->reason));
    const FailoverCandidate *down = find(r, addr(7002));
    QVERIFY(down && !down->eligible);
    QVERIFY2(down->reason.contains(QLatin1String("unreachable")), qPrintable(down->reason));
    const FailoverCandidate *stale = find(r, addr(7003));
    QVERIFY(stale && !stale->eligible);
    QCOMPARE(stale->linkDownSeconds, 3600);
    QVERIFY2(stale->reason.contains(QLatin1String("before the master was last seen")), qPrintable(stale->reason));

    // The plan still repoints the reachable ones it did not choose, and says what it cannot reach.
    const Plan p = FailoverPlanner::build(t, addr(7000));
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QCOMPARE(p.facts.value(QStringLiteral("candidate")).toString(), addr(7004));
    QCOMPARE(p.nodes, (QStringList{addr(7004), addr(7001), addr(7003), addr(7000)}));
    QVERIFY(p.risks.join(QLatin1Char('\n')).contains(QStringLiteral("%1 is unreachable and cannot be repointed").arg(addr(7002))));
}

void TestFailoverPlanner::chainedReplicasAreListedNotChosen()
{
    const Topology t = build({deadMaster(), orphan(7001, 9000).up(addr(7001)),
                              FakeInfo::replica(7005, lo(), 7001, 9000).up(addr(7005))});
    const QList<FailoverCandidate> r = FailoverPlanner::rank(t, addr(7005));
    QCOMPARE(addresses(r), (QStringList{addr(7001), addr(7005)}));
    QVERIFY(!r.at(1).eligible);
    QVERIFY2(r.at(1).reason.contains(QLatin1String("chained below")), qPrintable(r.at(1).reason));
    const Plan p = FailoverPlanner::build(t, addr(7000));
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QVERIFY(!p.nodes.contains(addr(7005)));
    QVERIFY(p.risks.join(QLatin1Char('\n')).contains(QLatin1String("Chained replicas keep following their parent")));
}

void TestFailoverPlanner::planShowsLossAndSteps()
{
    const Topology t = build({deadMaster(), orphan(7001, 9000).up(addr(7001)), orphan(7002, 9500).up(addr(7002))});
    const Plan p = FailoverPlanner::build(t, addr(7000));
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QCOMPARE(p.operation, QStringLiteral("failover"));
    QCOMPARE(p.group, addr(7000));
    QCOMPARE(p.title, QStringLiteral("Fail over %1 to %2").arg(addr(7000), addr(7002)));
    QCOMPARE(p.nodes, (QStringList{addr(7002), addr(7001), addr(7000)}));
    QCOMPARE(PlanTest::stepIds(p), (QStringList{QStringLiteral("preflight"), QStringLiteral("promote"), QStringLiteral("repoint"),
                                      QStringLiteral("verify"), QStringLiteral("persist"), QStringLiteral("fence")}));
    for (const PlanStep &s : p.steps)
        QVERIFY2(s.pointOfNoReturn == (s.id == QLatin1String("promote")), qPrintable(s.id));
    QCOMPARE(p.steps.at(1).commands, QStringList{addr(7002) + QStringLiteral(": REPLICAOF NO ONE")});
    QCOMPARE(p.steps.at(2).commands, QStringList{addr(7001) + QStringLiteral(": REPLICAOF 127.0.0.1 7002")});
    QCOMPARE(p.steps.at(5).node, addr(7000));

    // The loss, as a number for the review and in words for the user.
    QCOMPARE(p.facts.value(QStringLiteral("estimated_loss_bytes")).toInteger(), 500);
    QCOMPARE(p.facts.value(QStringLiteral("master_last_offset")).toInteger(), 10000);
    const QJsonArray candidates = p.facts.value(QStringLiteral("candidates")).toArray();
    QCOMPARE(candidates.size(), 2);
    QCOMPARE(candidates.at(0).toObject().value(QStringLiteral("address")).toString(), addr(7002));
    QCOMPARE(candidates.at(1).toObject().value(QStringLiteral("estimated_loss_bytes")).toInteger(), 1000);
    const QString risks = p.risks.join(QLatin1Char('\n'));
    QVERIFY2(risks.contains(QLatin1String("Writes after offset 9500 that only the old master had, about 500 bytes, "
                                          "will be lost")),
             qPrintable(risks));
    QVERIFY2(risks.contains(QLatin1String("second writable master until Tandem sees it")), qPrintable(risks));
    QVERIFY(p.render().contains(QLatin1String("about 500 bytes")));
}

void TestFailoverPlanner::anyNodeOfTheGroupIsASeed()
{
    const Topology t = build({deadMaster(), orphan(7001, 9000).up(addr(7001)), orphan(7002, 9500).up(addr(7002))});
    const Plan p = FailoverPlanner::build(t, addr(7001));
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QCOMPARE(p.facts.value(QStringLiteral("candidate")).toString(), addr(7002));
    QCOMPARE(p.group, addr(7000));
}

void TestFailoverPlanner::chosenCandidate()
{
    const Topology t = build({deadMaster(), orphan(7001, 9000).up(addr(7001)), orphan(7002, 9500).up(addr(7002))});
    FailoverOptions o;
    o.candidate = addr(7001);
    const Plan p = FailoverPlanner::build(t, addr(7000), o);
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QCOMPARE(p.facts.value(QStringLiteral("estimated_loss_bytes")).toInteger(), 1000);
    QCOMPARE(p.steps.at(2).commands, QStringList{addr(7002) + QStringLiteral(": REPLICAOF 127.0.0.1 7001")});
}

void TestFailoverPlanner::refusesWhenMasterUp()
{
    const Topology t = build({FakeInfo::master(7000).addReplica(lo(), 7001, 5000).up(addr(7000)),
                              FakeInfo::replica(7001, lo(), 7000).up(addr(7001))});
    const Plan p = FailoverPlanner::build(t, addr(7000));
    QVERIFY(!p.canRun());
    QVERIFY2(p.refusal().contains(QLatin1String("use a switchover")), qPrintable(p.refusal()));
}

void TestFailoverPlanner::refusesWithoutEligibleReplica()
{
    const Topology t = build({deadMaster(), orphan(7001, 9000).set("slave_priority", 0).up(addr(7001))});
    const Plan p = FailoverPlanner::build(t, addr(7000));
    QVERIFY(!p.canRun());
    QVERIFY2(p.refusal().contains(QLatin1String("no eligible replica")), qPrintable(p.refusal()));
    QVERIFY2(p.refusal().contains(QLatin1String("replica-priority 0")), qPrintable(p.refusal()));
    QVERIFY(p.steps.isEmpty());
}

void TestFailoverPlanner::refusesIneligibleCandidate()
{
    const Topology t = build({deadMaster(), orphan(7001, 9000).set("slave_priority", 0).up(addr(7001)),
                              orphan(7002, 8000).up(addr(7002)), orphan(7003, 8000).stale(addr(7003)),
                              FakeInfo::master(7100).addReplica(lo(), 7101, 5000).up(addr(7100)),
                              FakeInfo::replica(7101, lo(), 7100).up(addr(7101))});
    const auto refusal = [&t](const QString &to) {
        FailoverOptions o;
        o.candidate = to;
        const Plan p = FailoverPlanner::build(t, addr(7000), o);
        return p.canRun() ? QString() : p.refusal();
    };
    QVERIFY2(refusal(addr(7001)).contains(QLatin1String("replica-priority 0")), qPrintable(refusal(addr(7001))));
    QVERIFY2(refusal(addr(7003)).contains(QLatin1String("unreachable")), qPrintable(refusal(addr(7003))));
    QVERIFY2(refusal(addr(7101)).contains(QLatin1String("not a replica of 127.0.0.1:7000")), qPrintable(refusal(addr(7101))));
    QVERIFY2(refusal(addr(7999)).contains(QLatin1String("does not know 127.0.0.1:7999")), qPrintable(refusal(addr(7999))));
    QVERIFY(refusal(addr(7002)).isEmpty());
}

void TestFailoverPlanner::refusesUnknownSeed()
{
    const Topology t = build({deadMaster(), orphan(7001, 9000).up(addr(7001))});
    const Plan p = FailoverPlanner::build(t, addr(7999));
    QVERIFY(!p.canRun());
    QVERIFY2(p.refusal().contains(QLatin1String("does not know 127.0.0.1:7999")), qPrintable(p.refusal()));
    QVERIFY(FailoverPlanner::rank(t, addr(7999)).isEmpty());
}

void TestFailoverPlanner::refusesWhileCandidateLinkUp()
{
    // Tandem lost the master, its replica did not: probably a network problem on our side.
    const Topology t = build({deadMaster(), FakeInfo::replica(7001, lo(), 7000, 9000).up(addr(7001))});
    const Plan p = FailoverPlanner::build(t, addr(7000));
    QVERIFY(!p.canRun());
    QVERIFY2(p.refusal().contains(QLatin1String("still reports its link up")), qPrintable(p.refusal()));
}

void TestFailoverPlanner::unknownMasterOffsetIsUnknownLoss()
{
    // Tandem started after the master died: it knows the master only by name.
    const Topology t = build({orphan(7001, 9000).up(addr(7001)), orphan(7002, 9500).up(addr(7002))});
    const QList<FailoverCandidate> r = FailoverPlanner::rank(t, addr(7001));
    QCOMPARE(addresses(r), (QStringList{addr(7002), addr(7001)}));
    // What a sibling applied is known to be lost by the one behind it.
    QCOMPARE(r.at(0).estimatedLossBytes, 0);
    QCOMPARE(r.at(1).estimatedLossBytes, 500);
    const Plan p = FailoverPlanner::build(t, addr(7001));
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QCOMPARE(p.facts.value(QStringLiteral("master_last_offset")).toInteger(), -1);
}

void TestFailoverPlanner::fenceOfReport()
{
    ExecutionReport report;
    QVERIFY(!FailoverPlanner::fenceOf(report));
    StepRecord promote;
    promote.id = QStringLiteral("promote");
    promote.status = StepRecord::Status::Succeeded;
    report.steps.append(promote);
    StepRecord fence;
    fence.id = QStringLiteral("fence");
    fence.status = StepRecord::Status::Succeeded;
    fence.details = QJsonObject{{QStringLiteral("fence"), QJsonObject{{QStringLiteral("old"), addr(7000)},
                                                                      {QStringLiteral("new"), addr(7002)}}}};
    report.steps.append(fence);
    const auto f = FailoverPlanner::fenceOf(report);
    QVERIFY(f);
    QCOMPARE(f->first, addr(7000));
    QCOMPARE(f->second, addr(7002));
    report.steps.last().status = StepRecord::Status::Failed;
    QVERIFY(!FailoverPlanner::fenceOf(report));
}

TANDEM_TEST_GUILESS_MAIN(TestFailoverPlanner)
#include "tst_failoverplanner.moc"
