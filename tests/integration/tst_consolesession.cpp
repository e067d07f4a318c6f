// ConsoleSession against a real redis-server: replies come back formatted like redis-cli,
// quoting survives the round trip, one command runs at a time, a stuck command can be
// cancelled, and the console reconnects by itself after the server comes back.
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "console/ConsoleSession.h"

#include <QSignalSpy>
#include <QTest>

class tst_ConsoleSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pingPong();
    void quotingRoundTrips();
    void serverErrorIsAReply();
    void oneCommandAtATime();
    void refusedAndBrokenLinesAreNotSent();
    void selectChangesPrompt();
    void blockingCommandCanBeCancelled();
    void reconnectsAfterRestart();
    void passwordFromProfile();
    void refusedConnectionIsExplained();

private:
    ConnectionProfile profile(quint16 port) const;
    // Runs one line and returns the displayed reply (empty and a failure when none came).
    static QString run(ConsoleSession *session, const QString &line, bool *isError = nullptr,
                       int timeoutMs = 5000);

    RedisServer m_server;
};

void tst_ConsoleSession::initTestCase()
{
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
        return;
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

ConnectionProfile tst_ConsoleSession::profile(quint16 port) const
{
    ConnectionProfile p;
    p.port = port;
    p.connectTimeoutMs = 2000;
    p.commandTimeoutMs = 2000;
    return p;
}

QString tst_ConsoleSession::run(ConsoleSession *session, const QString &line, bool *isError, int timeoutMs)
{
    QSignalSpy finished(session, &ConsoleSession::finished);
    const ConsoleSession::Request request = session->prepare(line);
    if (!session->execute(request)) {
        qWarning("not sent: %s", qPrintable(line));
        return {};
    }
    if (!finished.wait(timeoutMs) && finished.isEmpty())
        return {};
    const RespResult result = finished.first().at(1).value<RespResult>();
    if (isError)
        *isError = ConsoleSession::isErrorResult(result);
    return ConsoleSession::displayText(result);
}

void tst_ConsoleSession::pingPong()
{
    ConsoleSession session(profile(m_server.port()));
    QSignalSpy busy(&session, &ConsoleSession::busyChanged);
    bool error = true;
    QCOMPARE(run(&session, QStringLiteral("PING"), &error), QStringLiteral("PONG"));
    QVERIFY(!error);
    QCOMPARE(busy.size(), 2);
    QCOMPARE(busy.at(0).at(0).toBool(), true);
    QCOMPARE(busy.at(1).at(0).toBool(), false);
    QCOMPARE(session.connectionState(), RespClient::State::Ready);
    QCOMPARE(run(&session, QStringLiteral("ping \"hello world\"")), QStringLiteral("\"hello world\""));
}

void tst_ConsoleSession::quotingRoundTrips()
{
    ConsoleSession session(profile(m_server.port()));
    QCOMPARE(run(&session, QStringLiteral("SET k \"a b\"")), QStringLiteral("OK"));
    QCOMPARE(run(&session, QStringLiteral("GET k")), QStringLiteral("\"a b\""));
    QCOMPARE(run(&session, QStringLiteral("SET bin \"\\x00\\xff\\n\"")), QStringLiteral("OK"));
    QCOMPARE(run(&session, QStringLiteral("STRLEN bin")), QStringLiteral("(integer) 3"));
    QCOMPARE(run(&session, QStringLiteral("GET bin")), QStringLiteral("\"\\x00\\xff\\n\""));
    QCOMPARE(run(&session, QStringLiteral("GET missing")), QStringLiteral("(nil)"));
    QCOMPARE(run(&session, QStringLiteral("DEL l")), QStringLiteral("(integer) 0"));
    QCOMPARE(run(&session, QStringLiteral("RPUSH l x 'y z'")), QStringLiteral("(integer) 2"));
    QCOMPARE(run(&session, QStringLiteral("LRANGE l 0 -1")), QStringLiteral("1) \"x\"\n2) \"y z\""));
}

void tst_ConsoleSession::serverErrorIsAReply()
{
    ConsoleSession session(profile(m_server.port()));
    bool error = false;
    const QString text = run(&session, QStringLiteral("NOSUCHCOMMAND x"), &error);
    QVERIFY2(text.startsWith(QLatin1String("(error) ERR unknown command")), qPrintable(text));
    QVERIFY(error);
    // The connection is still good afterwards.
    QCOMPARE(run(&session, QStringLiteral("PING")), QStringLiteral("PONG"));
}

void tst_ConsoleSession::oneCommandAtATime()
{
    ConsoleSession session(profile(m_server.port()));
    QSignalSpy finished(&session, &ConsoleSession::finished);
    QVERIFY(session.execute(session.prepare(QStringLiteral("DEBUG SLEEP 0.3"))));
    QVERIFY(session.isBusy());
    QVERIFY(!session.execute(session.prepare(QStringLiteral("PING"))));
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).toString(), QStringLiteral("DEBUG SLEEP 0.3"));
    QVERIFY(!session.isBusy());
}

