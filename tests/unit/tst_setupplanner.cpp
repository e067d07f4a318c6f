#include "PlanTestHelpers.h"
#include "TestRegistry.h"

#include "setup/DetachPlanner.h"
#include "setup/SetupPassword.h"
#include "setup/SetupPlanner.h"
#include "setup/SetupRules.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

// The set-up plan as the user reviews it: every refusal names the observed value, the steps run
// in the order that keeps the operation's own connections working (masterauth before
// requirepass, nothing persisted before verify), every change can be undone, and the group
// password appears nowhere in what is shown, audited or printed as JSON.
class TestSetupPlanner : public QObject
{
    Q_OBJECT

private:
    static const QString kSecret;
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static SetupNodeFacts node(quint16 port, const QString &version = QStringLiteral("7.0.15"))
    {
        SetupNodeFacts n;
        n.address = addr(port);
        n.answered = true;
        n.version = version;
        n.role = QStringLiteral("master");
        n.configFile = QStringLiteral("/etc/redis/%1.conf").arg(port);
        n.config.insert("bind", "127.0.0.1 -::1");
        n.config.insert("protected-mode", "yes");
        n.config.insert("repl-backlog-size", "1048576");
        n.config.insert("appendonly", "no");
        n.config.insert("save", "");
        return n;
    }
    static SetupFacts facts()
    {
        SetupFacts f;
        for (quint16 p : {7000, 7001, 7002})
            f.nodes.insert(addr(p), node(p));
        return f;
    }
    static SetupOptions options()
    {
        SetupOptions o;
        o.master = addr(7000);
        o.replicas = {addr(7001), addr(7002)};
        o.password = kSecret;
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
    static QString everythingShown(const Plan &plan)
    {
        return QString::fromUtf8(QJsonDocument(plan.toJson()).toJson()) + plan.render();
    }

private Q_SLOTS:
    void cleanPlanRunsInOrder()
    {
        const Plan plan = SetupPlanner::build(facts(), options());
        QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
        const QStringList ids = PlanTest::stepIds(plan);
        const auto at = [&ids](const QString &id) { return ids.indexOf(id); };
        for (quint16 p : {7000, 7001, 7002}) {
            QVERIFY(at(QStringLiteral("security-") + addr(p)) >= 0);
            QVERIFY(at(QStringLiteral("settings-") + addr(p)) < at(QStringLiteral("replicaof-") + addr(7001)));
        }
        // Both replicas join, then one wait covers both syncs (the master serves them together).
        QVERIFY(at(QStringLiteral("replicaof-") + addr(7002)) < at(QStringLiteral("sync")));
        QVERIFY(at(QStringLiteral("sync")) < at(QStringLiteral("verify")));
        QCOMPARE(ids.count(QStringLiteral("sync")), 1);
        for (const QString &id : ids)
            QVERIFY2(!id.startsWith(QLatin1String("sync-")), qPrintable(id));  // no per-replica wait
        const PlanStep &wait = plan.steps.at(at(QStringLiteral("sync")));
        for (quint16 p : {7001, 7002})
            QVERIFY2(wait.commands.join(QLatin1Char('\n')).contains(addr(p) + QStringLiteral(": INFO")), qPrintable(wait.commands.join(QLatin1Char('\n'))));
        QCOMPARE(ids.last(), QStringLiteral("persist"));
        QCOMPARE(at(QStringLiteral("verify")), ids.size() - 2);
        // Nothing before verify may be left in place on a failure: every change undoes itself.
        for (const PlanStep &s : plan.steps) {
            if (s.id.startsWith(QLatin1String("security-")) || s.id.startsWith(QLatin1String("settings-"))
                || s.id.startsWith(QLatin1String("replicaof-"))) {
                QVERIFY2(bool(s.compensate), qPrintable(s.id));
                QCOMPARE(s.onFailure, PlanStep::OnFailure::Abort);
            }
        }
        QVERIFY(plan.steps.at(at(QStringLiteral("verify"))).pointOfNoReturn);
        // masterauth before requirepass on the same node: the replica side is ready before the
        // operation's own connection would need the new password.
        const PlanStep &sec = plan.steps.at(at(QStringLiteral("security-") + addr(7000)));
        QVERIFY(sec.commands.at(0).contains(QLatin1String("masterauth")));
        QVERIFY(sec.commands.last().contains(QLatin1String("requirepass <hidden>")));
    }

    void secretNeverShown()
    {
        SetupOptions o = options();
        o.auth = SetupOptions::Auth::Acl;
        o.aclUser = QStringLiteral("replicator");
        const Plan plan = SetupPlanner::build(facts(), o);
        QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
        const QString shown = everythingShown(plan);
        QVERIFY(!shown.contains(kSecret));
        QVERIFY(shown.contains(QLatin1String("ACL SETUSER replicator reset on ><hidden> -@all +psync +replconf +ping")));
        // The replication user is created on every node, the master included.
        for (quint16 p : {7000, 7001, 7002})
            QVERIFY(PlanTest::stepIds(plan).contains(QStringLiteral("acl-user-") + addr(p)));
    }

    void refusalsNameTheObservedValue()
    {
        SetupFacts f = facts();
        f.nodes[addr(7001)].keys = 42;
        f.nodes[addr(7002)].version = QStringLiteral("6.2.14");
        f.nodes[addr(7002)].role = QStringLiteral("replica");
        f.nodes[addr(7002)].masterAddress = addr(7100);
        f.nodes[addr(7000)].missingCommands = {QStringLiteral("CONFIG")};
        f.nodes[addr(7001)].configFile.clear();
        f.loopClosers.insert(addr(7001), addr(7000));
        const Plan plan = SetupPlanner::build(f, options());
        QVERIFY(!plan.canRun());
        const Precondition *data = failed(plan, QStringLiteral("holds no data"));
        QVERIFY(data && data->detail.contains(QLatin1String("42 keys")) && data->detail.contains(QLatin1String("--discard-replica-data")));
        const Precondition *rdb = failed(plan, QStringLiteral("RDB format"));
        QVERIFY(rdb && rdb->detail.contains(QLatin1String("6.2.14 (RDB 9)")) && rdb->detail.contains(QLatin1String("7.0.15 (RDB 10)")));
        const Precondition *other = failed(plan, QStringLiteral("another master"));
        QVERIFY(other && other->detail.contains(addr(7100)));
        const Precondition *loop = failed(plan, QStringLiteral("loop"));
        QVERIFY(loop && loop->detail.contains(QStringLiteral("%1 replicates from %2").arg(addr(7000), addr(7001))));
        const Precondition *cmds = failed(plan, QStringLiteral("commands"));
        QVERIFY(cmds && cmds->detail.contains(QLatin1String("CONFIG")));
        const Precondition *file = failed(plan, QStringLiteral("config file"));
        QVERIFY(file && file->detail.contains(addr(7001)));

        // Each consent lifts exactly its refusal.
        SetupOptions o = options();
        o.discardReplicaData = true;
        o.repoint = true;
        const Plan consented = SetupPlanner::build(f, o);
        QVERIFY(!failed(consented, QStringLiteral("holds no data")));
        QVERIFY(!failed(consented, QStringLiteral("another master")));
        QVERIFY(failed(consented, QStringLiteral("RDB format")));
    }

    void unreachableAndMissingPassword()
    {
        SetupFacts f = facts();
        f.nodes[addr(7002)].answered = false;
        f.nodes[addr(7002)].error = QStringLiteral("WRONGPASS invalid username-password pair");
        SetupOptions o = options();
        o.password.clear();
        const Plan plan = SetupPlanner::build(f, o);
        const Precondition *answers = failed(plan, QStringLiteral("Every node answers"));
        QVERIFY(answers && answers->detail.contains(QLatin1String("WRONGPASS")));
        QVERIFY(failed(plan, QStringLiteral("group password")));
    }

    void remoteReplicaNeedsAReachableMaster()
    {
        SetupFacts f = facts();
        SetupOptions o = options();
        const QString remote = QStringLiteral("10.0.0.5:6379");
        f.nodes.insert(remote, node(6379));
        f.nodes[remote].address = remote;
        o.replicas = {remote};
        const Precondition *bind = failed(SetupPlanner::build(f, o), QStringLiteral("admits"));
        QVERIFY(bind && bind->detail.contains(QLatin1String("127.0.0.1 -::1")));

        // Over SSH: the connect tried from the replica's host decides; an untried one is a risk.
        f.reachesMaster.insert(remote, false);
        f.reachError.insert(remote, QStringLiteral("TCP connect from 10.0.0.5 to 127.0.0.1:7000 failed: Connection refused"));
        const Precondition *reach = failed(SetupPlanner::build(f, o), QStringLiteral("host reaches"));
        QVERIFY(reach && reach->detail.contains(QLatin1String("Connection refused")));
        f.reachesMaster.clear();
        f.reachError.insert(remote, QStringLiteral("no bash/timeout on 10.0.0.5"));
        QVERIFY(SetupPlanner::build(f, o).risks.join(QLatin1Char(' ')).contains(QLatin1String("Not tested whether")));
    }

    void sizesFromMeasuredRates()
    {
        QCOMPARE(SetupRules::backlogBytes(0, 60), SetupRules::kMinBacklogBytes);
        QCOMPARE(SetupRules::backlogBytes(1000000, 60), qint64(60000000));
        QCOMPARE(SetupRules::rdbFormat(QStringLiteral("6.2.14")), 9);
        QCOMPARE(SetupRules::rdbFormat(QStringLiteral("7.0.15")), 10);
        QCOMPARE(SetupRules::rdbFormat(QStringLiteral("7.2.4")), 11);
        QCOMPARE(SetupRules::rdbFormat(QStringLiteral("7.4.1")), 12);
        QCOMPARE(SetupRules::replicaBufferBytes(100 << 20, 1000), qint64(0));
        SetupFacts f = facts();
        f.nodes[addr(7000)].writeBytesPerSecond = 2000000;
        f.nodes[addr(7000)].usedMemory = 4000ll << 20;  // 40 s at 100 MB/s
        const Plan plan = SetupPlanner::build(f, options());
        QCOMPARE(plan.facts.value(QStringLiteral("repl_backlog_bytes")).toInteger(), 120000000);
        const QString risks = plan.risks.join(QLatin1Char('\n'));
        QVERIFY2(risks.contains(QLatin1String("114.4 MB")), qPrintable(risks));
        QVERIFY2(risks.contains(QLatin1String("client-output-buffer-limit replica raised")), qPrintable(risks));
        QVERIFY(everythingShown(plan).contains(QLatin1String("CONFIG SET repl-backlog-size 120000000")));
    }

    void persistenceOffIsAWarning()
    {
        SetupOptions o = options();
        o.persistence = SetupOptions::Persistence::Keep;
        const Plan plan = SetupPlanner::build(facts(), o);
        QVERIFY(plan.risks.join(QLatin1Char('\n')).contains(QLatin1String("comes back empty")));
        QVERIFY(!everythingShown(plan).contains(QLatin1String("CONFIG SET appendonly")));
        o.persistence = SetupOptions::Persistence::Aof;
        o.minReplicasToWrite = 1;
        const Plan aof = SetupPlanner::build(facts(), o);
        // Both wait for the synced replicas: AOF's rewrite would fork ahead of their snapshot,
        // min-replicas-to-write would refuse every write until they are there.
        const QStringList ids = PlanTest::stepIds(aof);
        const qsizetype after = ids.indexOf(QStringLiteral("after-sync-") + addr(7000));
        QVERIFY(after > ids.indexOf(QStringLiteral("sync")));
        QVERIFY(after < ids.indexOf(QStringLiteral("verify")));
        const QString commands = aof.steps.at(after).commands.join(QLatin1Char('\n'));
        QVERIFY(commands.contains(QLatin1String("CONFIG SET appendonly yes")));
        QVERIFY(commands.contains(QLatin1String("CONFIG SET min-replicas-to-write 1")));
    }

    void generatedPasswordIsUrlSafe()
    {
        const QString a = SetupPassword::generate();
        const QString b = SetupPassword::generate();
        QVERIFY(a != b);
        QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43,}$")).match(a).hasMatch(), qPrintable(a));
    }

    void detachWarnsAboutWrites()
    {
        DetachPlanner::Facts f;
        f.answered = true;
        f.role = QStringLiteral("replica");
        f.masterAddress = addr(7000);
        f.configFile = QStringLiteral("/etc/redis.conf");
        const Plan plan = DetachPlanner::build(addr(7001), f);
        QVERIFY(plan.canRun());
        QCOMPARE(PlanTest::stepIds(plan), (QStringList{QStringLiteral("detach"), QStringLiteral("persist")}));
        QVERIFY(plan.risks.join(QLatin1Char(' ')).contains(QLatin1String("may write to it")));
        f.role = QStringLiteral("master");
        QVERIFY(!DetachPlanner::build(addr(7001), f).canRun());
    }
};

const QString TestSetupPlanner::kSecret = QStringLiteral("s3cret-Group-Passw0rd");

TANDEM_TEST_GUILESS_MAIN(TestSetupPlanner)
#include "tst_setupplanner.moc"
