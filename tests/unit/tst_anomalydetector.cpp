#include "FakeInfo.h"
#include "TestRegistry.h"

#include "topology/AnomalyDetector.h"
#include "topology/TopologyBuilder.h"

#include <QTest>

// Every anomaly is raised when its condition holds, with readable message and advice, and
// none is raised on a healthy setup or from stale data of a node Tandem cannot reach.
class TestAnomalyDetector : public QObject
{
    Q_OBJECT

private:
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static QString lo() { return QStringLiteral("127.0.0.1"); }
    static Topology build(const QList<NodeObservation> &obs)
    {
        return TopologyBuilder::build(obs, FakeInfo::epoch());
    }
    static QList<Anomaly> detect(const QList<NodeObservation> &obs)
    {
        AnomalyDetector d;
        return d.detect(build(obs));
    }
    static QStringList kinds(const QList<Anomaly> &anomalies)
    {
        QStringList out;
        for (const Anomaly &a : anomalies)
            out.append(a.kind);
        return out;
    }
    static const Anomaly *find(const QList<Anomaly> &anomalies, const QString &kind)
    {
        for (const Anomaly &a : anomalies) {
            if (a.kind == kind)
                return &a;
        }
        return nullptr;
    }
    // A healthy star: master 7000 with AOF, replicas 7001 and 7002, link up, no lag.
    static FakeInfo healthyMaster(qint64 offset = 5000)
    {
        return FakeInfo::master(7000, offset).set("aof_enabled", 1)
            .addReplica(lo(), 7001, offset).addReplica(lo(), 7002, offset);
    }
    static FakeInfo healthyReplica(quint16 port, qint64 offset = 5000)
    {
        return FakeInfo::replica(port, lo(), 7000, offset);
    }
    static QList<NodeObservation> healthy()
    {
        return {healthyMaster().up(addr(7000)), healthyReplica(7001).up(addr(7001)),
                healthyReplica(7002).up(addr(7002))};
    }

private Q_SLOTS:
    void healthyHasNone();
    void everyAnomalyIsExplained();
    void splitBrainAfterReplicaofNoOne();
    void splitBrainWithoutReplicationIds();
    void unrelatedMastersAreNoSplitBrain();
    void masterUnreachable();
    void masterNotMaster();
    void replicationLoop();
    void linkDown();
    void lag();
    void fullSyncLoop();
    void newReplicasAreNoFullSyncLoop();
    void writableReplica();
    void soleReplicaPriorityZero();
    void versionMismatch();
    void masterWithoutPersistence();
    void persistenceError();
    void reachability();
    void staleDataRaisesOnlyReachability();
    void worstFirst();
};

void TestAnomalyDetector::healthyHasNone()
{
    QCOMPARE(kinds(detect(healthy())), QStringList());
    // A chain is normal too.
    QCOMPARE(kinds(detect({FakeInfo::master(7000).set("aof_enabled", 1).addReplica(lo(), 7001, 5000).up(addr(7000)),
                           healthyReplica(7001).addReplica(lo(), 7002, 5000).up(addr(7001)),
                           FakeInfo::replica(7002, lo(), 7001).up(addr(7002))})),
             QStringList());
    // So is a full sync in progress (the link reads down meanwhile).
    QCOMPARE(kinds(detect({healthyMaster().up(addr(7000)), healthyReplica(7001).up(addr(7001)),
                           healthyReplica(7002, 1).set("master_link_status", QStringLiteral("down"))
                               .set("master_sync_in_progress", 1).up(addr(7002))})),
             QStringList());
}

void TestAnomalyDetector::everyAnomalyIsExplained()
{
    FakeInfo m = FakeInfo::master(7000, 50000000).set("master_replid2", FakeInfo::replId(9000))
                     .set("rdb_last_bgsave_status", QStringLiteral("err"))
                     .addReplica(lo(), 7001, 100, QStringLiteral("online"), 45);
    const QList<Anomaly> all = detect({
        m.up(addr(7000)),
        FakeInfo::replica(7001, lo(), 7000, 100).set("slave_read_only", 0)
            .set("slave_priority", 0).set("redis_version", QStringLiteral("6.2.14")).up(addr(7001)),
        FakeInfo::master(9000).up(addr(9000)),
        FakeInfo::unseen(addr(9100)),
    });
    QVERIFY(all.size() >= 7);
    for (const Anomaly &a : all) {
        QVERIFY2(!a.kind.isEmpty() && !a.nodes.isEmpty(), qPrintable(a.kind));
        QVERIFY2(a.message.size() > 30 && a.message.endsWith(QLatin1Char('.')), qPrintable(a.message));
        QVERIFY2(a.advice.size() > 30, qPrintable(a.kind));
        QVERIFY2(!a.message.contains(QLatin1String("%1")), qPrintable(a.message));
        QVERIFY2(!a.advice.contains(QLatin1String("%1")), qPrintable(a.advice));
    }
}

