#include "FakeInfo.h"
#include "TestRegistry.h"

#include "topology/AnomalyDetector.h"
#include "topology/TopologyBuilder.h"
#include "topology/TopologyDiff.h"

#include <QTest>

// Comparing two topologies yields the events an operator wants in the log, each once, with a
// readable message, and nothing when nothing changed.
class TestTopologyDiff : public QObject
{
    Q_OBJECT

private:
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static QString lo() { return QStringLiteral("127.0.0.1"); }
    static Topology build(const QList<NodeObservation> &obs, int second = 0)
    {
        Topology t = TopologyBuilder::build(obs, FakeInfo::epoch().addSecs(second));
        AnomalyDetector d;
        t.anomalies = d.detect(t);
        return t;
    }
    static QList<NodeObservation> star()
    {
        return {FakeInfo::master(7000).set("aof_enabled", 1).addReplica(lo(), 7001, 5000)
                    .addReplica(lo(), 7002, 5000).up(addr(7000)),
                FakeInfo::replica(7001, lo(), 7000).up(addr(7001)),
                FakeInfo::replica(7002, lo(), 7000).up(addr(7002))};
    }
    static QStringList kinds(const QList<TopologyEvent> &events)
    {
        QStringList out;
        for (const TopologyEvent &e : events)
            out.append(TopologyEvent::kindName(e.kind));
        return out;
    }
    static QStringList describe(const QList<TopologyEvent> &events)
    {
        QStringList out;
        for (const TopologyEvent &e : events)
            out.append(TopologyEvent::kindName(e.kind) + QLatin1Char(' ') + e.node);
        return out;
    }

private Q_SLOTS:
    void nothingChanged();
    void firstTopologyAddsNodes();
    void nodeRemoved();
    void nodeDownAndUp();
    void roleChanged();
    void replicaRepointed();
    void linkDownAndUp();
    void fullSyncStartedAndFinished();
    void anomaliesRaisedAndCleared();
    void aliasMergeIsNoChurn();
    void kindNames();
};

void TestTopologyDiff::nothingChanged()
{
    QCOMPARE(TopologyDiff::events(build(star()), build(star(), 1)).size(), 0);
    QCOMPARE(TopologyDiff::events(Topology(), Topology()).size(), 0);
}

void TestTopologyDiff::firstTopologyAddsNodes()
{
    const QList<TopologyEvent> e = TopologyDiff::events(Topology(), build(star()));
    QCOMPARE(describe(e), (QStringList{QStringLiteral("node_added 127.0.0.1:7000"),
                                       QStringLiteral("node_added 127.0.0.1:7001"),
                                       QStringLiteral("node_added 127.0.0.1:7002")}));
    QCOMPARE(e.at(1).message, QStringLiteral("127.0.0.1:7001 joined the topology (replica of 127.0.0.1:7000)"));
    QCOMPARE(e.at(0).at, FakeInfo::epoch());
    QCOMPARE(e.at(0).severity, Anomaly::Severity::Info);
}

void TestTopologyDiff::nodeRemoved()
{
    QList<NodeObservation> obs = star();
    obs.append(FakeInfo::master(8000).set("aof_enabled", 1).up(addr(8000)));
    const QList<TopologyEvent> e = TopologyDiff::events(build(obs), build(star()));
    QCOMPARE(describe(e), QStringList{QStringLiteral("node_removed 127.0.0.1:8000")});
}

void TestTopologyDiff::nodeDownAndUp()
{
    QList<NodeObservation> obs = star();
    obs[2] = FakeInfo::replica(7002, lo(), 7000).stale(addr(7002));
    const Topology up = build(star());
    const Topology down = build(obs, 1);
    QList<TopologyEvent> e = TopologyDiff::events(up, down);
    QCOMPARE(describe(e), (QStringList{QStringLiteral("node_down 127.0.0.1:7002"),
                                       QStringLiteral("anomaly_raised 127.0.0.1:7002")}));
    QCOMPARE(e.first().message, QStringLiteral("127.0.0.1:7002 cannot be reached: Connection refused"));
    QCOMPARE(e.first().severity, Anomaly::Severity::Warning);

    e = TopologyDiff::events(down, build(star(), 2));
    QCOMPARE(describe(e), (QStringList{QStringLiteral("node_up 127.0.0.1:7002"),
                                       QStringLiteral("anomaly_cleared 127.0.0.1:7002")}));
    QVERIFY(e.first().message.contains(QLatin1String("Redis 7.0.15")));
    QVERIFY(e.last().message.startsWith(QLatin1String("Resolved: ")));

    // Still down, now for another reason: worth a line.
    obs[2] = FakeInfo::replica(7002, lo(), 7000).stale(addr(7002), NodeReachability::AuthFailed);
    e = TopologyDiff::events(down, build(obs, 3));
    QCOMPARE(kinds(e).first(), QStringLiteral("node_down"));
    QVERIFY(e.first().message.contains(QLatin1String("refused Tandem's login")));
}

