#include "PlanTestHelpers.h"
#include "TestRegistry.h"

#include "migrate/MigrateLinkStep.h"
#include "migrate/MigratePlanner.h"
#include "migrate/MigrateVerifySteps.h"

#include <QJsonDocument>
#include <QTest>

// The migration plan as the user reviews it: each refusal names what was observed, the steps
// run in the order that never leaves two writable masters, limits raised for the migration are
// restored, and no credential appears in what is shown, audited or printed as JSON.
class TestMigratePlanner : public QObject
{
    Q_OBJECT

private:
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static MigrateFacts facts(const QString &sourceVersion = QStringLiteral("7.0.15"),
                              const QString &targetVersion = QStringLiteral("7.0.15"))
    {
        MigrateFacts f;
        for (quint16 p : {7000, 7100}) {
            SetupNodeFacts n;
            n.address = addr(p);
            n.answered = true;
            n.version = p == 7000 ? sourceVersion : targetVersion;
            n.role = QStringLiteral("master");
            n.runId = QStringLiteral("run%1").arg(p);
            n.config.insert("bind", "* -::*");
            n.config.insert("protected-mode", "no");
            f.setup.nodes.insert(n.address, n);
        }
        f.setup.nodes[addr(7000)].usedMemory = 100ll * 1024 * 1024;
        f.setup.nodes[addr(7000)].keys = 1000;
        f.source.dbKeys = {{0, 900}, {3, 100}};
        f.source.replicaHardBytes = 256ll * 1024 * 1024;
        f.source.replicaSoftBytes = 64ll * 1024 * 1024;
        f.source.replicaSoftSeconds = 60;
        f.source.replicaBufferLimit = QStringLiteral("replica 268435456 67108864 60");
        f.source.backlogBytes = 1024 * 1024;
        f.source.replicas = {addr(7001)};
        return f;
    }
    static MigrateOptions options()
    {
        MigrateOptions o;
        o.source = addr(7000);
        o.target = addr(7100);
        return o;
    }
    static const Precondition *failed(const Plan &plan, const QString &containing)
    {
        for (const Precondition &p : plan.preconditions) {
            if (!p.ok && p.text.contains(containing))
                return &p;
        }
        return nullptr;
    }

private Q_SLOTS:
    void cutoverOrder()
    {
        const Plan plan = MigratePlanner::build(facts(), options());
        QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
        QCOMPARE(PlanTest::stepIds(plan),
                 (QStringList{QStringLiteral("replicaof-127.0.0.1:7100"), QStringLiteral("link"), QStringLiteral("sync"),
                              QStringLiteral("settle"), QStringLiteral("verify-data"), QStringLiteral("pause"), QStringLiteral("catch-up"),
                              QStringLiteral("verify-frozen"), QStringLiteral("promote"), QStringLiteral("demote"),
                              QStringLiteral("verify"), QStringLiteral("persist")}));
        // The promotion is the point of no return; everything before it can be undone.
        for (const PlanStep &s : plan.steps) {
            if (s.id == QLatin1String("promote"))
                QVERIFY(s.pointOfNoReturn);
        }
        QVERIFY(plan.steps.first().compensate);
        // The source's replica stays under it unless asked, and the review says so.
        QVERIFY(plan.risks.join(QLatin1Char('\n')).contains(QStringLiteral("stay chained under")));
    }

    void verifyNoneAndRepoint()
    {
        MigrateOptions o = options();
        o.verify = MigrateOptions::Verify::None;
        o.repointReplicas = true;
        o.onAbort = MigrateOptions::OnAbort::KeepReplica;
        const Plan plan = MigratePlanner::build(facts(), o);
        const QStringList ids = PlanTest::stepIds(plan);
        QVERIFY(!ids.contains(QStringLiteral("verify-data")));
        QVERIFY(ids.contains(QStringLiteral("verify-frozen")));   // counts are always compared
        QVERIFY(ids.indexOf(QStringLiteral("repoint")) > ids.indexOf(QStringLiteral("demote")));
        QVERIFY(plan.nodes.contains(addr(7001)));
        QCOMPARE(plan.steps.first().id, QStringLiteral("replicaof-127.0.0.1:7100"));
        QVERIFY2(!plan.steps.first().compensate, "keep-replica must not detach the target on abort");
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("detail");
        QTest::newRow("older target") << QStringLiteral("RDB format") << QStringLiteral("RDB 9");
        QTest::newRow("target holds keys") << QStringLiteral("holds no data") << QStringLiteral("5 keys");
        QTest::newRow("too few databases") << QStringLiteral("every db") << QStringLiteral("highest db in use 3, target databases 2");
        QTest::newRow("small maxmemory") << QStringLiteral("maxmemory") << QStringLiteral("target maxmemory 50.0 MB");
        QTest::newRow("sentinel") << QStringLiteral("Sentinel") << QStringLiteral("SENTINEL REMOVE");
        QTest::newRow("password unknown") << QStringLiteral("authenticate") << QStringLiteral("needs a password");
        QTest::newRow("renamed") << QStringLiteral("commands") << QStringLiteral("DUMP");
        QTest::newRow("source is replica") << QStringLiteral("source is a master") << QStringLiteral("role replica");
        QTest::newRow("target follows another") << QStringLiteral("another master") << QStringLiteral("10.0.0.9:6379");
    }
    void refusals()
    {
        QFETCH(QString, check);
        QFETCH(QString, detail);
        MigrateFacts f = facts();
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        if (tag == QLatin1String("older target"))
            f = facts(QStringLiteral("7.0.15"), QStringLiteral("6.2.14"));
        else if (tag == QLatin1String("target holds keys"))
            f.setup.nodes[addr(7100)].keys = 5;
        else if (tag == QLatin1String("too few databases"))
            f.target.databases = 2;
        else if (tag == QLatin1String("small maxmemory"))
            f.target.maxmemory = 50ll * 1024 * 1024;
        else if (tag == QLatin1String("sentinel"))
            f.source.sentinels = {QStringLiteral("10.0.0.5")};
        else if (tag == QLatin1String("password unknown"))
            f.setup.nodes[addr(7000)].config.insert("requirepass", "set");
        else if (tag == QLatin1String("renamed"))
            f.target.missingCommands = {QStringLiteral("DUMP")};
        else if (tag == QLatin1String("source is replica"))
            f.setup.nodes[addr(7000)].role = QStringLiteral("replica");
        else if (tag == QLatin1String("target follows another")) {
            f.setup.nodes[addr(7100)].role = QStringLiteral("replica");
            f.setup.nodes[addr(7100)].masterAddress = QStringLiteral("10.0.0.9:6379");
        }
        const Plan plan = MigratePlanner::build(f, options());
        QVERIFY(!plan.canRun());
        QVERIFY(plan.steps.isEmpty());
        const Precondition *p = failed(plan, check);
        QVERIFY2(p, qPrintable(plan.refusal()));
        QVERIFY2(p->detail.contains(detail), qPrintable(p->detail));
    }

