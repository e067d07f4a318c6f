#include "FakeInfo.h"
#include "TestRegistry.h"

#include "topology/TopologyBuilder.h"

#include <QFile>
#include <QTest>

// Observations (real INFO text through the real parser) fold into the right nodes, edges,
// groups, depths and order: stars, chains, aliases, orphans, loops, lag and sync progress.
class TestTopologyBuilder : public QObject
{
    Q_OBJECT

private:
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static QStringList addresses(const Topology &t)
    {
        QStringList out;
        for (const TopologyNode &n : t.nodes)
            out.append(n.address);
        return out;
    }
    static Topology build(const QList<NodeObservation> &obs)
    {
        return TopologyBuilder::build(obs, FakeInfo::epoch());
    }
    static NodeObservation fixture(const QString &name, const QString &address)
    {
        QFile f(QFINDTESTDATA(QStringLiteral("data/info/") + name));
        if (!f.open(QIODevice::ReadOnly))
            qWarning("fixture %s not found", qPrintable(name));
        NodeObservation o;
        o.address = address;
        o.reachability = NodeReachability::Up;
        o.hasSnapshot = true;
        o.snapshot = InfoParser::parse(f.readAll(), FakeInfo::epoch());
        o.lastSeen = FakeInfo::epoch();
        return o;
    }

private Q_SLOTS:
    void star();
    void starFromFixtures();
    void chainOfDepthThree();
    void twoIndependentGroups();
    void aliasMergeByRunId();
    void aliasMergePrefersReachableData();
    void loopbackNamesResolve();
    void replicaOfUnreachableMaster();
    void placeholderForUnobservedMaster();
    void deadFormerMasterStaysInItsGroup();
    void replicationLoopTerminates();
    void masterSideFillsInForSilentReplica();
    void lagFromFresherReplicaOffset();
    void lagNeverNegative();
    void lagWithStaleSides();
    void lagAcrossDifferentHistories();
    void disklessSyncHasNoPercentage();
    void diskSyncProgress62();
    void oldVersionSyncOnlyBytesLeft();
    void linkDownSeconds();
    void sentinelsJoinTheirGroup();
    void orderIsDeterministic();
    void lookups();
};

void TestTopologyBuilder::star()
{
    const FakeInfo m = FakeInfo::master(7000, 9000).addReplica(QStringLiteral("127.0.0.1"), 7001, 8990)
                           .addReplica(QStringLiteral("127.0.0.1"), 7002, 9000);
    const Topology t = build({FakeInfo::replica(7002, QStringLiteral("127.0.0.1"), 7000, 9000).up(addr(7002)),
                              m.up(addr(7000)),
                              FakeInfo::replica(7001, QStringLiteral("127.0.0.1"), 7000, 8995).up(addr(7001))});
    QCOMPARE(addresses(t), (QStringList{addr(7000), addr(7001), addr(7002)}));
    QCOMPARE(t.groups.size(), 1);
    QCOMPARE(t.groups.at(0).master, addr(7000));
    QCOMPARE(t.groups.at(0).nodes, addresses(t));
    QCOMPARE(t.nodes.at(0).depth, 0);
    QCOMPARE(t.nodes.at(1).depth, 1);
    QCOMPARE(t.nodes.at(2).depth, 1);
    QCOMPARE(t.nodes.at(0).role, NodeSnapshot::Role::Master);
    QCOMPARE(t.nodes.at(1).role, NodeSnapshot::Role::Replica);
    QCOMPARE(t.nodes.at(1).masterAddress, addr(7000));
    QCOMPARE(t.edges.size(), 2);
    const TopologyEdge *e = t.edgeTo(addr(7001));
    QVERIFY(e);
    QCOMPARE(e->master, addr(7000));
    QVERIFY(e->linkUp);
    QCOMPARE(e->state, QStringLiteral("online"));
    QCOMPARE(e->lagBytes, std::optional<qint64>(5));  // replica's own offset 8995, not 8990
    QCOMPARE(e->lagSeconds, std::optional<qint64>(0));
    QVERIFY(!e->syncInProgress);
    QCOMPARE(t.edgesFrom(addr(7000)).size(), 2);
    for (const TopologyNode &n : t.nodes)
        QCOMPARE(n.group, 0);
    QCOMPARE(t.takenAt, FakeInfo::epoch());
    QVERIFY(t.anomalies.isEmpty());
}

