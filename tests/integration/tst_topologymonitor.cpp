// TopologyMonitor against real servers: discovery from any node of a chained group, groups,
// edges and depths, a killed replica, a promoted replica (split brain), sentinels, aliases and
// inherited passwords.
#include "ClientProbe.h"
#include "ReplicationLab.h"
#include "SentinelServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "topology/TopologyMonitor.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <memory>

class tst_TopologyMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void discoversChainFromLeaf();
    void independentMasterIsItsOwnGroup();
    void settlesOnceEveryNodeAnswered();
    void killedReplicaIsUnreachableThenRecovers();
    void hungReplicaIsUnreachableThenRecovers();
    void promotedReplicaIsSplitBrain();
    void sentinelGroupFromSentinelAlone();
    void aliasesAreOneNode();
    void discoveredNodesInheritPassword();
    void discoveryOffWatchesSeedsOnly();
    void removeNodeAndClear();

private:
    ConnectionProfile seed(const QString &name) const { return tuned(m_lab.profile(name)); }
    static ConnectionProfile tuned(ConnectionProfile p)
    {
        p.connectTimeoutMs = 1000;
        p.commandTimeoutMs = 1000;
        return p;
    }
    static bool upWithSnapshot(const Topology &t, const QString &address)
    {
        const TopologyNode *n = t.node(address);
        return n && n->isUp() && n->hasSnapshot;
    }
    static bool hasAnomaly(const Topology &t, const QString &kind, const QString &node = {})
    {
        for (const Anomaly &a : t.anomalies) {
            if (a.kind == kind && (node.isEmpty() || a.nodes.contains(node)))
                return true;
        }
        return false;
    }
    static QString describe(const Topology &t);
    static bool waitSettled(TopologyMonitor *monitor, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([monitor] { return monitor->isSettled(); }, timeoutMs);
    }

    // master -> r1 -> r1a, master -> r2; solo is a group of its own.
    ReplicationLab m_lab;
};

QString tst_TopologyMonitor::describe(const Topology &t)
{
    QStringList lines;
    for (const TopologyNode &n : t.nodes) {
        lines << QStringLiteral("%1 %2 %3 group %4 depth %5")
                     .arg(n.address, NodeSnapshot::roleName(n.role), Topology::reachabilityName(n.reachability))
                     .arg(n.group)
                     .arg(n.depth);
    }
    for (const Anomaly &a : t.anomalies)
        lines << QStringLiteral("anomaly %1 %2").arg(a.kind, a.nodes.join(QLatin1Char(',')));
    return lines.join(QLatin1Char('\n'));
}

void tst_TopologyMonitor::initTestCase()
{
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty()
        || TestEnv::requireBinary(QStringLiteral("redis-sentinel"), QStringLiteral("redis-sentinel")).isEmpty())
        return;
    QVERIFY2(m_lab.addMaster(QStringLiteral("master")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r1"), QStringLiteral("master")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r1a"), QStringLiteral("r1")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r2"), QStringLiteral("master")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addMaster(QStringLiteral("solo")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.waitLinked(), qPrintable(m_lab.errorString()));
}

void tst_TopologyMonitor::discoversChainFromLeaf()
{
    TopologyMonitor monitor;
    monitor.setInterval(200);
    QSignalSpy settled(&monitor, &TopologyMonitor::settled);
    QElapsedTimer clock;
    clock.start();
    monitor.addSeed(seed(QStringLiteral("r1a")));
    QVERIFY(settled.wait(3000));
    qInfo("discovery from the leaf settled after %lld ms", clock.elapsed());
    const QString master = m_lab.address(QStringLiteral("master"));
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    const QString r1a = m_lab.address(QStringLiteral("r1a"));
    const QString r2 = m_lab.address(QStringLiteral("r2"));
    QTRY_VERIFY_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), master) && upWithSnapshot(monitor.topology(), r2)
                                 && upWithSnapshot(monitor.topology(), r1),
                             3000);

    const Topology t = monitor.topology();
    QVERIFY2(t.nodes.size() == 4, qPrintable(describe(t)));
    QCOMPARE(t.groups.size(), 1);
    QCOMPARE(t.groups.first().master, master);
    QCOMPARE(t.groups.first().nodes.first(), master);
    QCOMPARE(t.node(master)->role, NodeSnapshot::Role::Master);
    QCOMPARE(t.node(master)->depth, 0);
    QCOMPARE(t.node(r1)->depth, 1);
    QCOMPARE(t.node(r2)->depth, 1);
    QCOMPARE(t.node(r1a)->depth, 2);
    QCOMPARE(t.node(r1a)->masterAddress, r1);
    QCOMPARE(t.edges.size(), 3);
    QVERIFY(t.edgeTo(r1) && t.edgeTo(r1)->master == master && t.edgeTo(r1)->linkUp);
    QVERIFY(t.edgeTo(r2) && t.edgeTo(r2)->master == master && t.edgeTo(r2)->linkUp);
    QVERIFY(t.edgeTo(r1a) && t.edgeTo(r1a)->master == r1 && t.edgeTo(r1a)->linkUp);
    QCOMPARE(t.edgesFrom(master).size(), 2);
    QVERIFY(t.edgeTo(r1a)->lagBytes.has_value());
    QVERIFY2(t.anomalies.isEmpty() || !hasAnomaly(t, QStringLiteral("split_brain")), qPrintable(describe(t)));
    QVERIFY(!monitor.contains(m_lab.address(QStringLiteral("solo"))));
    QVERIFY(monitor.contains(master));

    // Inherited profile: the seed's settings, the node's own address.
    const ConnectionProfile p = monitor.profileFor(master);
    QCOMPARE(p.port, m_lab.port(QStringLiteral("master")));
    QCOMPARE(p.connectTimeoutMs, 1000);
}

