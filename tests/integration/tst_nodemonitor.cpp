// NodeMonitor against real redis-server processes: snapshots arrive, a dead or hung node is
// noticed within two poll intervals, and the monitor recovers on its own.
#include "FakeRedisServer.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "topology/NodeMonitor.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <csignal>

class tst_NodeMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void snapshotArrives();
    void deadNodeIsUnreachableThenRecovers();
    void hungNodeIsUnreachableThenRecovers();
    void neverTwoPollsInFlight();
    void wrongPasswordStopsRetrying();
    void missingPasswordIsAuthFailure();
    void refusedPortIsUnreachable();

private:
    static ConnectionProfile profileFor(quint16 port, const QString &password = {});
};

void tst_NodeMonitor::initTestCase()
{
    TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server"));
}

ConnectionProfile tst_NodeMonitor::profileFor(quint16 port, const QString &password)
{
    ConnectionProfile p;
    p.port = port;
    p.password = password;
    p.connectTimeoutMs = 1000;
    p.commandTimeoutMs = 1000;
    return p;
}

void tst_NodeMonitor::snapshotArrives()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    NodeMonitor monitor(profileFor(server.port()));
    QSignalSpy snapshots(&monitor, &NodeMonitor::snapshotChanged);
    QSignalSpy statuses(&monitor, &NodeMonitor::statusChanged);
    QCOMPARE(monitor.status(), NodeMonitor::Status::Connecting);
    QVERIFY(!monitor.hasSnapshot());
    monitor.setInterval(200);
    monitor.start();

    QTRY_VERIFY_WITH_TIMEOUT(!snapshots.isEmpty(), 3000);
    QCOMPARE(monitor.status(), NodeMonitor::Status::Up);
    QCOMPARE(statuses.first().first().value<NodeMonitor::Status>(), NodeMonitor::Status::Up);
    const NodeSnapshot s = snapshots.first().first().value<NodeSnapshot>();
    QCOMPARE(s.role, NodeSnapshot::Role::Master);
    QCOMPARE(s.tcpPort, server.port());
    QVERIFY(!s.version.isEmpty());
    QVERIFY(s.connectedClients >= 1);
    QVERIFY(!monitor.lastError().isError());
    // It keeps polling at the interval.
    QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= 4, 3000);
    QCOMPARE(statuses.size(), 1);  // Up once, not once per poll
}

void tst_NodeMonitor::deadNodeIsUnreachableThenRecovers()
{
    const int interval = 500;
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    NodeMonitor monitor(profileFor(server.port()));
    monitor.setInterval(interval);
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status(), NodeMonitor::Status::Up, 3000);
    const QString runId = monitor.snapshot().runId;
    QVERIFY(!runId.isEmpty());

    QElapsedTimer clock;
    clock.start();
    server.stop();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status(), NodeMonitor::Status::Unreachable, 2 * interval);
    QVERIFY2(clock.elapsed() <= 2 * interval, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(monitor.lastError().isError());
    // The last known snapshot stays available while the node is down.
    QVERIFY(monitor.hasSnapshot());

    // Down for a while: the monitor keeps retrying (connection refused) without flapping.
    QSignalSpy statuses(&monitor, &NodeMonitor::statusChanged);
    QTest::qWait(1500);
    for (const QList<QVariant> &args : std::as_const(statuses))
        QCOMPARE(args.first().value<NodeMonitor::Status>(), NodeMonitor::Status::Unreachable);

    QVERIFY2(server.start(), qPrintable(server.errorString()));  // same port
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status(), NodeMonitor::Status::Up, 8000);
    QTRY_VERIFY_WITH_TIMEOUT(monitor.snapshot().runId != runId, 2000);
}

void tst_NodeMonitor::hungNodeIsUnreachableThenRecovers()
{
    // A stopped process keeps its socket open: only the command timeout can notice it.
    const int interval = 500;
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    ConnectionProfile profile = profileFor(server.port());
    profile.commandTimeoutMs = interval;
    NodeMonitor monitor(profile);
    monitor.setInterval(interval);
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status(), NodeMonitor::Status::Up, 3000);
    const auto pid = pid_t(monitor.snapshot().processId);
    QVERIFY(pid > 0);

    QElapsedTimer clock;
    clock.start();
    QCOMPARE(::kill(pid, SIGSTOP), 0);
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status(), NodeMonitor::Status::Unreachable, 2 * interval + 200);
    const qint64 noticed = clock.elapsed();
    QCOMPARE(::kill(pid, SIGCONT), 0);
    QVERIFY2(noticed <= 2 * interval + 100, qPrintable(QString::number(noticed)));
    QCOMPARE(monitor.lastError().kind, NetError::Kind::Timeout);

    QTRY_COMPARE_WITH_TIMEOUT(monitor.status(), NodeMonitor::Status::Up, 8000);
}