void TestTopologyBuilder::starFromFixtures()
{
    const Topology t = build({fixture(QStringLiteral("7.0.15-master.txt"), addr(17000)),
                              fixture(QStringLiteral("7.0.15-replica.txt"), addr(17001)),
                              fixture(QStringLiteral("7.0.15-replica-syncing.txt"), addr(17002))});
    QCOMPARE(addresses(t), (QStringList{addr(17000), addr(17001), addr(17002)}));
    const TopologyEdge *e = t.edgeTo(addr(17001));
    QVERIFY(e && e->linkUp);
    QCOMPARE(e->lagBytes, std::optional<qint64>(0));  // 7161 - 7161
    const TopologyEdge *s = t.edgeTo(addr(17002));
    QVERIFY(s && s->syncInProgress && !s->linkUp);
    QVERIFY(!s->lagBytes);  // offsets mean nothing during a full sync
}

void TestTopologyBuilder::chainOfDepthThree()
{
    const QString lo = QStringLiteral("127.0.0.1");
    const Topology t = build({
        FakeInfo::replica(7003, lo, 7002).up(addr(7003)),
        FakeInfo::replica(7001, lo, 7000).addReplica(lo, 7002, 5000).up(addr(7001)),
        FakeInfo::master(7000).addReplica(lo, 7001, 5000).up(addr(7000)),
        FakeInfo::replica(7002, lo, 7001).addReplica(lo, 7003, 5000).up(addr(7002)),
    });
    QCOMPARE(addresses(t), (QStringList{addr(7000), addr(7001), addr(7002), addr(7003)}));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(t.nodes.at(i).depth, i);
    QCOMPARE(t.groups.size(), 1);
    QCOMPARE(t.groups.at(0).nodes.size(), 4);
    QCOMPARE(t.edgeTo(addr(7003))->master, addr(7002));  // parent -> child
    QCOMPARE(t.edgeTo(addr(7002))->master, addr(7001));
    QCOMPARE(t.edgesFrom(addr(7000)).size(), 1);
}

void TestTopologyBuilder::twoIndependentGroups()
{
    const QString lo = QStringLiteral("127.0.0.1");
    const Topology t = build({
        FakeInfo::master(8000).addReplica(lo, 8001, 5000).up(addr(8000)),
        FakeInfo::replica(7001, lo, 7000).up(addr(7001)),
        FakeInfo::replica(8001, lo, 8000).up(addr(8001)),
        FakeInfo::master(7000).addReplica(lo, 7001, 5000).up(addr(7000)),
    });
    QCOMPARE(t.groups.size(), 2);
    QCOMPARE(t.groups.at(0).master, addr(7000));
    QCOMPARE(t.groups.at(1).master, addr(8000));
    QCOMPARE(t.groups.at(1).nodes, (QStringList{addr(8000), addr(8001)}));
    QCOMPARE(addresses(t), (QStringList{addr(7000), addr(7001), addr(8000), addr(8001)}));
    QCOMPARE(t.node(addr(8001))->group, 1);
    QCOMPARE(t.groupOf(addr(8001))->master, addr(8000));
}

