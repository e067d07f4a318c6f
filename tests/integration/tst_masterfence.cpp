// After a real failover the old master is restarted with its old data and no replicaof, i.e.
// as a second writable master. The fence, fed by a real TopologyMonitor, demotes it at once
// (Automatic) or asks first and waits (Prompt); it ends as a replica of the new master with its
// link up, and the fence, which survived a restart of the fence itself, is lifted.
#include "LabProbe.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/AuditLog.h"
#include "ops/Executor.h"
#include "ops/FailoverPlanner.h"
#include "ops/MasterFence.h"
#include "ops/NodeClients.h"
#include "topology/TopologyMonitor.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <optional>

class tst_MasterFence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void automaticDemotesReturningMaster();
    void promptWaitsForTheUser();

private:
    static constexpr int kInterval = 200;

    QString addr(const QString &name) const { return m_lab->address(name); }
    RespResult call(const QString &name, const QByteArrayList &args) { return LabProbe::call(*m_lab, name, args); }
    NodeSnapshot info(const QString &name) { return LabProbe::info(*m_lab, name); }
    bool follows(const QString &name, const QString &master) { return LabProbe::follows(*m_lab, name, master); }
    bool splitBrain(const QString &a, const QString &b) const
    {
        for (const Anomaly &x : m_monitor->topology().anomalies) {
            if (x.kind == QLatin1String("split_brain") && x.nodes.contains(addr(a)) && x.nodes.contains(addr(b)))
                return true;
        }
        return false;
    }
    std::unique_ptr<NodeClients> makeClients()
    {
        return std::make_unique<NodeClients>(nullptr, [this](const QString &a) { return m_monitor->profileFor(a); });
    }
    // When the server logged the first line containing `needle` (its log clock, ms precision).
    static QDateTime logTime(const QString &log, const QString &needle)
    {
        for (const QString &line : log.split(QLatin1Char('\n'))) {
            if (!line.contains(needle))
                continue;
            // "1234:M 21 Nov 2026 10:52:27.062 * Ready to accept connections"
            const QStringList f = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (f.size() > 4)
                return QDateTime::fromString(f.mid(1, 4).join(QLatin1Char(' ')), QStringLiteral("d MMM yyyy hh:mm:ss.zzz"));
        }
        return {};
    }
    // m + r1 + r2; m saved its data, then dies; the planner fails it over to r1.
    std::optional<QPair<QString, QString>> failOver();

    QTemporaryDir m_dir;
    std::unique_ptr<ReplicationLab> m_lab;
    std::unique_ptr<TopologyMonitor> m_monitor;
};

void tst_MasterFence::initTestCase()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    QVERIFY(m_dir.isValid());
}

void tst_MasterFence::init()
{
    m_lab = std::make_unique<ReplicationLab>();
}

void tst_MasterFence::cleanup()
{
    m_monitor.reset();
    m_lab.reset();
}

std::optional<QPair<QString, QString>> tst_MasterFence::failOver()
{
    if (!m_lab->addMaster(QStringLiteral("m")) || !m_lab->addReplica(QStringLiteral("r1"), QStringLiteral("m"))
        || !m_lab->addReplica(QStringLiteral("r2"), QStringLiteral("m"), {QStringLiteral("--replica-priority"), QStringLiteral("200")})
        || !m_lab->waitLinked()) {
        qWarning("%s", qPrintable(m_lab->errorString()));
        return std::nullopt;
    }
    for (int i = 0; i < 20; ++i)
        call(QStringLiteral("m"), {"SET", "old:" + QByteArray::number(i), "v"});
    // The old master keeps its data on disk: it comes back with it.
    if (!call(QStringLiteral("m"), {"SAVE"}).ok() || call(QStringLiteral("m"), {"WAIT", "2", "5000"}).value.toInteger() != 2)
        return std::nullopt;

    m_monitor = std::make_unique<TopologyMonitor>();
    m_monitor->setInterval(kInterval);
    ConnectionProfile seed = m_lab->profile(QStringLiteral("m"));
    seed.connectTimeoutMs = 1000;
    seed.commandTimeoutMs = 1000;
    m_monitor->addSeed(seed);
    const auto allUp = [this] {
        for (const QString &n : {QStringLiteral("m"), QStringLiteral("r1"), QStringLiteral("r2")}) {
            const TopologyNode *node = m_monitor->topology().node(addr(n));
            if (!node || !node->isUp() || !node->hasSnapshot)
                return false;
        }
        return m_monitor->isSettled();
    };
    if (!QTest::qWaitFor(allUp, 5000))
        return std::nullopt;

    const qint64 pid = info(QStringLiteral("m")).processId;
    if (pid <= 0 || ::kill(pid_t(pid), SIGKILL) != 0)
        return std::nullopt;
    const auto lost = [this] {
        const Topology t = m_monitor->topology();
        const TopologyNode *m = t.node(addr(QStringLiteral("m")));
        const TopologyNode *r1 = t.node(addr(QStringLiteral("r1")));
        const TopologyNode *r2 = t.node(addr(QStringLiteral("r2")));
        return m && !m->isUp() && r1 && r1->isUp() && r1->snapshot.masterLinkStatus == QLatin1String("down") && r2
            && r2->isUp() && r2->snapshot.masterLinkStatus == QLatin1String("down");
    };
    if (!QTest::qWaitFor(lost, 5000))
        return std::nullopt;

    const Plan plan = FailoverPlanner::build(m_monitor->topology(), addr(QStringLiteral("m")));
    if (!plan.canRun() || plan.facts.value(QStringLiteral("candidate")).toString() != addr(QStringLiteral("r1"))) {
        qWarning("%s", qPrintable(plan.render()));
        return std::nullopt;
    }
    auto clients = makeClients();
    AuditLog audit(m_dir.filePath(QStringLiteral("audit.jsonl")));
    Executor e(plan, clients.get(), &audit);
    QSignalSpy done(&e, &Executor::finished);
    e.start();
    if (!done.wait(30000))
        return std::nullopt;
    const ExecutionReport report = done.first().first().value<ExecutionReport>();
    if (!report.ok()) {
        qWarning("%s", qPrintable(report.message));
        return std::nullopt;
    }
    return FailoverPlanner::fenceOf(report);
}