void tst_TopologyMonitor::independentMasterIsItsOwnGroup()
{
    TopologyMonitor monitor;
    monitor.addSeed(seed(QStringLiteral("r1a")));
    monitor.addSeed(seed(QStringLiteral("solo")));
    QVERIFY(waitSettled(&monitor));
    const Topology t = monitor.topology();
    QVERIFY2(t.nodes.size() == 5, qPrintable(describe(t)));
    QCOMPARE(t.groups.size(), 2);
    const QString solo = m_lab.address(QStringLiteral("solo"));
    const TopologyGroup *g = t.groupOf(solo);
    QVERIFY(g);
    QCOMPARE(g->master, solo);
    QCOMPARE(g->nodes, QStringList{solo});
    QVERIFY(t.groupOf(m_lab.address(QStringLiteral("r1a"))) != g);
    QCOMPARE(t.node(solo)->depth, 0);
}

void tst_TopologyMonitor::settlesOnceEveryNodeAnswered()
{
    TopologyMonitor monitor;
    QSignalSpy settled(&monitor, &TopologyMonitor::settled);
    QSignalSpy changed(&monitor, &TopologyMonitor::topologyChanged);
    monitor.addSeed(seed(QStringLiteral("r2")));
    QTRY_COMPARE_WITH_TIMEOUT(settled.size(), 1, 3000);
    // The topology emitted just before settled() already holds every node.
    QVERIFY(!changed.isEmpty());
    const Topology t = changed.last().first().value<Topology>();
    QVERIFY2(t.nodes.size() == 4, qPrintable(describe(t)));
    for (const TopologyNode &n : t.nodes)
        QVERIFY2(n.isUp() && n.hasSnapshot, qPrintable(n.address));
    // Polling goes on, settled() is not repeated.
    QTest::qWait(1300);
    QCOMPARE(settled.size(), 1);
    QVERIFY(changed.size() >= 2);
}