void TestTopologyBuilder::aliasMergeByRunId()
{
    const FakeInfo m = FakeInfo::master(7000).addReplica(QStringLiteral("127.0.0.1"), 7001, 5000);
    const NodeObservation viaName = m.up(QStringLiteral("localhost:7000"));
    const NodeObservation viaIp = m.up(addr(7000));
    const NodeObservation r = FakeInfo::replica(7001, QStringLiteral("127.0.0.1"), 7000).up(addr(7001));

    Topology t = build({viaName, r, viaIp});
    QCOMPARE(t.nodes.size(), 2);  // one node, not two
    const TopologyNode *n = t.node(addr(7000));
    QVERIFY(n);
    QCOMPARE(n->address, QStringLiteral("localhost:7000"));  // observed first wins
    QCOMPARE(n->aliases, QStringList{addr(7000)});
    QCOMPARE(t.edgeTo(addr(7001))->master, QStringLiteral("localhost:7000"));
    QVERIFY(!t.node(QStringLiteral("localhost:7000"))->placeholder);

    t = build({viaIp, r, viaName});
    QCOMPARE(t.nodes.size(), 2);
    QCOMPARE(t.nodes.at(0).address, addr(7000));
    QCOMPARE(t.nodes.at(0).aliases, QStringList{QStringLiteral("localhost:7000")});
}

void TestTopologyBuilder::aliasMergePrefersReachableData()
{
    const FakeInfo m = FakeInfo::master(7000);
    // The seed's own path broke (stale snapshot, same run_id); the other path answers.
    const Topology t = build({m.stale(QStringLiteral("10.0.0.5:7000")), m.up(addr(7000))});
    QCOMPARE(t.nodes.size(), 1);
    QCOMPARE(t.nodes.at(0).address, QStringLiteral("10.0.0.5:7000"));
    QVERIFY(t.nodes.at(0).isUp());
    QCOMPARE(t.nodes.at(0).lastSeen, FakeInfo::epoch());
}

void TestTopologyBuilder::loopbackNamesResolve()
{
    // The replica was configured with "replicaof localhost 7000", Tandem reached 127.0.0.1.
    const Topology t = build({FakeInfo::master(7000).up(addr(7000)),
                              FakeInfo::replica(7001, QStringLiteral("localhost"), 7000).up(addr(7001))});
    QCOMPARE(t.nodes.size(), 2);
    QCOMPARE(t.edgeTo(addr(7001))->master, addr(7000));
    QCOMPARE(t.nodes.at(1).masterAddress, QStringLiteral("localhost:7000"));
}

void TestTopologyBuilder::replicaOfUnreachableMaster()
{
    const Topology t = build({FakeInfo::unseen(addr(7000)),
                              FakeInfo::replica(7001, QStringLiteral("127.0.0.1"), 7000)
                                  .set("master_link_status", QStringLiteral("down"))
                                  .set("master_link_down_since_seconds", 12)
                                  .up(addr(7001))});
    QCOMPARE(addresses(t), (QStringList{addr(7000), addr(7001)}));
    QCOMPARE(t.groups.size(), 1);
    QCOMPARE(t.groups.at(0).master, addr(7000));
    const TopologyNode *m = t.node(addr(7000));
    QCOMPARE(m->reachability, NodeReachability::Unreachable);
    QCOMPARE(m->role, NodeSnapshot::Role::Master);  // inferred: its replica says so
    QVERIFY(!m->placeholder);
    const TopologyEdge *e = t.edgeTo(addr(7001));
    QVERIFY(e && !e->linkUp);
    QCOMPARE(e->linkDownSeconds, std::optional<qint64>(12));
    QVERIFY(!e->lagBytes);  // no current master offset: no lag rather than a wrong one
}

