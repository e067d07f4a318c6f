#include "ClientProbe.h"
#include "FakeRedisServer.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "net/RespClient.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

// RespClient against a real redis-server (and a scripted fake for what a real one never does).
class TestRespClient : public QObject
{
    Q_OBJECT

private:
    static ConnectionProfile profileFor(quint16 port)
    {
        ConnectionProfile p;
        p.host = QStringLiteral("127.0.0.1");
        p.port = port;
        p.connectTimeoutMs = 5000;
        p.commandTimeoutMs = 5000;
        return p;
    }

    std::unique_ptr<RedisServer> m_redis;

private Q_SLOTS:
    void initTestCase()
    {
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
            return;
        m_redis = std::make_unique<RedisServer>();
        QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
    }

    void cleanupTestCase() { m_redis.reset(); }

    void roundTrip()
    {
        RespClient client(profileFor(m_redis->port()));
        QSignalSpy ready(&client, &RespClient::ready);
        QSignalSpy states(&client, &RespClient::stateChanged);
        QVERIFY2(ClientProbe::connectReady(&client), qPrintable(client.lastError().message));
        QCOMPARE(ready.count(), 1);
        QCOMPARE(states.count(), 3);  // Connecting, Handshaking, Ready
        QCOMPARE(states.last().first().value<RespClient::State>(), RespClient::State::Ready);

        const QByteArray binary("v\0al\r\nue", 8);
        QCOMPARE(ClientProbe::call(&client, {"SET", "rt:key", binary}).value, RespValue::status("OK"));
        const RespResult get = ClientProbe::call(&client, {"GET", "rt:key"});
        QVERIFY(get.ok());
        QCOMPARE(get.value.bytes(), binary);
        QCOMPARE(ClientProbe::call(&client, {"GET", "rt:missing"}).value.toDisplayString(), QStringLiteral("(nil)"));
        QCOMPARE(ClientProbe::call(&client, {"INCRBY", "rt:n", "41"}).value.toInteger(), 41);
        QCOMPARE(ClientProbe::call(&client, {"CLIENT", "GETNAME"}).value.bytes(), QByteArray("tandem"));

        const RespResult wrong = ClientProbe::call(&client, {"NOSUCHCOMMAND"});
        QCOMPARE(wrong.error.kind, NetError::Kind::ServerError);
        QVERIFY(wrong.value.isError());
        QCOMPARE(wrong.error.detail, QStringLiteral("ERR"));
        QVERIFY(client.isReady());  // a server error is an answer, not a broken connection
    }

    void pipelineKeepsOrder()
    {
        RespClient client(profileFor(m_redis->port()));
        QList<QByteArray> replies;
        int failures = 0;
        client.connectToServer();
        // Half are queued before the handshake finishes, half are sent once ready.
        auto sendRange = [&](int from, int to) {
            for (int i = from; i < to; ++i)
                client.send({"ECHO", QByteArray::number(i)}, this, [&](const RespResult &r) {
                    r.ok() ? replies.append(r.value.bytes()) : void(++failures);
                });
        };
        sendRange(0, 500);
        QTRY_VERIFY(client.isReady());
        sendRange(500, 1000);
        QTRY_COMPARE_WITH_TIMEOUT(replies.size() + failures, 1000, 10000);
        QCOMPARE(failures, 0);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(replies[i], QByteArray::number(i));
    }

    void selectedDatabaseIsUsed()
    {
        ConnectionProfile p3 = profileFor(m_redis->port());
        p3.db = 3;
        RespClient db3(p3);
        RespClient db0(profileFor(m_redis->port()));
        QVERIFY(ClientProbe::connectReady(&db3));
        QVERIFY(ClientProbe::connectReady(&db0));
        QVERIFY(ClientProbe::call(&db3, {"SET", "db:key", "three"}).ok());
        QCOMPARE(ClientProbe::call(&db3, {"GET", "db:key"}).value.bytes(), QByteArray("three"));
        QVERIFY(ClientProbe::call(&db0, {"GET", "db:key"}).value.isNil());
        QCOMPARE(ClientProbe::call(&db0, {"SELECT", "3"}).value, RespValue::status("OK"));
        QCOMPARE(ClientProbe::call(&db0, {"GET", "db:key"}).value.bytes(), QByteArray("three"));

        ConnectionProfile bad = profileFor(m_redis->port());
        bad.db = 99;  // default server has 16 databases
        RespClient outOfRange(bad);
        const NetError e = ClientProbe::connect(&outOfRange);
        QCOMPARE(e.kind, NetError::Kind::ServerError);
        QVERIFY2(e.message.contains(QLatin1String("out of range")), qPrintable(e.message));
    }

