#include "FakeInfo.h"
#include "TestRegistry.h"

#include "ops/FailoverPlanner.h"
#include "ops/FencePlanner.h"
#include "ops/MinReplicasPlanner.h"
#include "ops/SshFencePlanner.h"
#include "topology/TopologyBuilder.h"

#include <QJsonDocument>
#include <QTest>

// The plans that keep a returning old master from losing writes: the file edit keeps the
// user's redis.conf and wins over an old slaveof line, secrets never reach what is reviewed or
// audited, the failover adds exactly the steps the user chose, and the fence's sentence says
// only what was measured.
class TestFencePlans : public QObject
{
    Q_OBJECT

private:
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static QString lo() { return QStringLiteral("127.0.0.1"); }
    static Topology deadGroup()
    {
        return TopologyBuilder::build(
            {FakeInfo::master(7000, 10000).addReplica(lo(), 7001, 10000).set("config_file", QStringLiteral("/etc/redis/7000.conf")).stale(addr(7000)),
             FakeInfo::replica(7001, lo(), 7000, 10000).set("master_link_status", QStringLiteral("down"))
                 .set("master_link_down_since_seconds", 5).up(addr(7001))},
            FakeInfo::epoch());
    }
    static QStringList ids(const Plan &p)
    {
        QStringList out;
        for (const PlanStep &s : p.steps)
            out.append(s.id);
        return out;
    }
    static SshFenceTarget target()
    {
        SshFenceTarget t;
        t.ssh.enabled = true;
        t.ssh.host = QStringLiteral("db1.example");
        t.ssh.user = QStringLiteral("ops");
        t.path = QStringLiteral("/etc/redis/7000.conf");
        return t;
    }

private Q_SLOTS:
    void editKeepsTheFileAndReplacesSlaveof();
    void secretsStayOutOfThePlan();
    void failoverAddsTheChosenSteps();
    void targetFromProfileAndSnapshot();
    void demotionPlanAndSentence();
};

void TestFencePlans::editKeepsTheFileAndReplacesSlaveof()
{
    const QByteArray file = "# my comments\nport 7000\nslaveof 10.0.0.9 6379\n# masterauth <master-password>\nsave \"\"\n";
    SshFenceSettings s;
    s.newMaster = QStringLiteral("10.0.0.2:6380");
    s.masterPassword = QStringLiteral("p w\"d");
    s.minReplicasMaxLag = 7;
    QStringList changed;
    const QByteArray out = SshFencePlanner::edit(file, s, &changed);
    QVERIFY2(out.startsWith("# my comments\nport 7000\n"), out.constData());
    QVERIFY2(!out.contains("slaveof"), out.constData());
    QVERIFY2(out.contains("replicaof 10.0.0.2 6380\n"), out.constData());
    QVERIFY2(out.contains("masterauth \"p w\\\"d\"\n"), out.constData());
    QVERIFY2(out.contains("min-replicas-to-write 1\n") && out.contains("min-replicas-max-lag 7\n"), out.constData());
    QVERIFY2(out.contains("save \"\"\n"), out.constData());
    QCOMPARE(changed.first(), QStringLiteral("replicaof 10.0.0.2 6380"));
    QVERIFY(changed.contains(QStringLiteral("masterauth ******")));
    // Without a password nothing about auth is written.
    s.masterPassword.clear();
    QVERIFY(!SshFencePlanner::edit(file, s).contains("masterauth \""));
}