void TestAnomalyDetector::splitBrainAfterReplicaofNoOne()
{
    // 7001 ran REPLICAOF NO ONE: new replication id, the old one kept as replid2.
    FakeInfo promoted = FakeInfo::master(7001, 5200).set("aof_enabled", 1)
                            .set("master_replid", QString(40, QLatin1Char('d')))
                            .set("master_replid2", FakeInfo::replId(7000));
    FakeInfo old = FakeInfo::master(7000, 5100).set("aof_enabled", 1).addReplica(lo(), 7002, 5100);
    const QList<Anomaly> a = detect({old.up(addr(7000)), promoted.up(addr(7001)),
                                     healthyReplica(7002, 5100).up(addr(7002))});
    QCOMPARE(kinds(a), QStringList{QStringLiteral("split_brain")});
    QCOMPARE(a.first().severity, Anomaly::Severity::Critical);
    QCOMPARE(a.first().nodes, (QStringList{addr(7000), addr(7001)}));  // the one with replicas first
    QVERIFY(a.first().message.contains(addr(7001)));

    // Two replicas both promoted out of the same history.
    FakeInfo other = FakeInfo::master(7002, 5200).set("aof_enabled", 1)
                         .set("master_replid", QString(40, QLatin1Char('e')))
                         .set("master_replid2", FakeInfo::replId(7000));
    const QList<Anomaly> b = detect({promoted.up(addr(7001)), other.up(addr(7002))});
    QCOMPARE(kinds(b), QStringList{QStringLiteral("split_brain")});

    // Once the old master follows the new one, it is over.
    QCOMPARE(kinds(detect({promoted.addReplica(lo(), 7000, 5200).up(addr(7001)),
                           FakeInfo::replica(7000, lo(), 7001, 5200)
                               .set("master_replid", QString(40, QLatin1Char('d'))).up(addr(7000))})),
             QStringList());
}

void TestAnomalyDetector::splitBrainWithoutReplicationIds()
{
    // Redis 3.2 has no replication ids: the detector remembers who replicated from whom.
    const auto v32 = [](FakeInfo f) {
        return f.set("redis_version", QStringLiteral("3.2.12")).set("master_replid", QString())
            .set("master_replid2", QString()).set("aof_enabled", 1);
    };
    AnomalyDetector d;
    QCOMPARE(kinds(d.detect(build({v32(FakeInfo::master(7000).addReplica(lo(), 7001, 5000)).up(addr(7000)),
                                   v32(healthyReplica(7001)).up(addr(7001))}))),
             QStringList());
    QCOMPARE(kinds(d.detect(build({v32(FakeInfo::master(7000)).up(addr(7000)),
                                   v32(FakeInfo::master(7001)).up(addr(7001))}))),
             QStringList{QStringLiteral("split_brain")});
}

void TestAnomalyDetector::unrelatedMastersAreNoSplitBrain()
{
    QCOMPARE(kinds(detect({FakeInfo::master(7000).set("aof_enabled", 1).up(addr(7000)),
                           FakeInfo::master(8000).set("aof_enabled", 1).up(addr(8000))})),
             QStringList());
}

void TestAnomalyDetector::masterUnreachable()
{
    const FakeInfo down = healthyReplica(7001).set("master_link_status", QStringLiteral("down"))
                              .set("master_link_down_since_seconds", 40);
    QList<Anomaly> a = detect({FakeInfo::unseen(addr(7000)), down.up(addr(7001)),
                               healthyReplica(7002).set("master_link_status", QStringLiteral("down")).up(addr(7002))});
    QCOMPARE(kinds(a), (QStringList{QStringLiteral("master_unreachable"), QStringLiteral("unreachable")}));
    QCOMPARE(a.first().nodes, (QStringList{addr(7000), addr(7001), addr(7002)}));
    // The advice names the action that does it, and the UI offers that action beside it.
    QCOMPARE(a.first().action, QStringLiteral("failover"));
    QVERIFY2(a.first().advice.contains(QStringLiteral("Operations > Fail over")), qPrintable(a.first().advice));
    // Not polled at all (placeholder): still orphaned, no separate reachability anomaly.
    a = detect({down.up(addr(7001))});
    QCOMPARE(kinds(a), QStringList{QStringLiteral("master_unreachable")});
    // Tandem cannot reach the master but the replica can: only Tandem's path is broken.
    a = detect({FakeInfo::unseen(addr(7000)), healthyReplica(7001).up(addr(7001))});
    QCOMPARE(kinds(a), QStringList{QStringLiteral("unreachable")});
}