    void requirepass()
    {
        RedisServer server;
        QVERIFY2(server.start({QStringLiteral("--requirepass"), QStringLiteral("s3cret-pw")}),
                 qPrintable(server.errorString()));

        ConnectionProfile good = profileFor(server.port());
        good.password = QStringLiteral("s3cret-pw");
        RespClient ok(good);
        QVERIFY2(ClientProbe::connectReady(&ok), qPrintable(ok.lastError().message));
        QCOMPARE(ClientProbe::call(&ok, {"PING"}).value, RespValue::status("PONG"));

        ConnectionProfile wrong = good;
        wrong.password = QStringLiteral("not-the-pw");
        RespClient bad(wrong);
        NetError e = ClientProbe::connect(&bad);
        QCOMPARE(e.kind, NetError::Kind::AuthFailed);
        QVERIFY2(e.message.contains(QLatin1String("WRONGPASS")), qPrintable(e.message));
        QVERIFY(!e.message.contains(wrong.password));
        QVERIFY(e.isConnectFailure());
        QCOMPARE(bad.state(), RespClient::State::Disconnected);

        RespClient missing(profileFor(server.port()));
        e = ClientProbe::connect(&missing);
        QCOMPARE(e.kind, NetError::Kind::AuthFailed);
        QVERIFY2(e.message.contains(QLatin1String("NOAUTH")), qPrintable(e.message));
    }

    void passwordForServerWithoutOne()
    {
        ConnectionProfile p = profileFor(m_redis->port());
        p.password = QStringLiteral("unneeded-pw");
        RespClient client(p);
        const NetError e = ClientProbe::connect(&client);
        QCOMPARE(e.kind, NetError::Kind::AuthFailed);
        QVERIFY2(e.message.contains(QLatin1String("without any password configured")), qPrintable(e.message));
    }

    void aclUser()
    {
        RedisServer server;
        QVERIFY2(server.start({QStringLiteral("--user"), QStringLiteral("alice"), QStringLiteral("on"),
                               QStringLiteral(">alice-pw"), QStringLiteral("~*"), QStringLiteral("+@all"),
                               QStringLiteral("--user"), QStringLiteral("default"), QStringLiteral("off")}),
                 qPrintable(server.errorString()));

        ConnectionProfile alice = profileFor(server.port());
        alice.user = QStringLiteral("alice");
        alice.password = QStringLiteral("alice-pw");
        RespClient ok(alice);
        QVERIFY2(ClientProbe::connectReady(&ok), qPrintable(ok.lastError().message));
        QCOMPARE(ClientProbe::call(&ok, {"ACL", "WHOAMI"}).value.bytes(), QByteArray("alice"));

        ConnectionProfile wrongPw = alice;
        wrongPw.password = QStringLiteral("bob-pw");
        RespClient bad(wrongPw);
        NetError e = ClientProbe::connect(&bad);
        QCOMPARE(e.kind, NetError::Kind::AuthFailed);
        QVERIFY(!e.message.contains(QLatin1String("bob-pw")));

        ConnectionProfile wrongUser = alice;
        wrongUser.user = QStringLiteral("mallory");
        RespClient stranger(wrongUser);
        e = ClientProbe::connect(&stranger);
        QCOMPARE(e.kind, NetError::Kind::AuthFailed);

        // "default" is off: no credentials at all is refused too.
        RespClient anonymous(profileFor(server.port()));
        e = ClientProbe::connect(&anonymous);
        QCOMPARE(e.kind, NetError::Kind::AuthFailed);
    }

