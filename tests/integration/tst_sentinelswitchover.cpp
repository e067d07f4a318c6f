// A switchover in a group that real redis-sentinels watch: Tandem pauses and drains the old
// master, makes Sentinel pick the chosen replica (not the one it would pick itself), and
// Sentinel then agrees with the result instead of undoing it. No acknowledged write is lost.
#include "ClientProbe.h"
#include "FollowingWriter.h"
#include "ReplicationLab.h"
#include "SentinelServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/Executor.h"
#include "ops/NodeClients.h"
#include "ops/SentinelSwitchover.h"
#include "ops/SwitchoverPlanner.h"
#include "topology/TopologyMonitor.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <vector>

class tst_SentinelSwitchover : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void promotesChosenReplicaThroughSentinel();
    void refusesPauseNotShorterThanDownAfterAndUndoesOnCancel();
    void sentinelsRequiringPassword();
    void cleanup() { s_password.clear(); }

private:
    static const QString kName;
    // requirepass of the nodes and sentinels in the running test ("" = none).
    static inline QString s_password;

    // m (master), b and c (replicas); b gets a worse priority than c, so Sentinel left to
    // itself would promote c.
    bool startGroup(ReplicationLab &lab);
    bool startSentinels(std::vector<std::unique_ptr<SentinelServer>> &sentinels, int count, const ReplicationLab &lab,
                        int downAfterMs);
    // Until the monitor shows m, b, c up and every sentinel watching the group.
    static bool waitTopology(TopologyMonitor &monitor, const ReplicationLab &lab, int sentinels);
    ExecutionReport run(const Plan &plan, TopologyMonitor &monitor);

    // One command on a fresh connection (Sentinel kills normal clients when it reconfigures).
    static RespResult call(const QString &address, const QByteArrayList &args) { return call(address, args, s_password); }
    static RespResult call(const QString &address, const QByteArrayList &args, const QString &password);
    static QString role(const QString &address);          // "master" or "slave host port"
    static QString priority(const QString &address);
    static QString masterBySentinel(const QString &sentinel);
    // How a monitor reaches `sentinel` (with the running test's password).
    static ConnectionProfile sentinelSeed(const SentinelServer &sentinel)
    {
        ConnectionProfile p;
        p.port = sentinel.port();
        p.password = s_password;
        return p;
    }
    static QString describe(const ExecutionReport &report)
    {
        return QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented));
    }
};

const QString tst_SentinelSwitchover::kName = QStringLiteral("tandem");

RespResult tst_SentinelSwitchover::call(const QString &address, const QByteArrayList &args, const QString &password)
{
    ConnectionProfile p;
    p.password = password;
    const auto hostPort = NodeClients::splitAddress(address);
    p.host = hostPort.first;
    p.port = hostPort.second;
    p.connectTimeoutMs = 2000;
    p.commandTimeoutMs = 2000;
    RespClient client(p);
    if (!ClientProbe::connectReady(&client, 3000))
        return {};
    return ClientProbe::call(&client, args, 3000);
}

QString tst_SentinelSwitchover::role(const QString &address)
{
    const RespResult r = call(address, {"ROLE"});
    const QList<RespValue> &e = r.value.elements();
    if (e.isEmpty())
        return QStringLiteral("unreachable");
    if (e.at(0).text() == QLatin1String("master"))
        return QStringLiteral("master");
    return QStringLiteral("%1 %2:%3").arg(e.at(0).text(), e.value(1).text(), e.value(2).text());
}

QString tst_SentinelSwitchover::priority(const QString &address)
{
    return call(address, {"CONFIG", "GET", "replica-priority"}).value.elements().value(1).text();
}

