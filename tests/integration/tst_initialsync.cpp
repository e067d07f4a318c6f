// A replica's first full sync against real servers: while the master waits
// repl-diskless-sync-delay before streaming, the replica reports only "link down". Tandem must
// show that as an initial sync (edge.syncWaiting), never as a lost link or any critical anomaly.
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "topology/TopologyMonitor.h"

#include <QElapsedTimer>
#include <QTest>

class tst_InitialSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstSyncIsProgressNotAnAnomaly();
};

void tst_InitialSync::firstSyncIsProgressNotAnAnomaly()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    ReplicationLab lab;
    // 7.0's defaults: diskless, 5 s delay (3 s here to keep the test short).
    QVERIFY2(lab.addMaster(QStringLiteral("m"), {QStringLiteral("--repl-diskless-sync"), QStringLiteral("yes"),
                                                QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("3")}),
             qPrintable(lab.errorString()));
    TopologyMonitor monitor;
    monitor.setInterval(200);
    ConnectionProfile seed = lab.profile(QStringLiteral("m"));
    seed.connectTimeoutMs = 1000;
    seed.commandTimeoutMs = 1000;
    monitor.addSeed(seed);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.isSettled(), 5000);

    QVERIFY2(lab.addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(lab.errorString()));
    const QString r = lab.address(QStringLiteral("r"));
    bool sawWaiting = false;
    QStringList raised;
    const auto watch = [&](const Topology &t) {
        const TopologyEdge *e = t.edgeTo(r);
        sawWaiting = sawWaiting || (e && e->syncWaiting);
        for (const Anomaly &a : t.anomalies) {
            if (a.nodes.contains(r) || a.severity == Anomaly::Severity::Critical)
                raised.append(a.kind + QStringLiteral(": ") + a.message);
        }
    };
    connect(&monitor, &TopologyMonitor::topologyChanged, this, watch);
    QElapsedTimer clock;
    clock.start();
    QTRY_VERIFY_WITH_TIMEOUT(monitor.topology().edgeTo(r) && monitor.topology().edgeTo(r)->linkUp, 15000);
    qInfo("link up %lld ms after the replica started", qint64(clock.elapsed()));
    QVERIFY2(sawWaiting, "the master's wait_bgsave must show as a sync waiting for the snapshot");
    QVERIFY2(raised.isEmpty(), qPrintable(raised.join(QLatin1Char('\n'))));
}

TANDEM_TEST_GUILESS_MAIN(tst_InitialSync)
#include "tst_initialsync.moc"
