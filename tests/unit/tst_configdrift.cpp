#include "FakeInfo.h"
#include "TestRegistry.h"

#include "ops/DriftPlanner.h"
#include "topology/AnomalyDetector.h"
#include "topology/TopologyBuilder.h"

#include <QJsonArray>
#include <QTest>

// Anomalies fire on evidence of a fault, not on a normal transient: a first full sync is
// progress, a stalled one is an anomaly; settings that differ within a group are an anomaly
// whose "apply to the group" plan sets the master's values, without ever showing a secret.
class TestConfigDrift : public QObject
{
    Q_OBJECT

private:
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static QString lo() { return QStringLiteral("127.0.0.1"); }
    static QStringList kinds(const QList<Anomaly> &anomalies)
    {
        QStringList out;
        for (const Anomaly &a : anomalies)
            out.append(a.kind);
        return out;
    }
    static NodeSettings settings(const QMap<QString, QString> &values)
    {
        NodeSettings s;
        s.known = true;
        s.values = values;
        return s;
    }
    static QMap<QString, QString> defaults()
    {
        return {{QStringLiteral("maxmemory-policy"), QStringLiteral("noeviction")},
                {QStringLiteral("maxmemory"), QStringLiteral("0")},
                {QStringLiteral("appendonly"), QStringLiteral("yes")},
                {QStringLiteral("save"), QString()},
                {QStringLiteral("repl-backlog-size"), QStringLiteral("1048576")},
                {QStringLiteral("requirepass"), QString()},
                {QStringLiteral("masterauth"), QString()},
                {QStringLiteral("masteruser"), QString()}};
    }
    // m 7000 -> r 7001, both healthy; their settings as given.
    static Topology pair(const NodeSettings &master, const NodeSettings &replica)
    {
        NodeObservation m = FakeInfo::master(7000).set("aof_enabled", 1).addReplica(lo(), 7001, 5000).up(addr(7000));
        NodeObservation r = FakeInfo::replica(7001, lo(), 7000).up(addr(7001));
        m.settings = master;
        r.settings = replica;
        return TopologyBuilder::build({m, r}, FakeInfo::epoch());
    }

private Q_SLOTS:
    void firstSyncWaitingIsNoLostLink();
    void stalledSyncIsAnAnomaly();
    void maxmemoryPolicyDrift();
    void secretsAreNeverShown();
    void masterauthMustOpenTheMastersRequirepass();
    void aclRulesSplitKeepsSelectors();
};

// During repl-diskless-sync-delay the replica says only "link down"; the master lists it as
// wait_bgsave. That is the start of a full sync, shown as such, not a critical lost link.
void TestConfigDrift::firstSyncWaitingIsNoLostLink()
{
    const QList<NodeObservation> obs{
        FakeInfo::master(7000).set("aof_enabled", 1).addReplica(lo(), 7001, 0, QStringLiteral("wait_bgsave")).up(addr(7000)),
        FakeInfo::replica(7001, lo(), 7000, 0).set("master_link_status", QStringLiteral("down"))
            .set("master_link_down_since_seconds", -1).up(addr(7001))};
    const Topology t = TopologyBuilder::build(obs, FakeInfo::epoch());
    const TopologyEdge *e = t.edgeTo(addr(7001));
    QVERIFY(e);
    QVERIFY(e->syncInProgress);
    QVERIFY(e->syncWaiting);
    AnomalyDetector d;
    QCOMPARE(kinds(d.detect(t)), QStringList());
}

void TestConfigDrift::stalledSyncIsAnAnomaly()
{
    const auto at = [](qint64 seconds) {
        const QDateTime when = FakeInfo::epoch().addSecs(seconds);
        return TopologyBuilder::build(
            {FakeInfo::master(7000).set("aof_enabled", 1).addReplica(lo(), 7001, 0, QStringLiteral("send_bulk")).up(addr(7000), when),
             FakeInfo::replica(7001, lo(), 7000, 0).set("master_link_status", QStringLiteral("down"))
                 .set("master_sync_in_progress", 1).set("master_sync_total_bytes", 0)
                 .set("master_sync_read_bytes", 4096).set("master_sync_left_bytes", -1).up(addr(7001), when)},
            when);
    };
    AnomalyDetector d;
    QCOMPARE(kinds(d.detect(at(0))), QStringList());
    QCOMPARE(kinds(d.detect(at(30))), QStringList());  // no progress for 30 s: within repl-timeout
    const QList<Anomaly> late = d.detect(at(61));
    QCOMPARE(kinds(late), QStringList{QStringLiteral("sync_stalled")});
    QVERIFY(late.first().message.contains(QLatin1String("repl-timeout is 60 s")));
}