void TestAnomalyDetector::masterNotMaster()
{
    const QList<Anomaly> a = detect({FakeInfo::sentinel(26379).up(addr(26379)),
                                     FakeInfo::replica(7001, lo(), 26379)
                                         .set("master_link_status", QStringLiteral("down")).up(addr(7001))});
    QCOMPARE(kinds(a), QStringList{QStringLiteral("master_not_master")});
    QCOMPARE(a.first().nodes, (QStringList{addr(7001), addr(26379)}));
}

void TestAnomalyDetector::replicationLoop()
{
    const QList<Anomaly> a = detect({
        FakeInfo::replica(7002, lo(), 7001).up(addr(7002)),
        FakeInfo::replica(7001, lo(), 7000).up(addr(7001)),
        FakeInfo::replica(7000, lo(), 7002).up(addr(7000)),
    });
    QCOMPARE(kinds(a), QStringList{QStringLiteral("replication_loop")});
    QCOMPARE(a.first().nodes, (QStringList{addr(7000), addr(7002), addr(7001)}));
    QVERIFY(a.first().message.contains(QLatin1String("->")));
}

void TestAnomalyDetector::linkDown()
{
    QList<Anomaly> a = detect({healthyMaster().up(addr(7000)), healthyReplica(7001).up(addr(7001)),
                               healthyReplica(7002).set("master_link_status", QStringLiteral("down"))
                                   .set("master_link_down_since_seconds", 300).up(addr(7002))});
    QCOMPARE(kinds(a), QStringList{QStringLiteral("link_down")});
    QCOMPARE(a.first().nodes, (QStringList{addr(7002), addr(7000)}));
    QVERIFY(a.first().message.contains(QLatin1String("5 min")));
}

void TestAnomalyDetector::lag()
{
    // 3 MiB behind, and the master has not heard from it for 25 s.
    const qint64 mib = 1024 * 1024;
    QList<Anomaly> a = detect({FakeInfo::master(7000, 10 * mib).set("aof_enabled", 1)
                                   .addReplica(lo(), 7001, 7 * mib, QStringLiteral("online"), 25).up(addr(7000)),
                               healthyReplica(7001, 7 * mib).up(addr(7001))});
    QCOMPARE(kinds(a), (QStringList{QStringLiteral("lag_bytes"), QStringLiteral("lag_seconds")}));
    QVERIFY(a.first().message.contains(QLatin1String("3.0 MiB")));
    // Below the thresholds: nothing.
    a = detect({FakeInfo::master(7000, 10 * mib).set("aof_enabled", 1)
                    .addReplica(lo(), 7001, 10 * mib - 4096, QStringLiteral("online"), 2).up(addr(7000)),
                healthyReplica(7001, 10 * mib - 4096).up(addr(7001))});
    QCOMPARE(kinds(a), QStringList());
    // Thresholds are settings.
    AnomalySettings s;
    s.lagBytesWarning = 1000;
    s.lagSecondsWarning = 1;
    AnomalyDetector d(s);
    QCOMPARE(d.detect(build({FakeInfo::master(7000, 10 * mib).set("aof_enabled", 1)
                                 .addReplica(lo(), 7001, 10 * mib - 4096, QStringLiteral("online"), 2).up(addr(7000)),
                             healthyReplica(7001, 10 * mib - 4096).up(addr(7001))})).size(), 2);
}

void TestAnomalyDetector::fullSyncLoop()
{
    AnomalyDetector d;
    const QDateTime t0 = FakeInfo::epoch();
    QList<Anomaly> last;
    for (int i = 0; i <= 3; ++i) {
        const QDateTime at = t0.addSecs(i * 30);
        FakeInfo m = FakeInfo::master(7000).set("aof_enabled", 1).set("sync_full", i)
                         .addReplica(lo(), 7001, 5000);
        last = d.detect(TopologyBuilder::build({m.up(addr(7000), at), healthyReplica(7001).up(addr(7001), at)}, at));
        if (i == 1)
            QCOMPARE(kinds(last), QStringList());  // one resync can happen
    }
    QCOMPARE(kinds(last), QStringList{QStringLiteral("full_sync_loop")});
    QCOMPARE(last.first().nodes, QStringList{addr(7000)});
    QVERIFY(last.first().advice.contains(QLatin1String("client-output-buffer-limit")));

    // The same number of syncs spread over more than the window: not a loop.
    AnomalyDetector slow;
    for (int i = 0; i <= 3; ++i) {
        const QDateTime at = t0.addSecs(i * 400);
        FakeInfo m = FakeInfo::master(7000).set("aof_enabled", 1).set("sync_full", i)
                         .addReplica(lo(), 7001, 5000);
        last = slow.detect(TopologyBuilder::build({m.up(addr(7000), at), healthyReplica(7001).up(addr(7001), at)}, at));
    }
    QCOMPARE(kinds(last), QStringList());
}