// After a failover the old master is dead; its last INFO still says master with two replicas.
// It must not root a group of its own (that reads as a split brain): it stays with the group
// its replicas are in now, below the new master.
void TestTopologyBuilder::deadFormerMasterStaysInItsGroup()
{
    const QString host = QStringLiteral("127.0.0.1");
    const FakeInfo oldMaster = FakeInfo::master(7000, 9000).addReplica(host, 7001, 9000).addReplica(host, 7002, 9000);
    const FakeInfo newMaster = FakeInfo::master(7001, 9100).addReplica(host, 7002, 9100)
                                   .set("master_replid2", FakeInfo::replId(7000));
    const Topology t = build({oldMaster.stale(addr(7000)), newMaster.up(addr(7001)),
                              FakeInfo::replica(7002, host, 7001, 9100).up(addr(7002))});
    QCOMPARE(t.groups.size(), 1);
    QCOMPARE(t.groups.at(0).master, addr(7001));
    QVERIFY(t.groups.at(0).nodes.contains(addr(7000)));
    const TopologyNode *old = t.node(addr(7000));
    QCOMPARE(old->group, 0);
    QCOMPARE(old->depth, 1);
    QVERIFY(t.edgesFrom(addr(7000)).isEmpty());

    // Tied by replication history alone (its replica list was empty in the last INFO).
    const Topology byHistory = build({FakeInfo::master(7000, 9000).stale(addr(7000)), newMaster.up(addr(7001)),
                                      FakeInfo::replica(7002, host, 7001, 9100).up(addr(7002))});
    QCOMPARE(byHistory.groups.size(), 1);
    QCOMPARE(byHistory.node(addr(7000))->group, 0);

    // A dead master nothing ties to another group keeps its own.
    const Topology alone = build({FakeInfo::master(7005, 100).stale(addr(7005)), newMaster.up(addr(7001)),
                                  FakeInfo::replica(7002, host, 7001, 9100).up(addr(7002))});
    QCOMPARE(alone.groups.size(), 2);
}

void TestTopologyBuilder::placeholderForUnobservedMaster()
{
    FakeInfo r = FakeInfo::replica(7001, QStringLiteral("10.1.1.1"), 6379);
    Topology t = build({r.up(addr(7001))});
    QCOMPARE(t.nodes.size(), 2);
    const TopologyNode *p = t.node(QStringLiteral("10.1.1.1:6379"));
    QVERIFY(p && p->placeholder);
    QCOMPARE(p->role, NodeSnapshot::Role::Master);
    QCOMPARE(p->reachability, NodeReachability::Connecting);  // its replica still reaches it
    QVERIFY(!p->error.isEmpty());
    QCOMPARE(t.groups.at(0).master, p->address);
    QCOMPARE(t.nodes.at(0).address, p->address);
    QCOMPARE(t.edgeTo(addr(7001))->master, p->address);

    r.set("master_link_status", QStringLiteral("down"));
    t = build({r.up(addr(7001))});
    QCOMPARE(t.node(QStringLiteral("10.1.1.1:6379"))->reachability, NodeReachability::Unreachable);
}

void TestTopologyBuilder::replicationLoopTerminates()
{
    const QString lo = QStringLiteral("127.0.0.1");
    const Topology t = build({FakeInfo::replica(7001, lo, 7000).addReplica(lo, 7000, 10).up(addr(7001)),
                              FakeInfo::replica(7000, lo, 7001).addReplica(lo, 7001, 10).up(addr(7000)),
                              FakeInfo::replica(7002, lo, 7000).up(addr(7002))});
    QCOMPARE(t.nodes.size(), 3);
    QCOMPARE(t.groups.size(), 1);
    QVERIFY(t.groups.at(0).master.isEmpty());  // a loop has no master
    QCOMPARE(t.groups.at(0).nodes, (QStringList{addr(7000), addr(7001), addr(7002)}));
    QCOMPARE(t.node(addr(7000))->depth, 0);
    QCOMPARE(t.node(addr(7001))->depth, 1);
    QCOMPARE(t.node(addr(7002))->depth, 1);
    QCOMPARE(t.edges.size(), 3);
    QCOMPARE(t.edgeTo(addr(7000))->master, addr(7001));

    // A node replicating from itself is a loop of one.
    const Topology self = build({FakeInfo::replica(7005, lo, 7005).up(addr(7005))});
    QCOMPARE(self.nodes.size(), 1);
    QCOMPARE(self.groups.size(), 1);
}