void TestFencePlans::secretsStayOutOfThePlan()
{
    SshFenceSettings s;
    s.newMaster = addr(7001);
    s.masterPassword = QStringLiteral("hunter2-secret");
    const Plan p = SshFencePlanner::plan(nullptr, addr(7000), target(), s);
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QCOMPARE(p.operation, QStringLiteral("fence-config"));
    const QByteArray json = QJsonDocument(p.toJson()).toJson();
    QVERIFY(!json.contains("hunter2-secret"));
    QVERIFY(!p.render().contains(QLatin1String("hunter2-secret")));
    QVERIFY2(json.contains("masterauth ******") && json.contains("ops@db1.example:/etc/redis/7000.conf"), json.constData());
    // Without a path (or SSH host) it refuses and says what is missing.
    SshFenceTarget noPath = target();
    noPath.path.clear();
    const Plan refused = SshFencePlanner::plan(nullptr, addr(7000), noPath, s);
    QVERIFY(!refused.canRun());
    QVERIFY2(refused.refusal().contains(QLatin1String("config file path")), qPrintable(refused.refusal()));
}

void TestFencePlans::failoverAddsTheChosenSteps()
{
    const Topology t = deadGroup();
    const Plan plain = FailoverPlanner::build(t, addr(7000));
    QVERIFY2(plain.canRun(), qPrintable(plain.refusal()));
    QCOMPARE(ids(plain), (QStringList{QStringLiteral("preflight"), QStringLiteral("promote"), QStringLiteral("repoint"),
                                      QStringLiteral("verify"), QStringLiteral("persist"), QStringLiteral("fence")}));
    FailoverOptions o;
    o.sshFence = target();
    o.sshFenceSettings.masterPassword = QStringLiteral("hunter2-secret");
    o.minReplicasMaxLag = 10;
    const Plan guarded = FailoverPlanner::build(t, addr(7000), o);
    QCOMPARE(ids(guarded), (QStringList{QStringLiteral("preflight"), QStringLiteral("promote"), QStringLiteral("repoint"),
                                        QStringLiteral("verify"), QStringLiteral("persist"), QStringLiteral("min-replicas"),
                                        QStringLiteral("ssh-fence"), QStringLiteral("fence")}));
    const QString text = guarded.render();
    QVERIFY2(text.contains(QLatin1String("set replicaof 127.0.0.1 7001")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("CONFIG SET min-replicas-to-write 1 min-replicas-max-lag 10")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("NOREPLICAS")), qPrintable(text));
    QVERIFY(!text.contains(QLatin1String("hunter2-secret")));
    QVERIFY(!QJsonDocument(guarded.toJson()).toJson().contains("hunter2-secret"));
}

void TestFencePlans::targetFromProfileAndSnapshot()
{
    ConnectionProfile p;
    p.ssh = target().ssh;
    const SshFenceTarget t = SshFenceTarget::of(deadGroup(), p, addr(7000));
    QVERIFY(t.isValid());
    QCOMPARE(t.path, QStringLiteral("/etc/redis/7000.conf"));
    p.ssh.enabled = false;
    QVERIFY(!SshFenceTarget::of(deadGroup(), p, addr(7000)).isValid());
}

void TestFencePlans::demotionPlanAndSentence()
{
    const Plan p = FencePlanner::demotion(addr(7000), addr(7001));
    QCOMPARE(p.operation, QStringLiteral("fence"));
    QCOMPARE(ids(p), (QStringList{QStringLiteral("demote"), QStringLiteral("persist")}));
    QVERIFY2(p.steps.first().commands.first().contains(QLatin1String("MULTI; INFO all; REPLICAOF 127.0.0.1 7001; EXEC")),
             qPrintable(p.steps.first().commands.first()));
    FenceMeasurement m;
    m.writableForAtMostMs = 1000;
    m.acknowledgedWrites = 412;
    QCOMPARE(m.sentence(), QStringLiteral("it was a writable master for at most 1000 ms and acknowledged 412 writes; "
                                          "the resync discarded them"));
    m.acknowledgedWrites = 0;
    QCOMPARE(m.sentence(), QStringLiteral("it was a writable master for at most 1000 ms and acknowledged no writes"));
    m.acknowledgedWrites = -1;
    QVERIFY(!m.sentence().contains(QLatin1String("acknowledged 0")));
    QVERIFY(m.sentence().contains(QLatin1String("not counted")));
}

TANDEM_TEST_GUILESS_MAIN(TestFencePlans)
#include "tst_fenceplans.moc"
