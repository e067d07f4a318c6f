// AdvisorContextFetcher against a real password-protected master and its replica, with the
// topology discovered by TopologyMonitor the way the app builds it; then the context drives
// ConfigAdvisor's cross-node masterauth check.
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "config/AdvisorContextFetcher.h"
#include "config/ConfigAdvisor.h"
#include "net/RespClient.h"
#include "topology/TopologyMonitor.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

namespace {

const QString kPassword = QStringLiteral("lab-pass-7f3e");

bool hasCode(const QList<ConfigDiagnostic> &list, const QString &code)
{
    for (const ConfigDiagnostic &d : list) {
        if (d.code == code)
            return true;
    }
    return false;
}

} // namespace

class TestAdvisorContext : public QObject
{
    Q_OBJECT

private:
    ReplicationLab m_lab;
    std::unique_ptr<TopologyMonitor> m_monitor;

    QString master() const { return m_lab.address(QStringLiteral("master")); }
    QString replica() const { return m_lab.address(QStringLiteral("replica")); }

    struct Fetched
    {
        ConfigAdvisorContext context;
        int finishedCount = 0;  // must be 1
        qint64 elapsedMs = 0;
    };
    // One AdvisorContextFetcher run for `address` as the topology shows it; waits a little
    // after finished() to catch a second one.
    Fetched fetchFrom(const Topology &topology, const QString &address, int sampleIntervalMs)
    {
        AdvisorContextFetcher fetcher(nullptr);
        fetcher.setSampleIntervalMs(sampleIntervalMs);
        QSignalSpy finished(&fetcher, &AdvisorContextFetcher::finished);
        QElapsedTimer clock;
        clock.start();
        TopologyMonitor *monitor = m_monitor.get();
        fetcher.start(topology, address, [monitor](const QString &a) { return monitor->profileFor(a); });
        Fetched f;
        if (!finished.wait(15000))
            qWarning("finished() did not come");
        f.elapsedMs = clock.elapsed();
        QTest::qWait(100);  // once, not twice
        f.finishedCount = int(finished.count());
        if (!finished.isEmpty())
            f.context = finished.first().first().value<ConfigAdvisorContext>();
        return f;
    }
    ConfigAdvisorContext fetch(const QString &address, qint64 *elapsedMs = nullptr)
    {
        const Fetched f = fetchFrom(m_monitor->topology(), address, 1000);
        if (elapsedMs)
            *elapsedMs = f.elapsedMs;
        if (f.finishedCount != 1)
            qWarning("finished() came %d times", f.finishedCount);
        return f.context;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
            return;
        qRegisterMetaType<ConfigAdvisorContext>();
        m_lab.setPassword(kPassword);  // requirepass on both, masterauth on the replica
        QVERIFY2(m_lab.addMaster(QStringLiteral("master")), qPrintable(m_lab.errorString()));
        QVERIFY2(m_lab.addReplica(QStringLiteral("replica"), QStringLiteral("master")), qPrintable(m_lab.errorString()));
        QVERIFY2(m_lab.waitLinked(), qPrintable(m_lab.errorString()));

        m_monitor = std::make_unique<TopologyMonitor>();
        m_monitor->setInterval(200);
        m_monitor->addSeed(m_lab.profile(QStringLiteral("master")));
        QTRY_VERIFY_WITH_TIMEOUT(m_monitor->isSettled() && m_monitor->topology().edgeTo(replica())
                                     && m_monitor->topology().node(replica())
                                     && m_monitor->topology().node(replica())->hasSnapshot,
                                 10000);
    }