void TestTopologyBuilder::masterSideFillsInForSilentReplica()
{
    const QString lo = QStringLiteral("127.0.0.1");
    const FakeInfo m = FakeInfo::master(7000, 9000).addReplica(lo, 7001, 8000, QStringLiteral("online"), 1);
    // Never answered: only the master knows what it is.
    Topology t = build({m.up(addr(7000)), FakeInfo::unseen(addr(7001), NodeReachability::Connecting)});
    const TopologyEdge *e = t.edgeTo(addr(7001));
    QVERIFY(e);
    QVERIFY(e->linkUp);  // master's view: online
    QCOMPARE(e->lagBytes, std::optional<qint64>(1000));
    QCOMPARE(e->lagSeconds, std::optional<qint64>(1));
    QCOMPARE(t.node(addr(7001))->role, NodeSnapshot::Role::Replica);
    QCOMPARE(t.node(addr(7001))->depth, 1);

    // Stale replica the master no longer lists: link down.
    t = build({FakeInfo::master(7000).up(addr(7000)),
               FakeInfo::replica(7001, lo, 7000).stale(addr(7001))});
    QVERIFY(!t.edgeTo(addr(7001))->linkUp);
    QVERIFY(!t.edgeTo(addr(7001))->lagBytes);

    // A replica announcing another address is still matched by port.
    t = build({FakeInfo::master(7000, 100).addReplica(QStringLiteral("10.9.9.9"), 7001, 90).up(addr(7000)),
               FakeInfo::replica(7001, lo, 7000, 95).up(addr(7001))});
    QCOMPARE(t.nodes.size(), 2);
    QCOMPARE(t.edgeTo(addr(7001))->lagSeconds, std::optional<qint64>(0));
    QCOMPARE(t.edgeTo(addr(7001))->state, QStringLiteral("online"));
}

void TestTopologyBuilder::lagFromFresherReplicaOffset()
{
    const QString lo = QStringLiteral("127.0.0.1");
    const Topology t = build({FakeInfo::master(7000, 2000000).addReplica(lo, 7001, 1000000).up(addr(7000)),
                              FakeInfo::replica(7001, lo, 7000, 1500000).up(addr(7001))});
    QCOMPARE(t.edgeTo(addr(7001))->lagBytes, std::optional<qint64>(500000));
}

void TestTopologyBuilder::lagNeverNegative()
{
    const QString lo = QStringLiteral("127.0.0.1");
    // The replica was polled after its master and already applied more than the master showed.
    const Topology t = build({FakeInfo::master(7000, 1000).addReplica(lo, 7001, 1000).up(addr(7000)),
                              FakeInfo::replica(7001, lo, 7000, 1300).up(addr(7001))});
    QCOMPARE(t.edgeTo(addr(7001))->lagBytes, std::optional<qint64>(0));
}

void TestTopologyBuilder::lagWithStaleSides()
{
    const QString lo = QStringLiteral("127.0.0.1");
    const FakeInfo m = FakeInfo::master(7000, 5000).addReplica(lo, 7001, 4000);
    const FakeInfo r = FakeInfo::replica(7001, lo, 7000, 100);  // very old snapshot
    // Replica stale: the master's own ack offset is consistent with its offset.
    Topology t = build({m.up(addr(7000)), r.stale(addr(7001))});
    QCOMPARE(t.edgeTo(addr(7001))->lagBytes, std::optional<qint64>(1000));
    QVERIFY(t.edgeTo(addr(7001))->linkUp);  // master's view
    // Master stale: no current master offset, no lag at all.
    t = build({m.stale(addr(7000)), r.up(addr(7001))});
    QVERIFY(!t.edgeTo(addr(7001))->lagBytes);
    QVERIFY(!t.edgeTo(addr(7001))->lagSeconds);
    QVERIFY(t.edgeTo(addr(7001))->linkUp);  // replica's own view
    // Both stale.
    t = build({m.stale(addr(7000)), r.stale(addr(7001))});
    QVERIFY(!t.edgeTo(addr(7001))->lagBytes);
    QVERIFY(!t.edgeTo(addr(7001))->linkUp);
}