void TestAnomalyDetector::newReplicasAreNoFullSyncLoop()
{
    // A lab starting: the master first, then two replicas attach with one full sync each.
    AnomalyDetector d;
    const QDateTime t0 = FakeInfo::epoch();
    FakeInfo m = FakeInfo::master(7000).set("aof_enabled", 1);
    QCOMPARE(d.detect(TopologyBuilder::build({m.up(addr(7000), t0)}, t0)).size(), 0);
    const QDateTime t1 = t0.addSecs(5);
    m.set("sync_full", 2).addReplica(lo(), 7001, 5000).addReplica(lo(), 7002, 5000);
    const QList<Anomaly> a = d.detect(TopologyBuilder::build(
        {m.up(addr(7000), t1), healthyReplica(7001).up(addr(7001), t1), healthyReplica(7002).up(addr(7002), t1)}, t1));
    QCOMPARE(kinds(a), QStringList());
}

void TestAnomalyDetector::writableReplica()
{
    QList<NodeObservation> obs = healthy();
    obs[1] = healthyReplica(7001).set("slave_read_only", 0).up(addr(7001));
    const QList<Anomaly> a = detect(obs);
    QCOMPARE(kinds(a), QStringList{QStringLiteral("writable_replica")});
    QCOMPARE(a.first().nodes, QStringList{addr(7001)});
}

void TestAnomalyDetector::soleReplicaPriorityZero()
{
    FakeInfo m = FakeInfo::master(7000).set("aof_enabled", 1).addReplica(lo(), 7001, 5000);
    NodeObservation mo = m.up(addr(7000));
    mo.watchingSentinels = {addr(26379)};
    QList<Anomaly> a = detect({mo, healthyReplica(7001).set("slave_priority", 0).up(addr(7001))});
    QCOMPARE(kinds(a), QStringList{QStringLiteral("sole_replica_priority_zero")});
    QCOMPARE(a.first().severity, Anomaly::Severity::Warning);  // sentinels would need it
    // Another replica can be promoted: fine.
    QList<NodeObservation> obs = healthy();
    obs[1] = healthyReplica(7001).set("slave_priority", 0).up(addr(7001));
    QCOMPARE(kinds(detect(obs)), QStringList());
}

void TestAnomalyDetector::versionMismatch()
{
    QList<NodeObservation> obs = healthy();
    obs[2] = healthyReplica(7002).set("redis_version", QStringLiteral("6.2.14")).up(addr(7002));
    QList<Anomaly> a = detect(obs);
    QCOMPARE(kinds(a), QStringList{QStringLiteral("version_mismatch")});
    QCOMPARE(a.first().severity, Anomaly::Severity::Warning);  // replica older than master
    QVERIFY(a.first().message.contains(QLatin1String("6.2 on 127.0.0.1:7002")));
    // Patch levels do not matter.
    obs[2] = healthyReplica(7002).set("redis_version", QStringLiteral("7.0.11")).up(addr(7002));
    QCOMPARE(kinds(detect(obs)), QStringList());
}

