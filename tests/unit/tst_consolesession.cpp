#include "TestRegistry.h"
#include "console/CommandCatalog.h"
#include "console/CommandLineSplitter.h"
#include "console/CommandSafety.h"
#include "console/ConsoleHistory.h"
#include "console/ConsoleSession.h"

#include <QTest>

// The console's offline half: lines split like redis-cli, dangerous commands are recognised,
// and no secret reaches the history.
class TestConsoleSession : public QObject
{
    Q_OBJECT

private:
    static QByteArrayList split(const QString &line, QString *error = nullptr)
    {
        QByteArrayList args;
        QString reason;
        if (!CommandLineSplitter::split(line, &args, &reason))
            args = {QByteArrayLiteral("<failed>")};
        if (error)
            *error = reason;
        return args;
    }
    static CommandSafety::Verdict verdict(const QString &line)
    {
        return CommandSafety::assess(split(line)).verdict;
    }

private Q_SLOTS:
    void splitsLikeRedisCli_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QByteArrayList>("expected");
        QTest::newRow("plain") << QStringLiteral("SET k v") << QByteArrayList{"SET", "k", "v"};
        QTest::newRow("blanks") << QStringLiteral("  GET \t k  ") << QByteArrayList{"GET", "k"};
        QTest::newRow("double quotes") << QStringLiteral("SET k \"a b\"") << QByteArrayList{"SET", "k", "a b"};
        QTest::newRow("single quotes") << QStringLiteral("SET k 'a b'") << QByteArrayList{"SET", "k", "a b"};
        QTest::newRow("escapes") << QStringLiteral("SET k \"a\\nb\\t\\\"c\\\\\"")
                                 << QByteArrayList{"SET", "k", "a\nb\t\"c\\"};
        QTest::newRow("hex") << QStringLiteral("SET k \"\\x41\\x00\\xff\"")
                             << QByteArrayList{"SET", "k", QByteArray("A\0\xff", 3)};
        QTest::newRow("single quote escape") << QStringLiteral("SET k 'it\\'s \\n'")
                                             << QByteArrayList{"SET", "k", "it's \\n"};
        QTest::newRow("empty quoted") << QStringLiteral("SET k \"\"") << QByteArrayList{"SET", "k", ""};
        QTest::newRow("quote inside word") << QStringLiteral("SET k a\"b c\"")
                                           << QByteArrayList{"SET", "k", "ab c"};
        QTest::newRow("utf8") << QStringLiteral("SET k h\u00e9llo\U0001F600")
                              << QByteArrayList{"SET", "k", QStringLiteral("h\u00e9llo\U0001F600").toUtf8()};
        QTest::newRow("bad hex is literal") << QStringLiteral("ECHO \"\\xZZ\"") << QByteArrayList{"ECHO", "xZZ"};
        QTest::newRow("empty") << QStringLiteral("   ") << QByteArrayList{};
    }
    void splitsLikeRedisCli()
    {
        QFETCH(QString, line);
        QFETCH(QByteArrayList, expected);
        QString error;
        QCOMPARE(split(line, &error), expected);
        QVERIFY(error.isEmpty());
    }

    void unbalancedQuotesAreAClearError_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("needle");
        QTest::newRow("double") << QStringLiteral("SET k \"abc") << QStringLiteral("column 7");
        QTest::newRow("single") << QStringLiteral("SET k 'abc") << QStringLiteral("single quote");
        QTest::newRow("trailing backslash") << QStringLiteral("SET k \"abc\\") << QStringLiteral("never closed");
        QTest::newRow("quote then text") << QStringLiteral("SET k \"a\"b") << QStringLiteral("followed by a space");
    }
    void unbalancedQuotesAreAClearError()
    {
        QFETCH(QString, line);
        QFETCH(QString, needle);
        QByteArrayList args;
        QString error;
        QVERIFY(!CommandLineSplitter::split(line, &args, &error));
        QVERIFY2(error.contains(needle), qPrintable(error));

        const ConsoleSession session(ConnectionProfile{});
        const ConsoleSession::Request request = session.prepare(line);
        QVERIFY(!request.canSend());
        QCOMPARE(request.error, error);
    }

    void tokensKnowWhereTheyCameFrom()
    {
        const QString line = QStringLiteral("AUTH  \"my pw\"");
        const QList<CommandLineSplitter::Token> tokens = CommandLineSplitter::tokenize(line);
        QCOMPARE(tokens.size(), 2);
        QCOMPARE(line.mid(tokens[1].start, tokens[1].end - tokens[1].start), QStringLiteral("\"my pw\""));
    }

    void classifiesDangerousCommands_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("verdict");
        const int ok = int(CommandSafety::Verdict::Allowed);
        const int ask = int(CommandSafety::Verdict::Confirm);
        const int no = int(CommandSafety::Verdict::Refused);
        for (const char *line : {"FLUSHALL", "flushall async", "FLUSHDB", "SHUTDOWN NOSAVE", "DEBUG SLEEP 1",
                                 "keys *", "REPLICAOF NO ONE", "slaveof 127.0.0.1 6379", "FAILOVER",
                                 "CONFIG SET maxmemory 1gb", "config rewrite", "CONFIG RESETSTAT",
                                 "CLIENT KILL ID 5", "client pause 1000", "SCRIPT FLUSH", "FUNCTION FLUSH",
                                 "FUNCTION DELETE lib", "ACL SETUSER bob on", "ACL DELUSER bob",
                                 "MODULE LOAD /x.so", "MIGRATE h 1 k 0 100", "SWAPDB 0 1",
                                 "CLUSTER RESET", "SAVE", "BGSAVE"})
            QTest::newRow(line) << QString::fromLatin1(line) << ask;
        for (const char *line : {"MONITOR", "SUBSCRIBE ch", "psubscribe *", "SSUBSCRIBE x", "SYNC",
                                 "CLIENT REPLY OFF", "QUIT"})
            QTest::newRow(line) << QString::fromLatin1(line) << no;
        for (const char *line : {"PING", "GET k", "SET k v", "CONFIG GET maxmemory", "CLIENT LIST",
                                 "SCRIPT EXISTS abc", "ACL WHOAMI", "INFO replication", "SCAN 0",
                                 "FUNCTION LIST", "DEL keys"})
            QTest::newRow(line) << QString::fromLatin1(line) << ok;
    }
    void classifiesDangerousCommands()
    {
        QFETCH(QString, line);
        QFETCH(int, verdict);
        const CommandSafety::Assessment a = CommandSafety::assess(split(line));
        QCOMPARE(int(a.verdict), verdict);
        QCOMPARE(a.reason.isEmpty(), verdict == int(CommandSafety::Verdict::Allowed));
    }

    void assessmentNamesTheSubcommand()
    {
        const CommandSafety::Assessment a = CommandSafety::assess(split(QStringLiteral("config set x y")));
        QCOMPARE(a.command, QStringLiteral("CONFIG SET"));
        const CommandSafety::Assessment m = CommandSafety::assess(split(QStringLiteral("monitor")));
        QVERIFY2(m.reason.contains(QLatin1String("redis-cli")), qPrintable(m.reason));
    }

    void blockingCommands()
    {
        QVERIFY(CommandSafety::isBlocking(split(QStringLiteral("BLPOP q 0"))));
        QVERIFY(CommandSafety::isBlocking(split(QStringLiteral("XREAD COUNT 1 BLOCK 0 STREAMS s $"))));
        QVERIFY(CommandSafety::isBlocking(split(QStringLiteral("debug sleep 3"))));
        QVERIFY(!CommandSafety::isBlocking(split(QStringLiteral("XREAD STREAMS s 0"))));
        QVERIFY(!CommandSafety::isBlocking(split(QStringLiteral("LPOP q"))));
    }

    void redactsSecrets_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("secret");
        QTest::newRow("auth") << QStringLiteral("AUTH hunter2") << QStringLiteral("AUTH <redacted>") << QStringLiteral("hunter2");
        QTest::newRow("auth user") << QStringLiteral("auth bob \"s3 cret\"")
                                   << QStringLiteral("auth <redacted> <redacted>") << QStringLiteral("s3 cret");
        QTest::newRow("auth unbalanced") << QStringLiteral("AUTH \"hunter2")
                                         << QStringLiteral("AUTH <redacted>") << QStringLiteral("hunter2");
        QTest::newRow("requirepass") << QStringLiteral("CONFIG SET requirepass hunter2")
                                     << QStringLiteral("CONFIG SET requirepass <redacted>") << QStringLiteral("hunter2");
        QTest::newRow("masterauth pairs") << QStringLiteral("config set maxmemory 1gb MASTERAUTH 'hunter2'")
                                          << QStringLiteral("config set maxmemory 1gb MASTERAUTH <redacted>")
                                          << QStringLiteral("hunter2");
        QTest::newRow("acl setuser") << QStringLiteral("ACL SETUSER bob on >hunter2 #abc123 ~* +@all")
                                     << QStringLiteral("ACL SETUSER bob on ><redacted> #<redacted> ~* +@all")
                                     << QStringLiteral("hunter2");
        QTest::newRow("hello auth") << QStringLiteral("HELLO 2 AUTH bob hunter2 SETNAME x")
                                    << QStringLiteral("HELLO 2 AUTH <redacted> <redacted> SETNAME x")
                                    << QStringLiteral("hunter2");
        QTest::newRow("migrate auth") << QStringLiteral("MIGRATE h 6379 k 0 5000 AUTH hunter2")
                                      << QStringLiteral("MIGRATE h 6379 k 0 5000 AUTH <redacted>")
                                      << QStringLiteral("hunter2");
        QTest::newRow("sentinel auth-pass") << QStringLiteral("SENTINEL SET mymaster auth-pass hunter2")
                                            << QStringLiteral("SENTINEL SET mymaster auth-pass <redacted>")
                                            << QStringLiteral("hunter2");
        QTest::newRow("nothing secret") << QStringLiteral("SET  k   \"a b\"")
                                        << QStringLiteral("SET  k   \"a b\"") << QString();
    }
    void redactsSecrets()
    {
        QFETCH(QString, line);
        QFETCH(QString, expected);
        QFETCH(QString, secret);
        QCOMPARE(ConsoleHistory::redact(line), expected);
        ConsoleHistory history;
        history.add(line);
        QCOMPARE(history.entries(), QStringList{expected});
        if (!secret.isEmpty())
            QVERIFY(!history.entries().join(QLatin1Char('\n')).contains(secret));
        // The echoed line is the redacted one too.
        const ConsoleSession session(ConnectionProfile{});
        QCOMPARE(session.prepare(line).displayLine, expected);
    }

    void historyIsBoundedAndSkipsRepeats()
    {
        ConsoleHistory history(3);
        history.add(QStringLiteral("PING"));
        history.add(QStringLiteral("PING"));
        history.add(QStringLiteral("  "));
        QCOMPARE(history.size(), 1);
        history.add(QStringLiteral("GET a"));
        history.add(QStringLiteral("PING"));  // not a repeat of the previous one: kept
        history.add(QStringLiteral("GET b"));
        QCOMPARE(history.entries(), QStringList({QStringLiteral("GET a"), QStringLiteral("PING"),
                                                 QStringLiteral("GET b")}));
    }

    void historyBrowsing()
    {
        ConsoleHistory history;
        QCOMPARE(history.previous(QStringLiteral("draft")), QStringLiteral("draft"));
        history.add(QStringLiteral("one"));
        history.add(QStringLiteral("two"));
        QCOMPARE(history.next(QStringLiteral("typing")), QStringLiteral("typing"));
        QCOMPARE(history.previous(QStringLiteral("typing")), QStringLiteral("two"));
        QCOMPARE(history.previous(QStringLiteral("two")), QStringLiteral("one"));
        QCOMPARE(history.previous(QStringLiteral("one")), QStringLiteral("one"));  // stays at the top
        QCOMPARE(history.next(QStringLiteral("one")), QStringLiteral("two"));
        QCOMPARE(history.next(QStringLiteral("two")), QStringLiteral("typing"));   // back to the draft
        QVERIFY(!history.isBrowsing());
        history.previous(QString());
        history.add(QStringLiteral("three"));
        QVERIFY(!history.isBrowsing());
    }

    void promptAndDisplay()
    {
        ConnectionProfile profile;
        profile.port = 6380;
        const ConsoleSession session(profile);
        QCOMPARE(session.prompt(), QStringLiteral("127.0.0.1:6380> "));
        profile.db = 3;
        QCOMPARE(ConsoleSession(profile).prompt(), QStringLiteral("127.0.0.1:6380[3]> "));

        RespResult reply;
        reply.value = RespValue::array({RespValue::string("a b"), RespValue::integer(3)});
        QCOMPARE(ConsoleSession::displayText(reply), QStringLiteral("1) \"a b\"\n2) (integer) 3"));
        RespResult serverError;
        serverError.value = RespValue::error("ERR unknown command");
        serverError.error = NetError::make(NetError::Kind::ServerError, QStringLiteral("ERR unknown command"));
        QCOMPARE(ConsoleSession::displayText(serverError), QStringLiteral("(error) ERR unknown command"));
        QVERIFY(ConsoleSession::isErrorResult(serverError));
        RespResult refused;
        refused.error = NetError::make(NetError::Kind::ConnectionRefused, QStringLiteral("connection refused"));
        QVERIFY(ConsoleSession::displayText(refused).contains(QLatin1String("connection refused")));
        QVERIFY(!ConsoleSession::isErrorResult(reply));
    }

    void catalogHasTheUsualSuspects()
    {
        const QStringList &names = CommandCatalog::commandNames();
        for (const char *name : {"GET", "SET", "INFO", "REPLICAOF", "FAILOVER", "XREADGROUP"})
            QVERIFY2(names.contains(QLatin1String(name)), name);
        QStringList sorted = names;
        sorted.sort();
        QCOMPARE(names, sorted);
    }
};

TANDEM_TEST_GUILESS_MAIN(TestConsoleSession)
#include "tst_consolesession.moc"