void tst_NodeMonitor::neverTwoPollsInFlight()
{
    // INFO is never answered: however many intervals pass, only one INFO is outstanding.
    FakeRedisServer fake;
    QVERIFY(fake.listen());
    fake.setScript(FakeRedisServer::handshakeThen({}));
    ConnectionProfile profile = profileFor(fake.port());
    profile.commandTimeoutMs = 3000;
    NodeMonitor monitor(profile);
    monitor.setInterval(100);
    monitor.start();
    auto infos = [&fake] {
        int count = 0;
        const QList<QByteArrayList> commands = fake.commands();
        for (const QByteArrayList &command : commands)
            count += command.value(0).toUpper() == "INFO" ? 1 : 0;
        return count;
    };
    QTRY_COMPARE_WITH_TIMEOUT(infos(), 1, 3000);
    QTest::qWait(1500);  // 15 intervals, still inside the command timeout
    QCOMPARE(infos(), 1);
    QCOMPARE(fake.connectionCount(), 1);
    // Connected but not answering INFO is not "Up".
    QCOMPARE(monitor.status(), NodeMonitor::Status::Connecting);
}

void tst_NodeMonitor::wrongPasswordStopsRetrying()
{
    RedisServer server;
    QVERIFY2(server.start({QStringLiteral("--requirepass"), QStringLiteral("right-one")}),
             qPrintable(server.errorString()));
    NodeMonitor monitor(profileFor(server.port(), QStringLiteral("wrong-one")));
    monitor.setInterval(100);
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status(), NodeMonitor::Status::AuthFailed, 3000);
    QCOMPARE(monitor.lastError().kind, NetError::Kind::AuthFailed);
    QVERIFY2(!monitor.lastError().message.contains(QLatin1String("wrong-one")),
             qPrintable(monitor.lastError().message));

    // reconnect() tries again (still wrong: same answer).
    monitor.reconnect();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status(), NodeMonitor::Status::AuthFailed, 3000);

    // Retrying a refused password only fills the server's log: the monitor waits for the user.
    FakeRedisServer fake;
    QVERIFY(fake.listen());
    fake.setScript([](QTcpSocket *socket, const QByteArrayList &command) {
        if (command.value(0).toUpper() == "AUTH")
            socket->write("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        else
            socket->write("+OK\r\n");
    });
    NodeMonitor refused(profileFor(fake.port(), QStringLiteral("wrong-one")));
    refused.setInterval(100);
    refused.start();
    QTRY_COMPARE_WITH_TIMEOUT(refused.status(), NodeMonitor::Status::AuthFailed, 3000);
    QSignalSpy statuses(&refused, &NodeMonitor::statusChanged);
    QTest::qWait(1500);
    QCOMPARE(statuses.size(), 0);
    QCOMPARE(fake.connectionCount(), 1);
}

void tst_NodeMonitor::missingPasswordIsAuthFailure()
{
    RedisServer server;
    QVERIFY2(server.start({QStringLiteral("--requirepass"), QStringLiteral("right-one")}),
             qPrintable(server.errorString()));
    NodeMonitor monitor(profileFor(server.port()));
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status(), NodeMonitor::Status::AuthFailed, 3000);
    QVERIFY(!monitor.hasSnapshot());
}

void tst_NodeMonitor::refusedPortIsUnreachable()
{
    NodeMonitor monitor(profileFor(TestEnv::freePort()));
    monitor.start();
    QTRY_COMPARE_WITH_TIMEOUT(monitor.status(), NodeMonitor::Status::Unreachable, 3000);
    QCOMPARE(monitor.lastError().kind, NetError::Kind::ConnectionRefused);
    monitor.stop();
}

TANDEM_TEST_GUILESS_MAIN(tst_NodeMonitor)
#include "tst_nodemonitor.moc"
