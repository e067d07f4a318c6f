// The data path of SSH tunnels: isolation, round trips, large values, one session shared by
// many channels, EOF, timeouts, keepalives, cleanup, and RespClient (plain and TLS) over them.
// The Redis node sits in a network namespace the host cannot reach except through the sshd.
#include "ClientProbe.h"
#include "FdConnection.h"
#include "NetNamespace.h"
#include "RedisServer.h"
#include "SshServer.h"
#include "SshTestBed.h"
#include "TestEnv.h"
#include "TestPki.h"
#include "TestRegistry.h"

#include "net/RespClient.h"
#include "ssh/SshSessionPool.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <memory>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using Forward = SshTestBed::Forward;

namespace {

int countOf(const QString &text, const QString &what)
{
    return int(text.count(what));
}

int entriesIn(const char *procDir)
{
    return int(QDir(QString::fromLatin1(procDir)).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size());
}

// Session threads alive in this process (named "ssh <target>"). QThread::wait() returns
// before the kernel has reaped the thread, so a joined one may linger here for a moment.
int sessionThreads()
{
    const QDir tasks(QStringLiteral("/proc/self/task"));
    int count = 0;
    for (const QString &task : tasks.entryList(QDir::NoDotAndDotDot | QDir::Dirs)) {
        QFile comm(tasks.filePath(task + QStringLiteral("/comm")));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().startsWith("ssh "))
            ++count;
    }
    return count;
}

qint64 cpuMs()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return qint64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
        + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

} // namespace

class TestSshTunnel : public QObject
{
    Q_OBJECT

private:
    SshTestBed m_bed;

    SshOptions options() const { return m_bed.options(); }
    quint16 redisPort() const { return m_bed.redis().port(); }

    static Forward open(SshSessionPool &pool, const SshOptions &ssh, quint16 port, int timeoutMs = 10000)
    {
        return SshTestBed::open(pool, ssh, port, timeoutMs);
    }