void TestTopologyDiff::roleChanged()
{
    // 7001 was promoted and 7000 follows it now (a clean switchover).
    const FakeInfo promoted = FakeInfo::master(7001, 6000).set("aof_enabled", 1)
                                  .set("master_replid", QString(40, QLatin1Char('d')))
                                  .set("master_replid2", FakeInfo::replId(7000))
                                  .addReplica(lo(), 7000, 6000).addReplica(lo(), 7002, 6000);
    const Topology after = build({FakeInfo::replica(7000, lo(), 7001, 6000).up(addr(7000)),
                                  promoted.up(addr(7001)),
                                  FakeInfo::replica(7002, lo(), 7001, 6000).up(addr(7002))}, 1);
    const QList<TopologyEvent> e = TopologyDiff::events(build(star()), after);
    QCOMPARE(describe(e), (QStringList{QStringLiteral("role_changed 127.0.0.1:7001"),
                                       QStringLiteral("role_changed 127.0.0.1:7000"),
                                       QStringLiteral("role_changed 127.0.0.1:7002")}));
    QCOMPARE(e.at(0).message,
             QStringLiteral("127.0.0.1:7001 changed role: replica of 127.0.0.1:7000 -> master"));
    QCOMPARE(e.at(1).message,
             QStringLiteral("127.0.0.1:7000 changed role: master -> replica of 127.0.0.1:7001"));
    QCOMPARE(e.at(0).severity, Anomaly::Severity::Warning);
}

void TestTopologyDiff::replicaRepointed()
{
    QList<NodeObservation> obs = star();
    obs[0] = FakeInfo::master(7000).set("aof_enabled", 1).addReplica(lo(), 7001, 5000).up(addr(7000));
    obs[2] = FakeInfo::replica(7002, lo(), 7001).up(addr(7002));
    const QList<TopologyEvent> e = TopologyDiff::events(build(star()), build(obs, 1));
    QCOMPARE(describe(e), QStringList{QStringLiteral("role_changed 127.0.0.1:7002")});
    QVERIFY(e.first().message.endsWith(QLatin1String("replica of 127.0.0.1:7000 -> replica of 127.0.0.1:7001")));
}

void TestTopologyDiff::linkDownAndUp()
{
    QList<NodeObservation> obs = star();
    obs[1] = FakeInfo::replica(7001, lo(), 7000).set("master_link_status", QStringLiteral("down")).up(addr(7001));
    const Topology down = build(obs, 1);
    QList<TopologyEvent> e = TopologyDiff::events(build(star()), down);
    QCOMPARE(describe(e), (QStringList{QStringLiteral("link_down 127.0.0.1:7001"),
                                       QStringLiteral("anomaly_raised 127.0.0.1:7001")}));
    QCOMPARE(e.first().message, QStringLiteral("Replication link 127.0.0.1:7000 -> 127.0.0.1:7001 is down"));
    QCOMPARE(e.at(1).severity, Anomaly::Severity::Critical);
    e = TopologyDiff::events(down, build(star(), 2));
    QCOMPARE(describe(e), (QStringList{QStringLiteral("link_up 127.0.0.1:7001"),
                                       QStringLiteral("anomaly_cleared 127.0.0.1:7001")}));
}