void TestAnomalyDetector::masterWithoutPersistence()
{
    const qint64 now = FakeInfo::epoch().toSecsSinceEpoch();
    // AOF off, 500 changes not saved for two hours, up for ten days: save is off.
    FakeInfo m = FakeInfo::master(7000).set("aof_enabled", 0).set("rdb_changes_since_last_save", 500)
                     .set("rdb_last_save_time", now - 7200).addReplica(lo(), 7001, 5000);
    QList<Anomaly> a = detect({m.up(addr(7000)), healthyReplica(7001).up(addr(7001))});
    QCOMPARE(kinds(a), QStringList{QStringLiteral("master_without_persistence")});
    QCOMPARE(a.first().severity, Anomaly::Severity::Warning);
    // Saved a minute ago: RDB works.
    FakeInfo saved = FakeInfo::master(7000).set("rdb_changes_since_last_save", 500).addReplica(lo(), 7001, 5000);
    QCOMPARE(kinds(detect({saved.up(addr(7000)), healthyReplica(7001).up(addr(7001))})), QStringList());
    // CONFIG GET save known: it decides.
    NodeObservation known = saved.up(addr(7000));
    known.saveConfig = QString();
    QCOMPARE(kinds(detect({known, healthyReplica(7001).up(addr(7001))})),
             QStringList{QStringLiteral("master_without_persistence")});
    known.saveConfig = QStringLiteral("3600 1 300 100");
    QCOMPARE(kinds(detect({known, healthyReplica(7001).up(addr(7001))})), QStringList());
    // AOF on, or no replicas to wipe: nothing.
    QCOMPARE(kinds(detect({FakeInfo::master(7000).set("aof_enabled", 1).set("rdb_changes_since_last_save", 500)
                               .set("rdb_last_save_time", now - 7200).addReplica(lo(), 7001, 5000).up(addr(7000)),
                           healthyReplica(7001).up(addr(7001))})),
             QStringList());
    QCOMPARE(kinds(detect({FakeInfo::master(7000).set("rdb_changes_since_last_save", 500)
                               .set("rdb_last_save_time", now - 7200).up(addr(7000))})),
             QStringList());
}

void TestAnomalyDetector::persistenceError()
{
    QList<NodeObservation> obs = healthy();
    obs[0] = healthyMaster().set("rdb_last_bgsave_status", QStringLiteral("err")).up(addr(7000));
    QCOMPARE(kinds(detect(obs)), QStringList{QStringLiteral("persistence_error")});
}

void TestAnomalyDetector::reachability()
{
    QList<NodeObservation> obs = healthy();
    obs.append(FakeInfo::unseen(addr(8000), NodeReachability::AuthFailed));
    obs.append(FakeInfo::unseen(addr(8001), NodeReachability::Unreachable));
    obs.append(FakeInfo::unseen(addr(8002), NodeReachability::Error));
    obs.append(FakeInfo::unseen(addr(8003), NodeReachability::HostKeyChanged));
    obs.append(FakeInfo::unseen(addr(8004), NodeReachability::HostKeyUnknown));
    obs.append(FakeInfo::unseen(addr(8005), NodeReachability::Connecting));  // not an anomaly yet
    const QList<Anomaly> a = detect(obs);
    QCOMPARE(kinds(a), (QStringList{QStringLiteral("host_key_changed"), QStringLiteral("auth_failed"),
                                    QStringLiteral("unreachable"), QStringLiteral("unreachable"),
                                    QStringLiteral("host_key_unknown")}));
    QCOMPARE(find(a, QStringLiteral("auth_failed"))->severity, Anomaly::Severity::Warning);
    QCOMPARE(find(a, QStringLiteral("auth_failed"))->nodes, QStringList{addr(8000)});
    QVERIFY(find(a, QStringLiteral("unreachable"))->message.contains(QLatin1String("Connection refused")));
}

void TestAnomalyDetector::staleDataRaisesOnlyReachability()
{
    // The last snapshot of 7002 had everything wrong, but it is old: only "unreachable".
    QList<NodeObservation> obs = healthy();
    obs[2] = healthyReplica(7002, 1).set("slave_read_only", 0).set("slave_priority", 0)
                 .set("redis_version", QStringLiteral("5.0.14"))
                 .set("master_link_status", QStringLiteral("down")).stale(addr(7002));
    const QList<Anomaly> a = detect(obs);
    QCOMPARE(kinds(a), QStringList{QStringLiteral("unreachable")});
    QVERIFY(a.first().message.contains(QLatin1String("out of date")));
}

void TestAnomalyDetector::worstFirst()
{
    QList<NodeObservation> obs = healthy();
    obs[1] = healthyReplica(7001).set("slave_read_only", 0).up(addr(7001));
    obs[2] = healthyReplica(7002).set("master_link_status", QStringLiteral("down")).up(addr(7002));
    const QList<Anomaly> a = detect(obs);
    QCOMPARE(kinds(a), (QStringList{QStringLiteral("link_down"), QStringLiteral("writable_replica")}));
    QCOMPARE(Anomaly::severityName(a.first().severity), QStringLiteral("critical"));
    QCOMPARE(a.first().key(), QStringLiteral("link_down|127.0.0.1:7002,127.0.0.1:7000"));
}

TANDEM_TEST_GUILESS_MAIN(TestAnomalyDetector)
#include "tst_anomalydetector.moc"