void TestTopologyBuilder::lagAcrossDifferentHistories()
{
    const QString lo = QStringLiteral("127.0.0.1");
    // The master restarted with a new replication id; the replica's offset is from before.
    FakeInfo m = FakeInfo::master(7000, 300).addReplica(lo, 7001, 250);
    m.set("master_replid", QString(40, QLatin1Char('b')));
    FakeInfo r = FakeInfo::replica(7001, lo, 7000, 900000);
    Topology t = build({m.up(addr(7000)), r.up(addr(7001))});
    QCOMPARE(t.edgeTo(addr(7001))->lagBytes, std::optional<qint64>(50));  // master's ack instead
    // Without the master's line there is nothing trustworthy.
    t = build({FakeInfo::master(7000, 300).set("master_replid", QString(40, QLatin1Char('b'))).up(addr(7000)),
               r.up(addr(7001))});
    QVERIFY(!t.edgeTo(addr(7001))->lagBytes);
    // After a promotion the replica may still carry the old id (now the master's replid2).
    m = FakeInfo::master(7000, 1000).set("master_replid2", FakeInfo::replId(7000))
            .set("master_replid", QString(40, QLatin1Char('c')));
    t = build({m.up(addr(7000)), FakeInfo::replica(7001, lo, 7000, 990).up(addr(7001))});
    QCOMPARE(t.edgeTo(addr(7001))->lagBytes, std::optional<qint64>(10));
}

void TestTopologyBuilder::disklessSyncHasNoPercentage()
{
    const Topology t = build({fixture(QStringLiteral("7.0.15-replica-syncing.txt"), addr(17002))});
    const TopologyEdge *e = t.edgeTo(addr(17002));
    QVERIFY(e && e->syncInProgress);
    QVERIFY(!e->syncTotalBytes);  // 7.0 says 0 for an EOF-marked transfer
    QVERIFY(!e->syncLeftBytes);   // and a negative left: not a number to show
    QVERIFY(!e->syncPercent);
    QCOMPARE(e->syncDoneBytes, std::optional<qint64>(540867));
    QVERIFY(!e->linkDownSeconds);
    QCOMPARE(t.node(addr(17000))->placeholder, true);
}

void TestTopologyBuilder::diskSyncProgress62()
{
    const Topology t = build({fixture(QStringLiteral("6.2.14-replica-syncing.txt"), addr(6380))});
    const TopologyEdge *e = t.edgeTo(addr(6380));
    QVERIFY(e && e->syncInProgress);
    QCOMPARE(e->master, QStringLiteral("10.4.0.11:6379"));
    QCOMPARE(e->syncTotalBytes, std::optional<qint64>(419430400));
    QCOMPARE(e->syncDoneBytes, std::optional<qint64>(176160768));
    QCOMPARE(e->syncLeftBytes, std::optional<qint64>(243269632));
    QVERIFY(e->syncPercent);
    QCOMPARE(*e->syncPercent, 42.0);
}

void TestTopologyBuilder::oldVersionSyncOnlyBytesLeft()
{
    const Topology t = build({fixture(QStringLiteral("2.8.24-replica-syncing.txt"), addr(6380))});
    const TopologyEdge *e = t.edgeTo(addr(6380));
    QVERIFY(e && e->syncInProgress);
    QCOMPARE(e->syncLeftBytes, std::optional<qint64>(48213504));
    QVERIFY(!e->syncTotalBytes);
    QVERIFY(!e->syncPercent);
}

void TestTopologyBuilder::linkDownSeconds()
{
    Topology t = build({fixture(QStringLiteral("7.0.15-replica-linkdown.txt"), addr(17001))});
    QCOMPARE(t.edgeTo(addr(17001))->linkDownSeconds, std::optional<qint64>(3));
    // Before 7.0 a replica that never connected reports seconds since 1970.
    t = build({FakeInfo::replica(7001, QStringLiteral("127.0.0.1"), 7000)
                   .set("master_link_status", QStringLiteral("down"))
                   .set("master_link_down_since_seconds", 1768446000)
                   .up(addr(7001))});
    QVERIFY(!t.edgeTo(addr(7001))->linkDownSeconds);
}