    void connectionRefused()
    {
        RespClient client(profileFor(TestEnv::freePort()));
        RespResult queuedResult;
        bool called = false;
        QSignalSpy failed(&client, &RespClient::connectFailed);
        client.connectToServer();
        // A command queued while connecting fails with the same reason.
        client.send({"PING"}, this, [&](const RespResult &r) { queuedResult = r; called = true; });
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().value<NetError>().kind, NetError::Kind::ConnectionRefused);
        QVERIFY(called);
        QCOMPARE(queuedResult.error.kind, NetError::Kind::ConnectionRefused);
        QCOMPARE(client.state(), RespClient::State::Disconnected);

        // Sending while disconnected fails asynchronously, never inside send().
        bool late = false;
        client.send({"PING"}, this, [&](const RespResult &r) { late = !r.ok(); });
        QVERIFY(!late);
        QTRY_VERIFY(late);
    }

    void sshProfileWithoutPoolFails()
    {
        ConnectionProfile p = profileFor(m_redis->port());
        p.ssh.enabled = true;
        p.ssh.host = QStringLiteral("127.0.0.1");
        RespClient client(p);  // no SshSessionPool given
        const NetError e = ClientProbe::connect(&client);
        QCOMPARE(e.kind, NetError::Kind::Ssh);
    }

    void silentServerTimesOutWithoutBlocking()
    {
        QTcpServer silent;  // accepts connections, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ConnectionProfile p = profileFor(silent.serverPort());
        p.connectTimeoutMs = 300;
        RespClient client(p);

        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(20);
        connect(&ticker, &QTimer::timeout, this, [&] { ++ticks; });
        ticker.start();

        QSignalSpy failed(&client, &RespClient::connectFailed);
        QElapsedTimer clock;
        clock.start();
        client.connectToServer();
        QVERIFY(failed.wait(3000));
        const qint64 elapsed = clock.elapsed();
        const NetError e = failed.first().first().value<NetError>();
        QCOMPARE(e.kind, NetError::Kind::Timeout);
        QVERIFY2(elapsed >= 300 && elapsed < 800, qPrintable(QString::number(elapsed)));
        // The event loop kept running the whole time (~15 ticks expected).
        QVERIFY2(ticks >= 8, qPrintable(QString::number(ticks)));
        qInfo("connect timeout after %lld ms, %d ticks meanwhile", elapsed, ticks);
    }

    void commandTimeoutPoisonsPipeline()
    {
        RespClient client(profileFor(m_redis->port()));
        QVERIFY(ClientProbe::connectReady(&client));
        QSignalSpy lost(&client, &RespClient::connectionLost);
        QList<RespResult> results;
        QElapsedTimer clock;
        clock.start();
        qint64 timedOutAfter = -1;
        client.send({"BLPOP", "timeout:nothing", "5"}, this, [&](const RespResult &r) {
            timedOutAfter = clock.elapsed();
            results.append(r);
        }, 300);
        client.send({"PING"}, this, [&](const RespResult &r) { results.append(r); });
        client.send({"PING"}, this, [&](const RespResult &r) { results.append(r); }, 0);
        QTRY_COMPARE_WITH_TIMEOUT(results.size(), 3, 3000);
        QCOMPARE(results[0].error.kind, NetError::Kind::Timeout);
        QCOMPARE(results[1].error.kind, NetError::Kind::Aborted);
        QCOMPARE(results[2].error.kind, NetError::Kind::Aborted);
        QVERIFY2(timedOutAfter >= 300 && timedOutAfter < 800, qPrintable(QString::number(timedOutAfter)));
        QCOMPARE(lost.count(), 1);
        QCOMPARE(client.state(), RespClient::State::Disconnected);

        // The client is reusable: a new connection, fresh pipeline.
        QVERIFY(ClientProbe::connectReady(&client));
        QCOMPARE(ClientProbe::call(&client, {"PING"}).value, RespValue::status("PONG"));
    }

    void halfReplyThenClose()
    {
        FakeRedisServer fake;
        QVERIFY(fake.listen());
        fake.setScript(FakeRedisServer::handshakeThen([](QTcpSocket *socket, const QByteArrayList &) {
            socket->write("$10\r\nhel");
            socket->flush();
            socket->disconnectFromHost();
        }));
        RespClient client(profileFor(fake.port()));
        QVERIFY(ClientProbe::connectReady(&client));
        QSignalSpy lost(&client, &RespClient::connectionLost);
        const RespResult r = ClientProbe::call(&client, {"GET", "k"});
        QCOMPARE(r.error.kind, NetError::Kind::Closed);
        QCOMPARE(lost.count(), 1);
        QCOMPARE(lost.first().first().value<NetError>().kind, NetError::Kind::Closed);
        QCOMPARE(client.state(), RespClient::State::Disconnected);
    }

    void garbageIsProtocolError()
    {
        FakeRedisServer fake;
        QVERIFY(fake.listen());
        fake.setScript(FakeRedisServer::handshakeThen([](QTcpSocket *socket, const QByteArrayList &) {
            socket->write("HTTP/1.1 400 Bad Request\r\n\r\n");
        }));
        RespClient client(profileFor(fake.port()));
        QVERIFY(ClientProbe::connectReady(&client));
        QSignalSpy lost(&client, &RespClient::connectionLost);
        const RespResult r = ClientProbe::call(&client, {"GET", "k"});
        QCOMPARE(r.error.kind, NetError::Kind::Protocol);
        QCOMPARE(lost.count(), 1);
        QCOMPARE(client.state(), RespClient::State::Disconnected);

        // Garbage instead of the handshake: a failed connect, not a crash.
        FakeRedisServer http;
        QVERIFY(http.listen());
        http.setScript([](QTcpSocket *socket, const QByteArrayList &) { socket->write("\x16\x03\x01 junk\r\n"); });
        RespClient other(profileFor(http.port()));
        QCOMPARE(ClientProbe::connect(&other).kind, NetError::Kind::Protocol);
    }

    void loadingIsJustAServerError()
    {
        FakeRedisServer fake;
        QVERIFY(fake.listen());
        fake.setScript([](QTcpSocket *socket, const QByteArrayList &command) {
            if (command.value(0) == "CLIENT")
                socket->write("-ERR unknown command 'CLIENT'\r\n");  // like Redis 2.4
            else
                socket->write("-LOADING Redis is loading the dataset in memory\r\n");
        });
        RespClient client(profileFor(fake.port()));
        QVERIFY2(ClientProbe::connectReady(&client), qPrintable(client.lastError().message));
        const RespResult r = ClientProbe::call(&client, {"INFO"});
        QCOMPARE(r.error.kind, NetError::Kind::ServerError);
        QCOMPARE(r.error.detail, QStringLiteral("LOADING"));
        QVERIFY(client.isReady());
        for (const QByteArrayList &command : fake.commands())
            QVERIFY(command.value(0).toUpper() != "HELLO");
    }

    void serverKilledWhileConnected()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        RespClient client(profileFor(server.port()));
        QVERIFY(ClientProbe::connectReady(&client));
        QSignalSpy lost(&client, &RespClient::connectionLost);
        RespResult pending;
        bool called = false;
        client.send({"BLPOP", "kill:nothing", "0"}, this, [&](const RespResult &r) { pending = r; called = true; });
        QTest::qWait(50);
        server.stop();
        QVERIFY(lost.wait(5000));
        QCOMPARE(lost.first().first().value<NetError>().kind, NetError::Kind::Closed);
        QTRY_VERIFY(called);
        QCOMPARE(pending.error.kind, NetError::Kind::Closed);
    }

    void autoReconnectAfterRestart()
    {
        auto first = std::make_unique<RedisServer>();
        QVERIFY2(first->start(), qPrintable(first->errorString()));
        const quint16 port = first->port();
        RespClient client(profileFor(port));
        client.setAutoReconnect(true, 50, 400);
        QVERIFY(ClientProbe::connectReady(&client));

        QSignalSpy lost(&client, &RespClient::connectionLost);
        QSignalSpy failed(&client, &RespClient::connectFailed);
        QSignalSpy ready(&client, &RespClient::ready);
        QList<qint64> attempts;
        QElapsedTimer clock;
        connect(&client, &RespClient::connectFailed, this, [&] { attempts << clock.elapsed(); });
        first.reset();
        QVERIFY(lost.wait(5000));
        clock.start();
        QCOMPARE(client.state(), RespClient::State::WaitingToReconnect);

        // While the server is down the client keeps trying, backing off: ~50, 100, 200, 400 ms.
        QTest::qWait(1600);
        QVERIFY2(attempts.size() >= 3 && attempts.size() <= 9, qPrintable(QString::number(attempts.size())));
        QVERIFY(attempts.last() - attempts.value(attempts.size() - 2) >= 300);
        QCOMPARE(failed.first().first().value<NetError>().kind, NetError::Kind::ConnectionRefused);

        RedisServer second;
        second.setPort(port);
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        QTRY_VERIFY_WITH_TIMEOUT(client.isReady(), 5000);
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ClientProbe::call(&client, {"PING"}).value, RespValue::status("PONG"));

        client.disconnectFromServer();
        QCOMPARE(client.state(), RespClient::State::Disconnected);
    }

    void deletedFromInsideHandlers()
    {
        // From a reply handler, with more replies of the same read still to dispatch.
        auto *client = new RespClient(profileFor(m_redis->port()));
        QVERIFY(ClientProbe::connectReady(client));
        int after = 0;
        bool deleted = false;
        client->send({"PING"}, this, [&](const RespResult &) { delete client; deleted = true; });
        for (int i = 0; i < 5; ++i)
            client->send({"PING"}, this, [&](const RespResult &) { ++after; });
        QTRY_VERIFY(deleted);
        QTest::qWait(100);
        QCOMPARE(after, 0);

        // From connectFailed.
        auto *refused = new RespClient(profileFor(TestEnv::freePort()));
        bool gone = false;
        connect(refused, &RespClient::connectFailed, this, [&] { delete refused; gone = true; });
        refused->connectToServer();
        QTRY_VERIFY(gone);

        // From a handler that fails because of a command timeout.
        auto *slow = new RespClient(profileFor(m_redis->port()));
        QVERIFY(ClientProbe::connectReady(slow));
        bool timedOut = false;
        slow->send({"BLPOP", "del:nothing", "2"}, this, [&](const RespResult &r) {
            timedOut = r.error.kind == NetError::Kind::Timeout;
            delete slow;
        }, 100);
        slow->send({"PING"}, this, [&](const RespResult &) { ++after; });
        QTRY_VERIFY(timedOut);
        QTest::qWait(50);
        QCOMPARE(after, 0);

        // A handler whose context is gone never runs; the connection carries on.
        RespClient survivor(profileFor(m_redis->port()));
        QVERIFY(ClientProbe::connectReady(&survivor));
        auto *context = new QObject;
        bool ran = false;
        survivor.send({"PING"}, context, [&](const RespResult &) { ran = true; });
        delete context;
        QCOMPARE(ClientProbe::call(&survivor, {"PING"}).value, RespValue::status("PONG"));
        QVERIFY(!ran);
    }

    void disconnectAbortsPending()
    {
        RespClient client(profileFor(m_redis->port()));
        QVERIFY(ClientProbe::connectReady(&client));
        QSignalSpy lost(&client, &RespClient::connectionLost);
        RespResult r;
        client.send({"BLPOP", "abort:nothing", "0"}, this, [&](const RespResult &res) { r = res; });
        client.disconnectFromServer();
        QCOMPARE(r.error.kind, NetError::Kind::Aborted);
        QCOMPARE(client.state(), RespClient::State::Disconnected);
        QCOMPARE(lost.count(), 0);  // we hung up: nothing was lost
    }
};

TANDEM_TEST_GUILESS_MAIN(TestRespClient)
#include "tst_respclient.moc"