    void replicaContextWhileWriting()
    {
        // A writer on the master during the sample: the replication stream must show it.
        RespClient writer(m_lab.profile(QStringLiteral("master")));
        writer.connectToServer();
        QTRY_VERIFY_WITH_TIMEOUT(writer.isReady(), 5000);
        const QByteArray value(1024, 'v');
        int written = 0;
        QTimer tick;
        tick.setInterval(5);
        connect(&tick, &QTimer::timeout, this, [&] {
            writer.send({QByteArrayLiteral("SET"), QByteArrayLiteral("key:") + QByteArray::number(written % 500), value},
                        nullptr, [&written](const RespResult &r) {
                            if (r.ok())
                                ++written;
                        });
        });
        tick.start();
        QTRY_VERIFY_WITH_TIMEOUT(written > 20, 5000);  // writing steadily before the sample starts
        qint64 elapsed = 0;
        const ConfigAdvisorContext ctx = fetch(replica(), &elapsed);
        tick.stop();

        QVERIFY(written > 10);
        QVERIFY2(elapsed < 8000, qPrintable(QString::number(elapsed)));
        QVERIFY(ctx.live.has_value());
        QCOMPARE(ctx.live->role, NodeSnapshot::Role::Replica);
        // Compared only: a failure must not print it.
        QVERIFY(ctx.masterRequirePass.has_value());
        QVERIFY2(*ctx.masterRequirePass == kPassword, "masterRequirePass is not the master's requirepass");
        QVERIFY2(ctx.writeBytesPerSecond > 10000, qPrintable(QString::number(ctx.writeBytesPerSecond)));
        QVERIFY2(ctx.datasetBytes > 0, qPrintable(QString::number(ctx.datasetBytes)));

        // The advisor, fed the live context, catches a replica file with the wrong masterauth.
        const ConfigDocument wrong = ConfigDocument::parse(
            QByteArray("replicaof 127.0.0.1 " + QByteArray::number(m_lab.port(QStringLiteral("master")))
                       + "\nmasterauth not-the-password\n"));
        const QList<ConfigDiagnostic> advice = ConfigAdvisor::advise(wrong, ctx);
        QVERIFY(hasCode(advice, QStringLiteral("replica-masterauth-mismatch")));
        for (const ConfigDiagnostic &d : advice)
            QVERIFY2(!d.message.contains(kPassword) && !d.fix.contains(kPassword), "the advice shows the password");

        const ConfigDocument right = ConfigDocument::parse(
            QByteArray("replicaof 127.0.0.1 " + QByteArray::number(m_lab.port(QStringLiteral("master")))
                       + "\nmasterauth " + kPassword.toUtf8() + "\n"));
        QVERIFY(!hasCode(ConfigAdvisor::advise(right, ctx), QStringLiteral("replica-masterauth-mismatch")));
        // Without the live context the advisor has nothing to compare with.
        QVERIFY(!hasCode(ConfigAdvisor::advise(wrong, {}), QStringLiteral("replica-masterauth-mismatch")));
    }

    void masterContextCountsReplicas()
    {
        const ConfigAdvisorContext ctx = fetch(master());
        QVERIFY(ctx.live.has_value());
        QCOMPARE(ctx.live->role, NodeSnapshot::Role::Master);
        QCOMPARE(ctx.replicaCount, 1);
        QVERIFY(!ctx.masterRequirePass.has_value());  // a master has no master to ask
        QVERIFY(ctx.datasetBytes > 0);
    }

    void unknownNodeFinishesEmpty()
    {
        const ConfigAdvisorContext ctx = fetch(QStringLiteral("127.0.0.1:1"));
        QVERIFY(!ctx.live.has_value());
        QVERIFY(!ctx.masterRequirePass.has_value());
        QCOMPARE(ctx.replicaCount, -1);
    }

    void unreachableMasterStillFinishesInTime()
    {
        // The topology still names the master, but it is gone: the fetch gives up quickly.
        const Topology topology = m_monitor->topology();
        m_lab.stop(QStringLiteral("master"));
        const Fetched f = fetchFrom(topology, replica(), 200);
        QCOMPARE(f.finishedCount, 1);
        QVERIFY2(f.elapsedMs < 10000, qPrintable(QString::number(f.elapsedMs)));
        const ConfigAdvisorContext &ctx = f.context;
        QVERIFY(ctx.live.has_value());  // from the topology
        QVERIFY(!ctx.masterRequirePass.has_value());
        QCOMPARE(ctx.writeBytesPerSecond, 0.0);
        QVERIFY(m_lab.restart(QStringLiteral("master")));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestAdvisorContext)
#include "tst_advisorcontext.moc"