void tst_MasterFence::automaticDemotesReturningMaster()
{
    const auto fenceEntry = failOver();
    QVERIFY(fenceEntry);
    QCOMPARE(fenceEntry->first, addr(QStringLiteral("m")));
    QCOMPARE(fenceEntry->second, addr(QStringLiteral("r1")));

    const QString path = m_dir.filePath(QStringLiteral("auto/fences.json"));
    auto clients = makeClients();
    {
        MasterFence first(clients.get(), path);
        first.add(fenceEntry->first, fenceEntry->second);
        QVERIFY(first.isFenced(addr(QStringLiteral("m"))));
        QVERIFY2(first.errorString().isEmpty(), qPrintable(first.errorString()));
    }
    // Tandem restarted: the pending fence is still there.
    MasterFence fence(clients.get(), path);
    QCOMPARE(fence.entries().size(), 1);
    QCOMPARE(fence.entries().first().oldMaster, addr(QStringLiteral("m")));
    QCOMPARE(fence.entries().first().newMaster, addr(QStringLiteral("r1")));
    QVERIFY(fence.entries().first().since.isValid());
    QCOMPARE(fence.mode(), MasterFence::Mode::Automatic);
    connect(m_monitor.get(), &TopologyMonitor::topologyChanged, &fence, &MasterFence::observe);
    QSignalSpy demoted(&fence, &MasterFence::demoted);
    QSignalSpy failed(&fence, &MasterFence::demoteFailed);
    QSignalSpy lifted(&fence, &MasterFence::lifted);

    // While the old master stays dead nothing happens.
    QTest::qWait(3 * kInterval);
    QCOMPARE(demoted.count(), 0);
    QCOMPARE(failed.count(), 0);
    QVERIFY(call(QStringLiteral("r1"), {"SET", "new:key", "written after the failover"}).ok());

    // It returns with its old data and no replicaof: a second writable master.
    QVERIFY2(m_lab->restart(QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(demoted.count() > 0 || demoted.wait(5000));
    const qint64 demotedMs = clock.elapsed();
    QCOMPARE(demoted.first().at(0).toString(), addr(QStringLiteral("m")));
    QCOMPARE(demoted.first().at(1).toString(), addr(QStringLiteral("r1")));
    QTRY_VERIFY_WITH_TIMEOUT(follows(QStringLiteral("m"), QStringLiteral("r1")), 10000);
    const qint64 followsMs = clock.elapsed();
    QVERIFY(lifted.count() > 0 || lifted.wait(10000));
    const qint64 liftedMs = clock.elapsed();
    qInfo("old master back -> demoted %lld ms, replica with link up %lld ms, fence lifted %lld ms "
          "(poll interval %d ms)", demotedMs, followsMs, liftedMs, kInterval);
    QVERIFY2(demotedMs <= 3 * kInterval, qPrintable(QString::number(demotedMs)));
    // How long the old master was a writable master, by its own log.
    const QString log = m_lab->server(QStringLiteral("m"))->log();
    const QDateTime ready = logTime(log, QStringLiteral("Ready to accept connections"));
    const QDateTime replica = logTime(log, QStringLiteral("enabled (user request"));
    QVERIFY2(ready.isValid() && replica.isValid(), qPrintable(log));
    qInfo("the old master was a writable master for %lld ms (its log: ready -> REPLICAOF)", ready.msecsTo(replica));
    QVERIFY(ready.msecsTo(replica) <= 3 * kInterval);
    // What Tandem reports is measured on the node, an upper bound that is at most about a
    // second over what its own log shows.
    const qint64 reported = demoted.first().at(2).toLongLong();
    qInfo("Tandem reports: a writable master for at most %lld ms", reported);
    QVERIFY2(reported >= ready.msecsTo(replica), qPrintable(QString::number(reported)));
    QVERIFY2(reported <= ready.msecsTo(replica) + 1500, qPrintable(QString::number(reported)));
    QCOMPARE(lifted.first().first().toString(), addr(QStringLiteral("m")));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(demoted.count(), 1);

    // It holds the new master's data, and the fence is gone for good.
    QTRY_COMPARE_WITH_TIMEOUT(call(QStringLiteral("m"), {"GET", "new:key"}).value.bytes(),
                              QByteArray("written after the failover"), 5000);
    QVERIFY(!call(QStringLiteral("m"), {"SET", "x", "y"}).ok());  // read-only replica
    QVERIFY(fence.entries().isEmpty());
    QVERIFY(MasterFence(clients.get(), path).entries().isEmpty());
}

void tst_MasterFence::promptWaitsForTheUser()
{
    const auto fenceEntry = failOver();
    QVERIFY(fenceEntry);
    const QString path = m_dir.filePath(QStringLiteral("prompt/fences.json"));
    auto clients = makeClients();
    MasterFence fence(clients.get(), path);
    fence.setMode(MasterFence::Mode::Prompt);
    fence.add(fenceEntry->first, fenceEntry->second);
    QVERIFY(QFile::exists(path));
    connect(m_monitor.get(), &TopologyMonitor::topologyChanged, &fence, &MasterFence::observe);
    QSignalSpy needed(&fence, &MasterFence::fenceNeeded);
    QSignalSpy demoted(&fence, &MasterFence::demoted);
    QSignalSpy lifted(&fence, &MasterFence::lifted);

    QVERIFY2(m_lab->restart(QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QElapsedTimer clock;
    clock.start();
    QVERIFY2(needed.count() > 0 || needed.wait(5000),
             qPrintable(QStringLiteral("lifted %1, fenced %2, m role %3").arg(lifted.count()).arg(fence.isFenced(addr(QStringLiteral("m"))))
                            .arg(NodeSnapshot::roleName(info(QStringLiteral("m")).role))));
    qInfo("old master back -> fenceNeeded after %lld ms", clock.elapsed());
    QCOMPARE(needed.first().at(0).toString(), addr(QStringLiteral("m")));
    QCOMPARE(needed.first().at(1).toString(), addr(QStringLiteral("r1")));

    // Until the user decides, Tandem changes nothing but shows the two masters as a split brain.
    QTRY_VERIFY2_WITH_TIMEOUT(splitBrain(QStringLiteral("m"), QStringLiteral("r1")),
                              "the returned master and the new one are not reported as a split brain", 10000);
    qInfo("topology flags the split brain %lld ms after the return", clock.elapsed());
    // A freshly started Tandem, with no history of who replicated from whom, sees it too (both
    // nodes carry the old master's replication id as master_replid2).
    {
        TopologyMonitor fresh;
        for (const QString &n : {QStringLiteral("m"), QStringLiteral("r1")}) {
            ConnectionProfile p = m_lab->profile(n);
            p.connectTimeoutMs = 1000;
            fresh.addSeed(p);
        }
        QTRY_VERIFY_WITH_TIMEOUT(fresh.isSettled(), 5000);
        bool flagged = false;
        for (const Anomaly &a : fresh.topology().anomalies)
            flagged = flagged || (a.kind == QLatin1String("split_brain") && a.nodes.contains(addr(QStringLiteral("m"))));
        QVERIFY(flagged);
    }
    QTest::qWait(3 * kInterval);
    QCOMPARE(needed.count(), 1);
    QCOMPARE(demoted.count(), 0);
    QCOMPARE(info(QStringLiteral("m")).role, NodeSnapshot::Role::Master);
    QVERIFY(fence.isFenced(addr(QStringLiteral("m"))));

    fence.demote(addr(QStringLiteral("m")));
    QVERIFY(demoted.count() > 0 || demoted.wait(3000));
    QTRY_VERIFY_WITH_TIMEOUT(follows(QStringLiteral("m"), QStringLiteral("r1")), 10000);
    QVERIFY(lifted.count() > 0 || lifted.wait(10000));
    QVERIFY(!fence.isFenced(addr(QStringLiteral("m"))));
    QTRY_VERIFY_WITH_TIMEOUT(!splitBrain(QStringLiteral("m"), QStringLiteral("r1")), 5000);
    QCOMPARE(needed.count(), 1);
}

TANDEM_TEST_GUILESS_MAIN(tst_MasterFence)
#include "tst_masterfence.moc"