void tst_ConsoleSession::refusedAndBrokenLinesAreNotSent()
{
    ConsoleSession session(profile(m_server.port()));
    QSignalSpy finished(&session, &ConsoleSession::finished);
    const ConsoleSession::Request monitor = session.prepare(QStringLiteral("MONITOR"));
    QVERIFY(monitor.isRefused());
    QVERIFY(!session.execute(monitor));
    const ConsoleSession::Request broken = session.prepare(QStringLiteral("SET k \"oops"));
    QVERIFY(!broken.error.isEmpty());
    QVERIFY(!session.execute(broken));
    QVERIFY(!session.execute(session.prepare(QStringLiteral("   "))));
    QVERIFY(!session.isBusy());
    QTest::qWait(100);
    QCOMPARE(finished.size(), 0);
    QCOMPARE(session.connectionState(), RespClient::State::Disconnected);  // never even connected
}

void tst_ConsoleSession::selectChangesPrompt()
{
    ConsoleSession session(profile(m_server.port()));
    QSignalSpy prompts(&session, &ConsoleSession::promptChanged);
    QCOMPARE(run(&session, QStringLiteral("SELECT 2")), QStringLiteral("OK"));
    QCOMPARE(prompts.size(), 1);
    QCOMPARE(session.prompt(), QStringLiteral("127.0.0.1:%1[2]> ").arg(m_server.port()));
    QCOMPARE(run(&session, QStringLiteral("SET only-in-2 x")), QStringLiteral("OK"));
    // After a dropped connection the console comes back in the same database.
    session.execute(session.prepare(QStringLiteral("BLPOP nothing 0")));
    session.cancel();
    QCOMPARE(run(&session, QStringLiteral("EXISTS only-in-2")), QStringLiteral("(integer) 1"));
    QCOMPARE(run(&session, QStringLiteral("SELECT 0")), QStringLiteral("OK"));
    QCOMPARE(run(&session, QStringLiteral("EXISTS only-in-2")), QStringLiteral("(integer) 0"));
    QCOMPARE(session.prompt(), QStringLiteral("127.0.0.1:%1> ").arg(m_server.port()));
}

void tst_ConsoleSession::blockingCommandCanBeCancelled()
{
    ConsoleSession session(profile(m_server.port()));
    QSignalSpy finished(&session, &ConsoleSession::finished);
    QVERIFY(session.execute(session.prepare(QStringLiteral("BLPOP empty-queue 0"))));
    // Longer than the 2 s command timeout: a blocking command is not cut off.
    QTest::qWait(2500);
    QVERIFY(session.isBusy());
    QCOMPARE(finished.size(), 0);
    session.cancel();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(ConsoleSession::displayText(finished.first().at(1).value<RespResult>()),
             QStringLiteral("(cancelled)"));
    QVERIFY(!session.isBusy());
    QCOMPARE(run(&session, QStringLiteral("PING")), QStringLiteral("PONG"));
    QTest::qWait(100);
    QCOMPARE(finished.size(), 2);  // no late reply of the cancelled command
}

void tst_ConsoleSession::reconnectsAfterRestart()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const quint16 port = server.port();
    ConsoleSession session(profile(port));
    QSignalSpy notices(&session, &ConsoleSession::notice);
    QCOMPARE(run(&session, QStringLiteral("PING")), QStringLiteral("PONG"));
    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!notices.isEmpty(), 3000);
    bool error = false;
    const QString down = run(&session, QStringLiteral("PING"), &error);
    QVERIFY(error);
    QVERIFY2(down.contains(QLatin1String("connect"), Qt::CaseInsensitive), qPrintable(down));
    // A fresh server on the same port (a fresh log, so "ready" means this run is ready).
    RedisServer again;
    again.setPort(port);
    QVERIFY2(again.start(), qPrintable(again.errorString()));
    QCOMPARE(run(&session, QStringLiteral("PING")), QStringLiteral("PONG"));
}

void tst_ConsoleSession::passwordFromProfile()
{
    RedisServer server;
    QVERIFY2(server.start({QStringLiteral("--requirepass"), QStringLiteral("pw-123")}),
             qPrintable(server.errorString()));
    ConnectionProfile p = profile(server.port());
    p.password = QStringLiteral("pw-123");
    ConsoleSession session(p);
    QCOMPARE(run(&session, QStringLiteral("PING")), QStringLiteral("PONG"));
    // AUTH typed in the console is sent, but only its redacted form is kept.
    session.history().add(QStringLiteral("AUTH pw-123"));
    QCOMPARE(run(&session, QStringLiteral("AUTH pw-123")), QStringLiteral("OK"));
    QVERIFY(!session.history().entries().join(QLatin1Char(' ')).contains(QLatin1String("pw-123")));
}

void tst_ConsoleSession::refusedConnectionIsExplained()
{
    ConsoleSession session(profile(TestEnv::freePort()));
    bool error = false;
    const QString text = run(&session, QStringLiteral("PING"), &error);
    QVERIFY(error);
    QVERIFY2(text.startsWith(QLatin1String("Could not connect")), qPrintable(text));
    QVERIFY(!session.isBusy());
}

TANDEM_TEST_GUILESS_MAIN(tst_ConsoleSession)
#include "tst_consolesession.moc"