    // A node at 127.0.0.1:<port> inside the namespace, reached through the bed's sshd.
    ConnectionProfile throughSsh(quint16 port) const
    {
        ConnectionProfile profile;
        profile.host = QStringLiteral("127.0.0.1");
        profile.port = port;
        profile.ssh = options();
        return profile;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!SshTestBed::requireBinaries())
            return;
        QVERIFY2(m_bed.start(), qPrintable(m_bed.errorString()));
    }

    void cleanupTestCase() { m_bed.stop(); }

    void redisIsOnlyReachableThroughSsh()
    {
        QTcpSocket direct;
        direct.connectToHost(QHostAddress::LocalHost, redisPort());
        QVERIFY(!direct.waitForConnected(2000));

        SshSessionPool pool;
        const Forward f = open(pool, options(), redisPort());
        QVERIFY2(!f.error.isError(), qPrintable(f.error.message));
        QVERIFY(f.fd >= 0);
        FdConnection c(f.fd);
        QCOMPARE(c.call({"PING"}), QByteArray("+PONG\r\n"));
        qInfo("tunnel opened in %lld ms", f.elapsedMs);
    }

    void fdWorksAsQTcpSocket()
    {
        SshSessionPool pool;
        const Forward f = open(pool, options(), redisPort());
        QVERIFY2(f.fd >= 0, qPrintable(f.error.message));
        QTcpSocket socket;
        QVERIFY(socket.setSocketDescriptor(f.fd));
        socket.write("PING\r\n");
        QByteArray got;
        QTRY_COMPARE((got += socket.readAll()), QByteArray("+PONG\r\n"));
    }

    void roundTripsAndLargeValue()
    {
        SshSessionPool pool;
        const Forward f = open(pool, options(), redisPort());
        QVERIFY2(f.fd >= 0, qPrintable(f.error.message));
        FdConnection c(f.fd);
        QElapsedTimer clock;
        clock.start();
        const int rounds = 2000;
        for (int i = 0; i < rounds; ++i)
            QCOMPARE(c.call({"PING"}), QByteArray("+PONG\r\n"));
        const double perRoundMs = double(clock.nsecsElapsed()) / 1e6 / rounds;
        qInfo("%d round trips: %.3f ms each", rounds, perRoundMs);
        QVERIFY2(perRoundMs < 5.0, "the tunnel adds too much latency");

        QByteArray value(1024 * 1024, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(value.data()), value.size() / 4);
        clock.restart();
        QCOMPARE(c.call({"SET", "big", value}), QByteArray("+OK\r\n"));
        const QByteArray got = c.call({"GET", "big"});
        qInfo("1 MiB up and down in %lld ms", clock.elapsed());
        QCOMPARE(got.size(), value.size() + 12);  // "$1048576\r\n" + value + "\r\n"
        QVERIFY(got.mid(10, value.size()) == value);
    }

    void channelsShareOneSession()
    {
        SshSessionPool pool;
        const int before = countOf(m_bed.sshd().log(), QStringLiteral("Accepted publickey"));
        std::vector<std::shared_ptr<Forward>> forwards;
        QObject context;
        for (int i = 0; i < 8; ++i) {  // all at once, while the session is still connecting
            auto result = std::make_shared<Forward>();
            forwards.push_back(result);
            pool.openForward(options(), QStringLiteral("127.0.0.1"), redisPort(), &context,
                             [result](int fd, const NetError &error) {
                                 result->fd = fd;
                                 result->error = error;
                                 result->done = true;
                             });
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(forwards.begin(), forwards.end(), [](auto &f) { return f->done; }), 15000);
        std::vector<std::unique_ptr<FdConnection>> conns;
        for (const auto &f : forwards) {
            QVERIFY2(f->fd >= 0, qPrintable(f->error.message));
            conns.push_back(std::make_unique<FdConnection>(f->fd));
        }
        QCOMPARE(pool.sessionCount(), 1);
        QTRY_COMPARE(countOf(m_bed.sshd().log(), QStringLiteral("Accepted publickey")), before + 1);
        for (size_t i = 0; i < conns.size(); ++i)
            QCOMPARE(conns[i]->call({"CLIENT", "SETNAME", "chan" + QByteArray::number(qulonglong(i))}), QByteArray("+OK\r\n"));
        for (int round = 0; round < 200; ++round) {  // every channel in flight at once
            for (auto &c : conns)
                QVERIFY(c->send(FdConnection::command({"INCR", "shared"})));
            for (auto &c : conns)
                QVERIFY(c->reply().startsWith(':'));
        }
        QCOMPARE(conns[0]->call({"GET", "shared"}).split('\n').value(1).trimmed().toInt() % 1600, 0);
        const QByteArray list = conns[0]->call({"CLIENT", "LIST"});
        for (size_t i = 0; i < conns.size(); ++i)
            QVERIFY(list.contains(QByteArray("name=chan" + QByteArray::number(qulonglong(i)) + ' ')));
    }

    void eofTravelsBothWays()
    {
        SshSessionPool pool;
        Forward a = open(pool, options(), redisPort());
        QVERIFY2(a.fd >= 0, qPrintable(a.error.message));
        FdConnection first(a.fd);
        QCOMPARE(first.call({"CLIENT", "SETNAME", "leaving"}), QByteArray("+OK\r\n"));
        first.close();  // our close must close the channel, and redis sees the client go
        Forward b = open(pool, options(), redisPort());
        QVERIFY2(b.fd >= 0, qPrintable(b.error.message));
        FdConnection second(b.fd);
        QTRY_VERIFY(!second.call({"CLIENT", "LIST"}).contains("name=leaving "));
        QCOMPARE(second.call({"QUIT"}), QByteArray("+OK\r\n"));  // redis closes: we read EOF
        QVERIFY(second.waitForEof(3000));
    }

    void channelToClosedPortFails()
    {
        SshSessionPool pool;
        const Forward f = open(pool, options(), 1);  // nothing listens on port 1 in the namespace
        QCOMPARE(f.fd, -1);
        QCOMPARE(f.error.kind, NetError::Kind::Ssh);
        qInfo("%s", qPrintable(f.error.message));
        QVERIFY2(f.error.message.contains(QLatin1String("127.0.0.1:1")), qPrintable(f.error.message));
    }

    void refusedSshPortFailsFast()
    {
        SshOptions o = options();
        o.port = TestEnv::freePort();
        SshSessionPool pool;
        const Forward f = open(pool, o, redisPort(), 5000);
        QCOMPARE(f.error.kind, NetError::Kind::Ssh);
        qInfo("%s (%lld ms)", qPrintable(f.error.message), f.elapsedMs);
        QVERIFY(f.elapsedMs < 2000);
        QVERIFY2(f.error.message.contains(QString::number(o.port)), qPrintable(f.error.message));
    }

    void silentSshServerTimesOutWhileLoopRuns()
    {
        QTcpServer silent;  // accepts, never says a word
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        SshOptions o = options();
        o.port = silent.serverPort();
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&] { ++ticks; });
        ticker.start(10);
        SshSessionPool pool;
        const Forward f = open(pool, o, redisPort(), 1500);
        QCOMPARE(f.error.kind, NetError::Kind::Timeout);
        qInfo("%s (%lld ms, %d ticks)", qPrintable(f.error.message), f.elapsedMs, ticks);
        QVERIFY2(f.elapsedMs >= 1400 && f.elapsedMs < 2500, qPrintable(QString::number(f.elapsedMs)));
        QVERIFY2(ticks > 60, qPrintable(QString::number(ticks)));  // the caller's loop never stalled
        QElapsedTimer clock;
        clock.start();
        pool.closeAll();
        QVERIFY(clock.elapsed() < 500);
        QCOMPARE(pool.sessionCount(), 0);
    }

    void keepalivesFlowWhileIdle()
    {
        SshOptions o = options();
        o.keepaliveSeconds = 1;
        SshSessionPool pool;
        const Forward f = open(pool, o, redisPort());
        QVERIFY2(f.fd >= 0, qPrintable(f.error.message));
        FdConnection c(f.fd);
        const QString keepalive = QStringLiteral("rtype keepalive@openssh.com want_reply 1");
        const int before = countOf(m_bed.sshd().log(), keepalive);
        const qint64 cpuBefore = cpuMs();
        QTest::qWait(3500);  // longer than ClientAliveInterval * CountMax on the server
        const qint64 cpu = cpuMs() - cpuBefore;
        const int sent = countOf(m_bed.sshd().log(), keepalive) - before;
        qInfo("%d keepalives in 3.5 s, %lld ms CPU while idle", sent, cpu);
        QVERIFY2(sent >= 2, qPrintable(QString::number(sent)));
        QVERIFY2(cpu < 200, "an idle tunnel must not spin");
        QCOMPARE(c.call({"PING"}), QByteArray("+PONG\r\n"));
    }

    void frozenServerIsDetected()
    {
        SshOptions o = options();
        o.keepaliveSeconds = 1;
        SshSessionPool pool;
        const Forward f = open(pool, o, redisPort());
        QVERIFY2(f.fd >= 0, qPrintable(f.error.message));
        FdConnection c(f.fd);
        QCOMPARE(c.call({"PING"}), QByteArray("+PONG\r\n"));
        QElapsedTimer clock;
        clock.start();
        m_bed.ns().signalAll(SIGSTOP);  // TCP stays up (the host bridge runs), the server goes silent
        auto resume = qScopeGuard([&] { m_bed.ns().signalAll(SIGCONT); });
        const bool closed = QTest::qWaitFor([&] { return c.waitForEof(50); }, 8000);
        qInfo("frozen server detected after %lld ms", clock.elapsed());
        QVERIFY(closed);
        resume.dismiss();
        m_bed.ns().signalAll(SIGCONT);
        const Forward again = open(pool, o, redisPort());  // a new session replaces the dead one
        QVERIFY2(again.fd >= 0, qPrintable(again.error.message));
        ::close(again.fd);
    }

    void destructorClosesOpenTunnels()
    {
        auto pool = std::make_unique<SshSessionPool>();
        const Forward f = open(*pool, options(), redisPort());
        QVERIFY2(f.fd >= 0, qPrintable(f.error.message));
        FdConnection c(f.fd);
        pool->closeAll();  // busy sessions stay
        QCOMPARE(c.call({"PING"}), QByteArray("+PONG\r\n"));
        QElapsedTimer clock;
        clock.start();
        pool.reset();
        QVERIFY(clock.elapsed() < 1000);
        QVERIFY(c.waitForEof(2000));
    }

    void goneContextClosesTunnel()
    {
        SshSessionPool pool;
        const Forward f = open(pool, options(), redisPort());
        QVERIFY2(f.fd >= 0, qPrintable(f.error.message));
        FdConnection c(f.fd);
        auto clients = [&] {
            const QByteArray info = c.call({"INFO", "clients"});
            const qsizetype at = info.indexOf("connected_clients:");
            return info.mid(at + 18, info.indexOf('\r', at) - at - 18).toInt();
        };
        const int baseline = clients();
        const QString opened = QStringLiteral("server_request_direct_tcpip");
        const int openedBefore = countOf(m_bed.sshd().log(), opened);
        bool called = false;
        auto context = std::make_unique<QObject>();
        pool.openForward(options(), QStringLiteral("127.0.0.1"), redisPort(), context.get(),
                         [&called](int, const NetError &) { called = true; });
        context.reset();  // the fd that arrives has no one to go to: closed, channel closed
        QTRY_COMPARE(countOf(m_bed.sshd().log(), opened), openedBefore + 1);  // the tunnel did open
        QTest::qWait(200);
        QTRY_COMPARE(clients(), baseline);
        QVERIFY(!called);
    }

    void noLeaks()
    {
        QTRY_COMPARE(sessionThreads(), 0);  // earlier tests' pools are gone: a clean baseline
        const int fds = entriesIn("/proc/self/fd");
        const int threads = entriesIn("/proc/self/task");
        {
            SshSessionPool pool;
            for (int i = 0; i < 20; ++i) {
                const Forward f = open(pool, options(), redisPort());
                QVERIFY2(f.fd >= 0, qPrintable(f.error.message));
                FdConnection c(f.fd);
                QCOMPARE(c.call({"PING"}), QByteArray("+PONG\r\n"));
            }
            SshOptions o = options();
            o.keyFile = m_bed.sshd().unauthorizedKeyFile();
            QCOMPARE(open(pool, o, redisPort()).error.kind, NetError::Kind::SshAuthFailed);
            QCOMPARE(pool.sessionCount(), 1);  // the failed one is gone, the idle one lingers
            pool.closeAll();
            QCOMPARE(pool.sessionCount(), 0);
        }
        QTRY_COMPARE(entriesIn("/proc/self/fd"), fds);
        QTRY_COMPARE(entriesIn("/proc/self/task"), threads);
    }

    void respClientThroughSsh()
    {
        SshSessionPool pool;
        RespClient client(throughSsh(redisPort()), &pool);
        QVERIFY(ClientProbe::connectReady(&client, 15000));
        QCOMPARE(ClientProbe::call(&client, {"SET", "via", "ssh"}).value.text(), QStringLiteral("OK"));
        QCOMPARE(ClientProbe::call(&client, {"GET", "via"}).value.text(), QStringLiteral("ssh"));
    }

    void respClientTlsThroughSsh()
    {
        TestPki pki;
        QVERIFY2(pki.create(), qPrintable(pki.errorString()));
        RedisServer tlsRedis;
        QVERIFY2(m_bed.startTlsRedis(&tlsRedis, pki), qPrintable(m_bed.errorString()));

        ConnectionProfile profile = throughSsh(tlsRedis.port());
        profile.tls = pki.clientTls();
        SshSessionPool pool;
        RespClient client(profile, &pool);
        QVERIFY(ClientProbe::connectReady(&client, 15000));
        QCOMPARE(ClientProbe::call(&client, {"PING"}).value.text(), QStringLiteral("PONG"));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestSshTunnel)
#include "tst_sshtunnel.moc"