void tst_TopologyMonitor::killedReplicaIsUnreachableThenRecovers()
{
    const int interval = 300;
    TopologyMonitor monitor;
    monitor.setInterval(interval);
    QSignalSpy events(&monitor, &TopologyMonitor::eventsOccurred);
    monitor.addSeed(seed(QStringLiteral("master")));
    QVERIFY(waitSettled(&monitor));
    const QString master = m_lab.address(QStringLiteral("master"));
    const QString r2 = m_lab.address(QStringLiteral("r2"));
    QTRY_VERIFY_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), r2), 2000);
    QTRY_VERIFY2_WITH_TIMEOUT(monitor.topology().anomalies.isEmpty(), qPrintable(describe(monitor.topology())), 3000);
    const auto pid = pid_t(monitor.topology().node(r2)->snapshot.processId);
    QVERIFY(pid > 0);
    events.clear();

    QElapsedTimer clock;
    clock.start();
    QCOMPARE(::kill(pid, SIGKILL), 0);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.topology().node(r2)->reachability == NodeReachability::Unreachable,
                             2 * interval);
    qInfo("killed replica unreachable after %lld ms", clock.elapsed());
    QTRY_VERIFY2_WITH_TIMEOUT(!monitor.topology().anomalies.isEmpty(), qPrintable(describe(monitor.topology())),
                              2 * interval);
    const Topology down = monitor.topology();
    bool namesIt = false;
    for (const Anomaly &a : down.anomalies)
        namesIt = namesIt || a.nodes.contains(r2);
    QVERIFY2(namesIt, qPrintable(describe(down)));
    // Still drawn where it was; its link is down once the master's next INFO says so.
    QCOMPARE(down.node(r2)->group, down.node(master)->group);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.topology().edgeTo(r2) && !monitor.topology().edgeTo(r2)->linkUp,
                             2 * interval);

    auto seen = [&events](TopologyEvent::Kind kind, const QString &node) {
        for (const QList<QVariant> &args : std::as_const(events)) {
            for (const TopologyEvent &e : args.first().value<QList<TopologyEvent>>()) {
                if (e.kind == kind && (e.node == node || e.message.contains(node)))
                    return true;
            }
        }
        return false;
    };
    QVERIFY(seen(TopologyEvent::Kind::NodeDown, r2));
    QVERIFY(seen(TopologyEvent::Kind::LinkDown, r2));
    QVERIFY(seen(TopologyEvent::Kind::AnomalyRaised, r2) || seen(TopologyEvent::Kind::AnomalyRaised, QString()));

    // Back on the same port: the monitor reconnects by itself and the picture heals.
    QVERIFY2(m_lab.restart(QStringLiteral("r2")), qPrintable(m_lab.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), r2), 8000);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.topology().edgeTo(r2) && monitor.topology().edgeTo(r2)->linkUp, 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(monitor.topology().anomalies.isEmpty(), qPrintable(describe(monitor.topology())),
                              5000);
    QVERIFY(seen(TopologyEvent::Kind::NodeUp, r2));
    QVERIFY(seen(TopologyEvent::Kind::LinkUp, r2));
}

void tst_TopologyMonitor::hungReplicaIsUnreachableThenRecovers()
{
    // A stopped process keeps its sockets open: only the poll timeout (two intervals, at
    // least a second; not the 5 s command timeout of the profile) can notice it.
    const int interval = 500;
    TopologyMonitor monitor;
    monitor.setInterval(interval);
    ConnectionProfile p = seed(QStringLiteral("master"));
    p.commandTimeoutMs = 5000;
    monitor.addSeed(p);
    QVERIFY(waitSettled(&monitor));
    const QString r1a = m_lab.address(QStringLiteral("r1a"));
    QTRY_VERIFY_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), r1a), 2000);
    const auto pid = pid_t(monitor.topology().node(r1a)->snapshot.processId);
    QVERIFY(pid > 0);
    struct Resume
    {
        pid_t pid;
        ~Resume() { ::kill(pid, SIGCONT); }
    } resume{pid};

    QElapsedTimer clock;
    clock.start();
    QCOMPARE(::kill(pid, SIGSTOP), 0);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.topology().node(r1a)->reachability == NodeReachability::Unreachable,
                             2 * interval + 1000);
    qInfo("hung replica unreachable after %lld ms", clock.elapsed());
    // The others keep answering meanwhile.
    QVERIFY(upWithSnapshot(monitor.topology(), m_lab.address(QStringLiteral("r1"))));
    QCOMPARE(::kill(pid, SIGCONT), 0);
    QTRY_VERIFY_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), r1a), 10000);
}