void TestTopologyDiff::fullSyncStartedAndFinished()
{
    QList<NodeObservation> obs = star();
    obs[2] = FakeInfo::replica(7002, lo(), 7000, 1).set("master_link_status", QStringLiteral("down"))
                 .set("master_sync_in_progress", 1).up(addr(7002));
    const Topology syncing = build(obs, 1);
    QList<TopologyEvent> e = TopologyDiff::events(build(star()), syncing);
    QCOMPARE(describe(e), QStringList{QStringLiteral("full_sync_started 127.0.0.1:7002")});
    QCOMPARE(e.first().message, QStringLiteral("127.0.0.1:7002 started a full sync from 127.0.0.1:7000"));
    e = TopologyDiff::events(syncing, build(star(), 2));
    QCOMPARE(describe(e), QStringList{QStringLiteral("full_sync_finished 127.0.0.1:7002")});
    QCOMPARE(e.first().severity, Anomaly::Severity::Info);

    // Interrupted: the link is down and no sync runs any more.
    obs[2] = FakeInfo::replica(7002, lo(), 7000, 1).set("master_link_status", QStringLiteral("down")).up(addr(7002));
    e = TopologyDiff::events(syncing, build(obs, 3));
    QCOMPARE(kinds(e).first(), QStringLiteral("full_sync_finished"));
    QCOMPARE(e.first().severity, Anomaly::Severity::Warning);
    QVERIFY(e.first().message.contains(QLatin1String("before it completed")));

    // A new replica's first sync is news too.
    QCOMPARE(kinds(TopologyDiff::events(Topology(), syncing)).count(QStringLiteral("full_sync_started")), 1);
}

void TestTopologyDiff::anomaliesRaisedAndCleared()
{
    Topology before = build(star());
    Anomaly a;
    a.kind = QStringLiteral("lag_bytes");
    a.nodes = {addr(7001), addr(7000)};
    a.message = QStringLiteral("Replica 127.0.0.1:7001 is 3.0 MiB behind master 127.0.0.1:7000.");
    a.severity = Anomaly::Severity::Warning;
    Topology after = before;
    after.anomalies.append(a);
    QList<TopologyEvent> e = TopologyDiff::events(before, after);
    QCOMPARE(describe(e), QStringList{QStringLiteral("anomaly_raised 127.0.0.1:7001")});
    QCOMPARE(e.first().message, a.message);
    QCOMPARE(e.first().severity, Anomaly::Severity::Warning);
    // Same key, new wording (the lag grew): no event.
    Topology worse = after;
    worse.anomalies.last().message = QStringLiteral("Replica 127.0.0.1:7001 is 9.0 MiB behind.");
    QCOMPARE(TopologyDiff::events(after, worse).size(), 0);
    e = TopologyDiff::events(worse, before);
    QCOMPARE(describe(e), QStringList{QStringLiteral("anomaly_cleared 127.0.0.1:7001")});
    QCOMPARE(e.first().severity, Anomaly::Severity::Info);
}

void TestTopologyDiff::aliasMergeIsNoChurn()
{
    // First only localhost:7000 answers; then 127.0.0.1:7000 turns out to be the same server.
    const FakeInfo m = FakeInfo::master(7000).set("aof_enabled", 1);
    const Topology one = build({m.up(QStringLiteral("localhost:7000"))});
    const Topology merged = build({m.up(QStringLiteral("localhost:7000")), m.up(addr(7000))}, 1);
    QCOMPARE(merged.nodes.size(), 1);
    QCOMPARE(TopologyDiff::events(one, merged).size(), 0);
    QCOMPARE(TopologyDiff::events(merged, one).size(), 0);
}

void TestTopologyDiff::kindNames()
{
    QCOMPARE(TopologyEvent::kindName(TopologyEvent::Kind::NodeAdded), QStringLiteral("node_added"));
    QCOMPARE(TopologyEvent::kindName(TopologyEvent::Kind::RoleChanged), QStringLiteral("role_changed"));
    QCOMPARE(TopologyEvent::kindName(TopologyEvent::Kind::FullSyncFinished), QStringLiteral("full_sync_finished"));
    QCOMPARE(TopologyEvent::kindName(TopologyEvent::Kind::AnomalyCleared), QStringLiteral("anomaly_cleared"));
}

TANDEM_TEST_GUILESS_MAIN(TestTopologyDiff)
#include "tst_topologydiff.moc"
