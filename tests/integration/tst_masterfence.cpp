// After a real failover the old master is restarted with its old data and no replicaof, i.e.
// as a second writable master. The fence, fed by a real TopologyMonitor, demotes it at once
// (Automatic) or asks first and waits (Prompt); it ends as a replica of the new master with its
// link up, and the fence, which survived a restart of the fence itself, is lifted.
#include "FailoverScenario.h"
#include "LabProbe.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/MasterFence.h"
#include "ops/NodeClients.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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
    static constexpr int kInterval = FailoverScenario::kInterval;

    QString addr(const QString &name) const { return m_scenario->address(name); }
    RespResult call(const QString &name, const QByteArrayList &args) { return LabProbe::call(m_scenario->lab(), name, args); }
    NodeSnapshot info(const QString &name) { return LabProbe::info(m_scenario->lab(), name); }
    bool follows(const QString &name, const QString &master) { return LabProbe::follows(m_scenario->lab(), name, master); }
    TopologyMonitor *monitor() const { return &m_scenario->monitor(); }
    bool splitBrain(const QString &a, const QString &b) const
    {
        for (const Anomaly &x : monitor()->topology().anomalies) {
            if (x.kind == QLatin1String("split_brain") && x.nodes.contains(addr(a)) && x.nodes.contains(addr(b)))
                return true;
        }
        return false;
    }
    std::unique_ptr<NodeClients> makeClients()
    {
        return std::make_unique<NodeClients>(nullptr, [this](const QString &a) { return monitor()->profileFor(a); });
    }
    std::optional<QPair<QString, QString>> failOver()
    {
        auto f = m_scenario->failOver();
        if (!f)
            qWarning("%s", qPrintable(m_scenario->errorString()));
        return f;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<FailoverScenario> m_scenario;
};

void tst_MasterFence::initTestCase()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    QVERIFY(m_dir.isValid());
}

void tst_MasterFence::init()
{
    m_scenario = std::make_unique<FailoverScenario>();
}

void tst_MasterFence::cleanup()
{
    m_scenario.reset();
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
    connect(monitor(), &TopologyMonitor::topologyChanged, &fence, &MasterFence::observe);
    QSignalSpy demoted(&fence, &MasterFence::demoted);
    QSignalSpy failed(&fence, &MasterFence::demoteFailed);
    QSignalSpy lifted(&fence, &MasterFence::lifted);

    // While the old master stays dead nothing happens.
    QTest::qWait(3 * kInterval);
    QCOMPARE(demoted.count(), 0);
    QCOMPARE(failed.count(), 0);
    QVERIFY(call(QStringLiteral("r1"), {"SET", "new:key", "written after the failover"}).ok());

    // It returns with its old data and no replicaof: a second writable master.
    QVERIFY2(m_scenario->lab().restart(QStringLiteral("m")), qPrintable(m_scenario->lab().errorString()));
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
    const QString log = m_scenario->lab().server(QStringLiteral("m"))->log();
    const QDateTime ready = FailoverScenario::logTime(log, QStringLiteral("Ready to accept connections"));
    const QDateTime replica = FailoverScenario::logTime(log, QStringLiteral("enabled (user request"));
    QVERIFY2(ready.isValid() && replica.isValid(), qPrintable(log));
    qInfo("the old master was a writable master for %lld ms (its log: ready -> REPLICAOF)", ready.msecsTo(replica));
    QVERIFY(ready.msecsTo(replica) <= 3 * kInterval);
    // What Tandem reports is measured on the node (INFO uptime, read in the same MULTI as
    // REPLICAOF): (uptime + 1) s, an upper bound. Redis computes uptime from two truncated
    // clocks (unixtime - stat_starttime, both whole seconds), so uptime can exceed the real
    // time by almost a second and the bound the real time by almost two: at most 2 s over the
    // time from the process's start to REPLICAOF in its own log (the start-up before "Ready
    // to accept connections" counts: under load it can take a good part of a second).
    const qint64 reported = demoted.first().at(2).toLongLong();
    const QDateTime started = FailoverScenario::logTime(log, QStringLiteral("Redis is starting"));
    QVERIFY2(started.isValid(), qPrintable(log));
    qInfo("Tandem reports: a writable master for at most %lld ms (process start -> REPLICAOF: %lld ms)", reported,
          started.msecsTo(replica));
    QVERIFY2(reported >= ready.msecsTo(replica), qPrintable(QString::number(reported)));
    QVERIFY2(reported <= started.msecsTo(replica) + 2050, qPrintable(QString::number(reported)));
    // No client wrote to it: it acknowledged nothing, and Tandem counted nothing.
    QCOMPARE(demoted.first().at(3).toLongLong(), 0);
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
    connect(monitor(), &TopologyMonitor::topologyChanged, &fence, &MasterFence::observe);
    QSignalSpy needed(&fence, &MasterFence::fenceNeeded);
    QSignalSpy demoted(&fence, &MasterFence::demoted);
    QSignalSpy lifted(&fence, &MasterFence::lifted);

    QVERIFY2(m_scenario->lab().restart(QStringLiteral("m")), qPrintable(m_scenario->lab().errorString()));
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
            ConnectionProfile p = m_scenario->lab().profile(n);
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