    // A fast writer and a default-sized buffer: raised for the migration, restored after the
    // cutover to exactly what it was.
    void limitsRaisedAndRestored()
    {
        MigrateFacts f = facts();
        f.setup.nodes[addr(7000)].writeBytesPerSecond = 20ll * 1024 * 1024;
        const Plan plan = MigratePlanner::build(f, options());
        const QStringList ids = PlanTest::stepIds(plan);
        const qsizetype raise = ids.indexOf(QStringLiteral("raise-127.0.0.1:7000"));
        const qsizetype restore = ids.indexOf(QStringLiteral("restore-127.0.0.1:7000"));
        QVERIFY(raise >= 0 && raise < ids.indexOf(QStringLiteral("replicaof-127.0.0.1:7100")));
        QVERIFY(restore > ids.indexOf(QStringLiteral("promote")));
        const QString shown = plan.render();
        QVERIFY2(shown.contains(QStringLiteral("client-output-buffer-limit")) && shown.contains(QStringLiteral("repl-backlog-size")),
                 qPrintable(shown));
        QVERIFY(plan.steps.at(int(restore)).commands.join(QLatin1Char(' ')).contains(QStringLiteral("replica 268435456 67108864 60")));
        // No write rate: nothing to raise.
        QVERIFY(!PlanTest::stepIds(MigratePlanner::build(facts(), options())).contains(QStringLiteral("raise-127.0.0.1:7000")));
    }

    void credentialsNeverShown()
    {
        MigrateFacts f = facts();
        f.setup.nodes[addr(7000)].config.insert("requirepass", "set");
        MigrateOptions o = options();
        o.sourceUser = QStringLiteral("mover");
        o.sourcePassword = QStringLiteral("source-secret-123");
        o.targetPassword = QStringLiteral("target-secret-456");
        const Plan plan = MigratePlanner::build(f, o);
        QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
        QVERIFY(PlanTest::stepIds(plan).startsWith(QStringLiteral("prepare-127.0.0.1:7100")));
        const QString all = plan.render() + QString::fromUtf8(QJsonDocument(plan.toJson()).toJson());
        QVERIFY(!all.contains(QStringLiteral("source-secret-123")));
        QVERIFY(!all.contains(QStringLiteral("target-secret-456")));
        QVERIFY(all.contains(QStringLiteral("masteruser mover")));
    }

    void linkCauses()
    {
        const QHash<QString, qint64> before{{QStringLiteral("NOPERM"), 2}};
        QCOMPARE(MigrateLinkStep::causeFromErrors(before, before, addr(7000)), QString());
        const QString cause = MigrateLinkStep::causeFromErrors(before, {{QStringLiteral("NOPERM"), 9}}, addr(7000));
        QVERIFY2(cause.contains(QStringLiteral("NOPERM")) && cause.contains(QStringLiteral("7 new")), qPrintable(cause));
        const QByteArray log = "1:S 06 Dec 2026 * Connecting to MASTER 10.0.0.1:6379\n"
                               "1:S 06 Dec 2026 # Error condition on socket for SYNC: Connection refused\n"
                               "1:S 06 Dec 2026 * Reconnecting\n";
        QCOMPARE(MigrateLinkStep::lastReplicationError(log), QStringLiteral("Error condition on socket for SYNC: Connection refused"));
        QCOMPARE(MigrateLinkStep::lastReplicationError("all fine\n"), QString());
    }

    void countDifferences()
    {
        const QMap<QString, QString> s{{QStringLiteral("db0"), QStringLiteral("keys=10,expires=2,avg_ttl=0")},
                                       {QStringLiteral("db3"), QStringLiteral("keys=5,expires=0,avg_ttl=0")}};
        QCOMPARE(MigrateVerifySteps::countDifferences(s, s), QStringList());
        QMap<QString, QString> t = s;
        t.remove(QStringLiteral("db3"));
        t[QStringLiteral("db0")] = QStringLiteral("keys=10,expires=1,avg_ttl=0");
        const QStringList d = MigrateVerifySteps::countDifferences(s, t);
        QCOMPARE(d.size(), 2);
        QVERIFY(d.join(QLatin1Char(';')).contains(QStringLiteral("db3: 5 keys on the source, 0 on the target")));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestMigratePlanner)
#include "tst_migrateplanner.moc"