QString tst_SentinelSwitchover::masterBySentinel(const QString &sentinel)
{
    const RespResult r = call(sentinel, {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", kName.toUtf8()});
    const QList<RespValue> &e = r.value.elements();
    return e.size() == 2 ? e.at(0).text() + QLatin1Char(':') + e.at(1).text() : QStringLiteral("nothing");
}

void tst_SentinelSwitchover::initTestCase()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-sentinel"), QStringLiteral("redis-sentinel")).isEmpty());
}

bool tst_SentinelSwitchover::startGroup(ReplicationLab &lab)
{
    lab.setPassword(s_password);
    if (!lab.addMaster(QStringLiteral("m")) || !lab.addReplica(QStringLiteral("b"), QStringLiteral("m"))
        || !lab.addReplica(QStringLiteral("c"), QStringLiteral("m")) || !lab.waitLinked()) {
        qWarning("%s", qPrintable(lab.errorString()));
        return false;
    }
    return call(lab.address(QStringLiteral("b")), {"CONFIG", "SET", "replica-priority", "90"}).ok()
        && call(lab.address(QStringLiteral("c")), {"CONFIG", "SET", "replica-priority", "10"}).ok();
}

bool tst_SentinelSwitchover::startSentinels(std::vector<std::unique_ptr<SentinelServer>> &sentinels, int count,
                                            const ReplicationLab &lab, int downAfterMs)
{
    for (int i = 0; i < count; ++i) {
        auto s = std::make_unique<SentinelServer>();
        s->setDownAfterMs(downAfterMs);
        s->setMasterPassword(s_password);
        if (!s->start(kName, QStringLiteral("127.0.0.1"), lab.port(QStringLiteral("m")))) {
            qWarning("%s", qPrintable(s->errorString()));
            return false;
        }
        // Test speed only: Sentinel re-reads replicas' INFO every 10 s by default; the plan
        // waits for it either way (wait-sentinel-priorities).
        if (!call(s->address(), {"SENTINEL", "DEBUG", "info-period", "500"}, QString()).ok())
            return false;
        // Sentinel's own requirepass (one sentinel only: peers would need sentinel-pass).
        if (!s_password.isEmpty()
            && call(s->address(), {"ACL", "SETUSER", "default", QByteArray('>' + s_password.toUtf8())}, QString()).value.text()
                != QLatin1String("OK"))
            return false;
        sentinels.push_back(std::move(s));
    }
    // Every sentinel knows both replicas and the other sentinels (hello messages, every 2 s).
    return QTest::qWaitFor([&] {
        for (const auto &s : sentinels) {
            const RespResult m = call(s->address(), {"SENTINEL", "MASTER", kName.toUtf8()});
            QHash<QString, QString> f;
            for (qsizetype i = 0; i + 1 < m.value.elements().size(); i += 2)
                f.insert(m.value.elements().at(i).text(), m.value.elements().at(i + 1).text());
            if (f.value(QStringLiteral("num-slaves")) != QLatin1String("2")
                || f.value(QStringLiteral("num-other-sentinels")).toInt() != count - 1)
                return false;
        }
        return true;
    }, 15000);
}

bool tst_SentinelSwitchover::waitTopology(TopologyMonitor &monitor, const ReplicationLab &lab, int sentinels)
{
    const QString m = lab.address(QStringLiteral("m"));
    return QTest::qWaitFor([&] {
        const Topology t = monitor.topology();
        const TopologyGroup *g = t.groupOf(m);
        if (!g || g->master != m || g->sentinels.size() != sentinels || g->sentinelName != kName)
            return false;
        for (const QString &n : {QStringLiteral("m"), QStringLiteral("b"), QStringLiteral("c")}) {
            const TopologyNode *node = t.node(lab.address(n));
            if (!node || !node->isUp() || !node->hasSnapshot)
                return false;
        }
        for (const QString &s : g->sentinels) {
            if (!t.node(s) || !t.node(s)->isUp())
                return false;
        }
        return monitor.isSettled();
    }, 15000);
}

ExecutionReport tst_SentinelSwitchover::run(const Plan &plan, TopologyMonitor &monitor)
{
    NodeClients clients(nullptr, [&monitor](const QString &address) { return monitor.profileFor(address); });
    Executor executor(plan, &clients, nullptr);
    QSignalSpy done(&executor, &Executor::finished);
    executor.start();
    if (!done.wait(60000))
        return {};
    return done.first().first().value<ExecutionReport>();
}

void tst_SentinelSwitchover::promotesChosenReplicaThroughSentinel()
{
    ReplicationLab lab;
    QVERIFY(startGroup(lab));
    std::vector<std::unique_ptr<SentinelServer>> sentinels;
    QVERIFY(startSentinels(sentinels, 3, lab, 60000));
    const QString m = lab.address(QStringLiteral("m"));
    const QString b = lab.address(QStringLiteral("b"));
    const QString c = lab.address(QStringLiteral("c"));

    // Seeded with one sentinel only: the group and the other sentinels are discovered.
    TopologyMonitor monitor;
    monitor.setInterval(200);
    monitor.addSeed(sentinelSeed(*sentinels.front()));
    QVERIFY(waitTopology(monitor, lab, 3));

    // The automatic strategy chooses the Sentinel path for a watched group.
    SwitchoverOptions automatic;
    QCOMPARE(SwitchoverPlanner::build(monitor.topology(), b, automatic).strategy, QStringLiteral("sentinel"));

    FollowingWriter writer({m, b, c});
    writer.start();
    QVERIFY(writer.waitForMore(500, 5000));
    writer.resetGap();

    SwitchoverOptions options;
    options.strategy = SwitchoverOptions::Strategy::Sentinel;
    options.timeoutMs = 3000;
    const Plan plan = SentinelSwitchover::build(monitor.topology(), b, options);
    QVERIFY2(plan.canRun(), qPrintable(plan.render()));
    const ExecutionReport report = run(plan, monitor);
    QVERIFY2(report.ok(), qPrintable(describe(report)));
    QVERIFY2(writer.waitForAcksOn(b, 200, 10000), qPrintable(writer.currentNode()));
    const qint64 pauseMs = report.metrics.value(QStringLiteral("write_pause_ms")).toInteger(-1);
    qInfo("write pause (Tandem's view) %lld ms, longest gap between acknowledged writes %lld ms",
          pauseMs, writer.longestGapMs());
    for (const StepRecord &s : report.steps)
        qInfo("  %-26s %5lld ms  %s", qPrintable(s.id), s.durationMs, qPrintable(s.message));

    // The chosen replica is master; the old master and the other replica follow it.
    QCOMPARE(role(b), QStringLiteral("master"));
    QTRY_COMPARE_WITH_TIMEOUT(role(m), QStringLiteral("slave 127.0.0.1:%1").arg(lab.port(QStringLiteral("b"))), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(role(c), QStringLiteral("slave 127.0.0.1:%1").arg(lab.port(QStringLiteral("b"))), 5000);
    for (const auto &s : sentinels)
        QCOMPARE(masterBySentinel(s->address()), b);
    // The priority trick left no trace.
    QCOMPARE(priority(c), QStringLiteral("10"));
    QCOMPARE(priority(b), QStringLiteral("90"));

    // Sentinel does not undo anything later.
    QTest::qWait(5000);
    QCOMPARE(role(b), QStringLiteral("master"));
    QCOMPARE(role(m), QStringLiteral("slave 127.0.0.1:%1").arg(lab.port(QStringLiteral("b"))));
    QCOMPARE(role(c), QStringLiteral("slave 127.0.0.1:%1").arg(lab.port(QStringLiteral("b"))));
    for (const auto &s : sentinels)
        QCOMPARE(masterBySentinel(s->address()), b);
    QVERIFY(writer.currentNode() == b);

    writer.stop();
    QVERIFY(writer.acknowledged() > 0);
    QTest::qWait(300);  // replication to the followers settles
    QCOMPARE(writer.missingOn(b), qint64(0));
    QCOMPARE(writer.missingOn(c), qint64(0));
    QCOMPARE(writer.missingOn(m), qint64(0));
    QVERIFY(pauseMs >= 0);
}

void tst_SentinelSwitchover::refusesPauseNotShorterThanDownAfterAndUndoesOnCancel()
{
    ReplicationLab lab;
    QVERIFY(startGroup(lab));
    std::vector<std::unique_ptr<SentinelServer>> sentinels;
    QVERIFY(startSentinels(sentinels, 1, lab, 5000));
    const QString m = lab.address(QStringLiteral("m"));
    const QString b = lab.address(QStringLiteral("b"));
    const QString c = lab.address(QStringLiteral("c"));

    // Seeded with the master this time (a master does not name its sentinels: add it too).
    TopologyMonitor monitor;
    monitor.setInterval(200);
    monitor.addSeed(lab.profile(QStringLiteral("m")));
    monitor.addSeed(sentinelSeed(*sentinels.front()));
    QVERIFY(waitTopology(monitor, lab, 1));

    SwitchoverOptions options;
    options.strategy = SwitchoverOptions::Strategy::Sentinel;
    options.timeoutMs = 2000;  // pause 5000 ms, not shorter than down-after 5000 ms
    const Plan plan = SentinelSwitchover::build(monitor.topology(), b, options);
    QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
    const ExecutionReport report = run(plan, monitor);
    QCOMPARE(report.outcome, ExecutionReport::Outcome::Aborted);
    QVERIFY2(report.message.contains(QStringLiteral("down-after-milliseconds (5000)")), qPrintable(report.message));
    // Nothing changed.
    QCOMPARE(role(m), QStringLiteral("master"));
    QCOMPARE(role(b), QStringLiteral("slave 127.0.0.1:%1").arg(lab.port(QStringLiteral("m"))));
    QCOMPARE(priority(c), QStringLiteral("10"));
    QCOMPARE(masterBySentinel(sentinels.front()->address()), m);
    QCOMPARE(call(m, {"SET", "k", "v"}).value.text(), QStringLiteral("OK"));  // not paused

    // A shorter pause is allowed; cancelled once the priorities were lowered, the plan puts
    // them back.
    options.timeoutMs = 1000;
    Plan allowed = SentinelSwitchover::build(monitor.topology(), b, options);
    QVERIFY2(allowed.canRun(), qPrintable(allowed.refusal()));
    NodeClients clients(nullptr, [&monitor](const QString &address) { return monitor.profileFor(address); });
    Executor executor(allowed, &clients, nullptr);
    QString seenPriority;
    QObject::connect(&executor, &Executor::stepFinished, &executor, [&](int, const StepRecord &r) {
        if (r.id == QLatin1String("lower-priorities") && !r.compensation) {
            seenPriority = priority(c);
            executor.cancel();
        }
    });
    QSignalSpy done(&executor, &Executor::finished);
    executor.start();
    QVERIFY(done.wait(30000));
    const ExecutionReport cancelled = done.first().first().value<ExecutionReport>();
    QCOMPARE(cancelled.outcome, ExecutionReport::Outcome::Cancelled);
    QCOMPARE(seenPriority, QStringLiteral("0"));
    QCOMPARE(priority(c), QStringLiteral("10"));
    QCOMPARE(priority(b), QStringLiteral("90"));
    QCOMPARE(role(m), QStringLiteral("master"));
    QCOMPARE(masterBySentinel(sentinels.front()->address()), m);
}

void tst_SentinelSwitchover::sentinelsRequiringPassword()
{
    s_password = QStringLiteral("s3cret-pw");
    ReplicationLab lab;
    QVERIFY(startGroup(lab));
    std::vector<std::unique_ptr<SentinelServer>> sentinels;
    QVERIFY(startSentinels(sentinels, 1, lab, 60000));
    QVERIFY(call(sentinels.front()->address(), {"PING"}, QString()).value.text() != QLatin1String("PONG"));  // NOAUTH
    const QString m = lab.address(QStringLiteral("m"));
    const QString b = lab.address(QStringLiteral("b"));
    const QString c = lab.address(QStringLiteral("c"));

    TopologyMonitor monitor;
    monitor.setInterval(200);
    monitor.addSeed(lab.profile(QStringLiteral("m")));
    monitor.addSeed(sentinelSeed(*sentinels.front()));
    QVERIFY(waitTopology(monitor, lab, 1));

    SwitchoverOptions options;
    options.strategy = SwitchoverOptions::Strategy::Sentinel;
    const Plan plan = SentinelSwitchover::build(monitor.topology(), b, options);
    QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
    QVERIFY(!plan.render().contains(s_password));
    const ExecutionReport report = run(plan, monitor);
    QVERIFY2(report.ok(), qPrintable(describe(report)));
    QVERIFY(!describe(report).contains(s_password));
    QCOMPARE(role(b), QStringLiteral("master"));
    QCOMPARE(role(m), QStringLiteral("slave 127.0.0.1:%1").arg(lab.port(QStringLiteral("b"))));
    QTRY_COMPARE_WITH_TIMEOUT(role(c), QStringLiteral("slave 127.0.0.1:%1").arg(lab.port(QStringLiteral("b"))), 5000);
    QCOMPARE(masterBySentinel(sentinels.front()->address()), b);
    QCOMPARE(priority(c), QStringLiteral("10"));
}

TANDEM_TEST_GUILESS_MAIN(tst_SentinelSwitchover)
#include "tst_sentinelswitchover.moc"