void tst_TopologyMonitor::promotedReplicaIsSplitBrain()
{
    TopologyMonitor monitor;
    monitor.setInterval(200);
    monitor.addSeed(seed(QStringLiteral("r1a")));
    QVERIFY(waitSettled(&monitor));
    const QString master = m_lab.address(QStringLiteral("master"));
    const QString r2 = m_lab.address(QStringLiteral("r2"));
    QTRY_VERIFY_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), r2), 3000);

    RespClient client(m_lab.profile(QStringLiteral("r2")));
    QVERIFY(ClientProbe::connectReady(&client));
    QVERIFY(ClientProbe::call(&client, {QByteArrayLiteral("REPLICAOF"), QByteArrayLiteral("NO"),
                                        QByteArrayLiteral("ONE")}).ok());
    auto twoMasters = [&monitor] {
        int masters = 0;
        for (const TopologyNode &n : monitor.topology().nodes)
            masters += n.role == NodeSnapshot::Role::Master && n.isUp() ? 1 : 0;
        return masters == 2;
    };
    QTRY_VERIFY_WITH_TIMEOUT(twoMasters(), 2000);
    QTRY_VERIFY2_WITH_TIMEOUT(hasAnomaly(monitor.topology(), QStringLiteral("split_brain")),
                              qPrintable(describe(monitor.topology())), 2000);

    // Point it back: one master again, the anomaly clears.
    QVERIFY(ClientProbe::call(&client, {QByteArrayLiteral("REPLICAOF"), QByteArrayLiteral("127.0.0.1"),
                                        QByteArray::number(m_lab.port(QStringLiteral("master")))}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(monitor.topology().edgeTo(r2) && monitor.topology().edgeTo(r2)->linkUp
                                 && monitor.topology().edgeTo(r2)->master == master,
                             10000);
    QTRY_VERIFY2_WITH_TIMEOUT(!hasAnomaly(monitor.topology(), QStringLiteral("split_brain")),
                              qPrintable(describe(monitor.topology())), 3000);
    QCOMPARE(monitor.topology().groups.size(), 1);
}

void tst_TopologyMonitor::sentinelGroupFromSentinelAlone()
{
    ReplicationLab lab;
    QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(lab.errorString()));
    QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));
    SentinelServer sentinel;
    QVERIFY2(sentinel.start(QStringLiteral("mymaster"), QStringLiteral("127.0.0.1"), lab.port(QStringLiteral("m"))),
             qPrintable(sentinel.errorString()));

    TopologyMonitor monitor;
    monitor.setInterval(200);
    ConnectionProfile p;
    p.port = sentinel.port();
    monitor.addSeed(tuned(p));
    const QString m = lab.address(QStringLiteral("m"));
    const QString r = lab.address(QStringLiteral("r"));
    // The sentinel learns about replicas from the master's INFO, within its first seconds.
    QTRY_VERIFY2_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), m) && upWithSnapshot(monitor.topology(), r),
                              qPrintable(describe(monitor.topology())), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.topology().groupOf(m)
                                 && monitor.topology().groupOf(m)->sentinels.contains(sentinel.address()),
                             5000);
    const Topology t = monitor.topology();
    const TopologyGroup *g = t.groupOf(m);
    QCOMPARE(g->master, m);
    QCOMPARE(g->sentinelName, QStringLiteral("mymaster"));
    QVERIFY(g->nodes.contains(r));
    QVERIFY(!g->nodes.contains(sentinel.address()));  // watches the group, is no data node
    const TopologyNode *s = t.node(sentinel.address());
    QVERIFY(s);
    QCOMPARE(s->role, NodeSnapshot::Role::Sentinel);
    QVERIFY(s->isUp());
    QCOMPARE(t.groups.size(), 1);
}

void tst_TopologyMonitor::aliasesAreOneNode()
{
    const quint16 port = m_lab.port(QStringLiteral("solo"));
    ConnectionProfile byName;
    byName.host = QStringLiteral("localhost");
    byName.port = port;
    ConnectionProfile byIp;
    byIp.port = port;
    TopologyMonitor monitor;
    monitor.setInterval(200);
    monitor.addSeed(tuned(byName));
    monitor.addSeed(tuned(byIp));
    QVERIFY(waitSettled(&monitor));
    QTRY_VERIFY_WITH_TIMEOUT(monitor.topology().nodes.size() == 1, 2000);
    const Topology t = monitor.topology();  // topology() returns a copy: keep it alive
    const TopologyNode &n = t.nodes.first();
    QVERIFY(n.isUp());
    const QStringList addresses = QStringList{n.address} + n.aliases;
    QVERIFY2(addresses.contains(QStringLiteral("localhost:%1").arg(port))
                 && addresses.contains(QStringLiteral("127.0.0.1:%1").arg(port)),
             qPrintable(addresses.join(QLatin1Char(' '))));
    QVERIFY(monitor.contains(QStringLiteral("localhost:%1").arg(port)));
    QVERIFY(monitor.contains(QStringLiteral("127.0.0.1:%1").arg(port)));

    // The alias is not polled: the server sees a single tandem connection.
    RespClient client(m_lab.profile(QStringLiteral("solo")));
    QVERIFY(ClientProbe::connectReady(&client));
    QTest::qWait(500);
    const RespResult list = ClientProbe::call(&client, {QByteArrayLiteral("CLIENT"), QByteArrayLiteral("LIST")});
    QVERIFY(list.ok());
    // Ours counts too (same name): two in total, not three.
    QCOMPARE(list.value.bytes().count("name=tandem "), 2);
}