void TestConfigDrift::maxmemoryPolicyDrift()
{
    QMap<QString, QString> changed = defaults();
    changed.insert(QStringLiteral("maxmemory-policy"), QStringLiteral("allkeys-lru"));
    const Topology t = pair(settings(changed), settings(defaults()));
    AnomalyDetector d;
    const QList<Anomaly> a = d.detect(t);
    QCOMPARE(kinds(a), QStringList{QStringLiteral("config_drift")});
    QCOMPARE(a.first().nodes, (QStringList{addr(7000), addr(7001)}));
    QCOMPARE(a.first().action, QStringLiteral("apply_to_group"));
    QVERIFY2(a.first().message.contains(QLatin1String("maxmemory-policy is allkeys-lru on 127.0.0.1:7000 but "
                                                      "noeviction on 127.0.0.1:7001")),
             qPrintable(a.first().message));

    const Plan plan = DriftPlanner::build(t, addr(7001));
    QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
    QCOMPARE(plan.group, addr(7000));
    QCOMPARE(plan.nodes, QStringList{addr(7001)});
    QCOMPARE(plan.steps.size(), 2);
    QCOMPARE(plan.steps.at(0).commands,
             QStringList{QStringLiteral("127.0.0.1:7001: CONFIG SET maxmemory-policy allkeys-lru")});
    QCOMPARE(plan.steps.at(1).commands, QStringList{QStringLiteral("127.0.0.1:7001: CONFIG REWRITE")});
    QVERIFY(plan.risks.join(QLatin1Char(' ')).contains(QLatin1String("master's value wins")));

    // Equal settings: nothing to say, nothing to run.
    const Topology same = pair(settings(defaults()), settings(defaults()));
    QCOMPARE(kinds(d.detect(same)), QStringList());
    QVERIFY(!DriftPlanner::build(same, addr(7000)).canRun());
}

void TestConfigDrift::secretsAreNeverShown()
{
    QMap<QString, QString> withPassword = defaults();
    const QString digest = NodeSettings::digest("s3cret-pw");
    withPassword.insert(QStringLiteral("requirepass"), digest);
    withPassword.insert(QStringLiteral("masterauth"), digest);
    QMap<QString, QString> other = withPassword;
    other.insert(QStringLiteral("requirepass"), NodeSettings::digest("another-pw"));
    const Topology t = pair(settings(withPassword), settings(other));
    AnomalyDetector d;
    const QList<Anomaly> a = d.detect(t);
    QCOMPARE(kinds(a), QStringList{QStringLiteral("config_drift")});
    QVERIFY2(a.first().message.contains(QLatin1String("requirepass differs between 127.0.0.1:7000 and 127.0.0.1:7001")),
             qPrintable(a.first().message));
    const Plan plan = DriftPlanner::build(t, addr(7000));
    const QString everything = a.first().message + a.first().advice + plan.render();
    QVERIFY(!everything.contains(digest));
    QVERIFY(!everything.contains(QLatin1String("s3cret")));
    QVERIFY2(plan.render().contains(QLatin1String("CONFIG SET requirepass <hidden")), qPrintable(plan.render()));
}

// Any node may become master: each one's masterauth must open the master's requirepass, the
// master's own included (it logs in as a replica after a switchover).
void TestConfigDrift::masterauthMustOpenTheMastersRequirepass()
{
    QMap<QString, QString> master = defaults();
    master.insert(QStringLiteral("requirepass"), NodeSettings::digest("pw"));
    QMap<QString, QString> replica = master;
    replica.insert(QStringLiteral("masterauth"), NodeSettings::digest("pw"));
    const Topology t = pair(settings(master), settings(replica));
    AnomalyDetector d;
    const QList<Anomaly> a = d.detect(t);
    QCOMPARE(kinds(a), QStringList{QStringLiteral("config_drift")});
    QVERIFY2(a.first().message.contains(QLatin1String("masterauth is not set on 127.0.0.1:7000 although 127.0.0.1:7000 "
                                                      "has a requirepass")),
             qPrintable(a.first().message));
    const Plan plan = DriftPlanner::build(t, addr(7000));
    QCOMPARE(plan.nodes, QStringList{addr(7000)});
}

void TestConfigDrift::aclRulesSplitKeepsSelectors()
{
    QCOMPARE(DriftPlanner::aclRules("user app on #abc ~app:* resetchannels -@all +get (~other:* +set)"),
             (QByteArrayList{"on", "#abc", "~app:*", "resetchannels", "-@all", "+get", "(~other:* +set)"}));
}

TANDEM_TEST_GUILESS_MAIN(TestConfigDrift)
#include "tst_configdrift.moc"