void TestTopologyBuilder::sentinelsJoinTheirGroup()
{
    NodeObservation s = fixture(QStringLiteral("7.0.15-sentinel.txt"), addr(17010));
    NodeObservation m = fixture(QStringLiteral("7.0.15-master.txt"), addr(17000));
    m.watchingSentinels = {addr(17011)};  // another one the monitor learned of
    m.sentinelMasterName = QStringLiteral("mymaster");
    const Topology t = build({s, m, fixture(QStringLiteral("7.0.15-replica.txt"), addr(17001))});
    QCOMPARE(addresses(t), (QStringList{addr(17000), addr(17001), addr(17010)}));
    QCOMPARE(t.groups.size(), 1);
    QCOMPARE(t.groups.at(0).nodes, (QStringList{addr(17000), addr(17001)}));
    QCOMPARE(t.groups.at(0).sentinels, (QStringList{addr(17010), addr(17011)}));
    QCOMPARE(t.groups.at(0).sentinelName, QStringLiteral("mymaster"));
    QCOMPARE(t.node(addr(17010))->role, NodeSnapshot::Role::Sentinel);
    QCOMPARE(t.node(addr(17010))->group, 0);
    QVERIFY(!t.edgeTo(addr(17010)));

    // A sentinel alone names its master: the master becomes a placeholder in its group.
    const Topology alone = build({s});
    QCOMPARE(alone.nodes.size(), 2);
    QVERIFY(alone.node(addr(17000))->placeholder);
    QCOMPARE(alone.groups.at(0).sentinels, QStringList{addr(17010)});
    QCOMPARE(alone.groups.at(0).sentinelName, QStringLiteral("mymaster"));
    QCOMPARE(alone.nodes.at(1).address, addr(17010));
}

void TestTopologyBuilder::orderIsDeterministic()
{
    const QString lo = QStringLiteral("127.0.0.1");
    QList<NodeObservation> obs{
        FakeInfo::master(7000).addReplica(lo, 7002, 5000).addReplica(lo, 7001, 5000).up(addr(7000)),
        FakeInfo::replica(7002, lo, 7000).up(addr(7002)),
        FakeInfo::replica(7001, lo, 7000).up(addr(7001)),
        FakeInfo::replica(7003, lo, 7001).up(addr(7003)),
        FakeInfo::master(6000).up(addr(6000)),
    };
    const QStringList expected{addr(6000), addr(7000), addr(7001), addr(7002), addr(7003)};
    for (int i = 0; i < 5; ++i) {
        std::rotate(obs.begin(), obs.begin() + 1, obs.end());
        const Topology t = build(obs);
        QCOMPARE(addresses(t), expected);
        QCOMPARE(t.edges.size(), 3);
        QCOMPARE(t.edges.at(0).replica, addr(7001));
        QCOMPARE(t.edges.at(2).replica, addr(7003));
    }
}

void TestTopologyBuilder::lookups()
{
    const FakeInfo m = FakeInfo::master(7000);
    const Topology t = build({m.up(addr(7000)), m.up(QStringLiteral("localhost:7000")),
                              FakeInfo::replica(7001, QStringLiteral("localhost"), 7000).up(addr(7001))});
    QVERIFY(t.node(QStringLiteral("localhost:7000")));
    QCOMPARE(t.node(QStringLiteral("localhost:7000"))->address, addr(7000));
    QVERIFY(!t.node(QStringLiteral("127.0.0.1:9999")));
    QCOMPARE(t.edgesFrom(QStringLiteral("localhost:7000")).size(), 1);
    QVERIFY(!t.edgeTo(addr(7000)));
    QCOMPARE(t.groupOf(QStringLiteral("localhost:7000"))->master, addr(7000));
    QCOMPARE(Topology::reachabilityName(NodeReachability::AuthFailed), QStringLiteral("auth_failed"));
    QCOMPARE(Topology::reachabilityName(NodeReachability::Up), QStringLiteral("up"));
    QCOMPARE(TopologyBuilder::address(QStringLiteral("::1"), 6379), QStringLiteral("[::1]:6379"));
    QVERIFY(TopologyBuilder::looselyEqual(QStringLiteral("localhost:6379"), QStringLiteral("[::1]:6379")));
    QVERIFY(!TopologyBuilder::looselyEqual(QStringLiteral("localhost:6379"), QStringLiteral("localhost:6380")));
}

TANDEM_TEST_GUILESS_MAIN(TestTopologyBuilder)
#include "tst_topologybuilder.moc"