void tst_TopologyMonitor::discoveredNodesInheritPassword()
{
    ReplicationLab lab;
    lab.setPassword(QStringLiteral("lab-secret"));
    QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r1"), QStringLiteral("m")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r2"), QStringLiteral("r1")), qPrintable(lab.errorString()));
    QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));

    TopologyMonitor monitor;
    monitor.addSeed(tuned(lab.profile(QStringLiteral("r2"))));
    QVERIFY(waitSettled(&monitor));
    const Topology t = monitor.topology();
    QVERIFY2(t.nodes.size() == 3, qPrintable(describe(t)));
    for (const TopologyNode &n : t.nodes)
        QVERIFY2(n.isUp(), qPrintable(describe(t)));
    QCOMPARE(monitor.profileFor(lab.address(QStringLiteral("m"))).password, QStringLiteral("lab-secret"));

    // Without the password nothing is learned, and the reason is plain.
    TopologyMonitor refused;
    ConnectionProfile noPass = tuned(lab.profile(QStringLiteral("r2")));
    noPass.password.clear();
    refused.addSeed(noPass);
    QVERIFY(waitSettled(&refused));
    QCOMPARE(refused.topology().nodes.size(), 1);
    QCOMPARE(refused.topology().nodes.first().reachability, NodeReachability::AuthFailed);

    // Seeding a known address again with other settings replaces the inherited ones.
    refused.addSeed(tuned(lab.profile(QStringLiteral("r2"))));
    QTRY_VERIFY2_WITH_TIMEOUT(refused.topology().nodes.size() == 3, qPrintable(describe(refused.topology())), 3000);
    QVERIFY(waitSettled(&refused));
    for (const TopologyNode &n : refused.topology().nodes)
        QVERIFY2(n.isUp(), qPrintable(describe(refused.topology())));
}

void tst_TopologyMonitor::discoveryOffWatchesSeedsOnly()
{
    TopologyMonitor monitor;
    monitor.setDiscovery(false);
    monitor.addSeed(seed(QStringLiteral("r1")));
    QVERIFY(waitSettled(&monitor));
    QTest::qWait(300);
    QCOMPARE(monitor.topology().nodes.size(), 2);  // r1 and its master as a placeholder at most
    QVERIFY(upWithSnapshot(monitor.topology(), m_lab.address(QStringLiteral("r1"))));
    QVERIFY(!monitor.topology().node(m_lab.address(QStringLiteral("r1a"))));

    monitor.setDiscovery(true);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.topology().nodes.size() == 4, 3000);
    monitor.setDiscovery(false);
    QTRY_VERIFY_WITH_TIMEOUT(!monitor.topology().node(m_lab.address(QStringLiteral("r1a"))), 1000);
    QVERIFY(upWithSnapshot(monitor.topology(), m_lab.address(QStringLiteral("r1"))));
}

void tst_TopologyMonitor::removeNodeAndClear()
{
    TopologyMonitor monitor;
    monitor.setInterval(200);
    monitor.addSeed(seed(QStringLiteral("solo")));
    monitor.addSeed(seed(QStringLiteral("r2")));
    QVERIFY(waitSettled(&monitor));
    const QString solo = m_lab.address(QStringLiteral("solo"));
    QVERIFY(upWithSnapshot(monitor.topology(), solo));
    // Nobody links to solo: once removed it stays gone.
    monitor.removeNode(solo);
    QTRY_VERIFY_WITH_TIMEOUT(!monitor.topology().node(solo), 1000);
    QTest::qWait(500);
    QVERIFY(!monitor.contains(solo));
    // A linked node stays out of the view too, though its master lists it on every poll...
    const QString r1a = m_lab.address(QStringLiteral("r1a"));
    QTRY_VERIFY_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), r1a), 3000);
    monitor.removeNode(r1a);
    QTRY_VERIFY_WITH_TIMEOUT(!monitor.topology().node(r1a), 1000);
    QTest::qWait(1000);  // five polls of its neighbours
    QVERIFY(!monitor.topology().node(r1a));
    QStringList removed{solo, r1a};
    removed.sort();
    QCOMPARE(monitor.removedNodes(), removed);
    // ...until the user asks for the removed nodes back, reached as before.
    monitor.restoreRemoved();
    QVERIFY(monitor.removedNodes().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), r1a), 3000);
    QTRY_VERIFY_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), solo), 3000);
    // Naming a removed node again (Connect) brings it back as well.
    monitor.removeNode(solo);
    QTRY_VERIFY_WITH_TIMEOUT(!monitor.topology().node(solo), 1000);
    monitor.addSeed(seed(QStringLiteral("solo")));
    QVERIFY(monitor.removedNodes().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(upWithSnapshot(monitor.topology(), solo), 3000);

    QSignalSpy changed(&monitor, &TopologyMonitor::topologyChanged);
    monitor.clear();
    QVERIFY(monitor.topology().nodes.isEmpty());
    QVERIFY(!changed.isEmpty());
    QTest::qWait(500);
    QVERIFY(monitor.topology().nodes.isEmpty());
}

TANDEM_TEST_GUILESS_MAIN(tst_TopologyMonitor)
#include "tst_topologymonitor.moc"
