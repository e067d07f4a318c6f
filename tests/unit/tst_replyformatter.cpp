#include "TestRegistry.h"
#include "console/ConsoleSession.h"
#include "console/ReplyFormatter.h"

#include <QTest>

// How the console shows a reply: redis-cli's terminal formatting, multi-line text (INFO) as
// its lines, and redis-cli --raw. Raw expectations were checked against redis-cli 7.0 --raw.
class TestReplyFormatter : public QObject
{
    Q_OBJECT

private:
    static QString formatted(const RespValue &value)
    {
        return ReplyFormatter::format(value, ReplyFormatter::Mode::Formatted);
    }
    static QString raw(const RespValue &value)
    {
        return ReplyFormatter::format(value, ReplyFormatter::Mode::Raw);
    }

private Q_SLOTS:
    void infoShowsAsItsLines()
    {
        const RespValue info = RespValue::string("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"
                                                 "master_repl_offset:0\r\n");
        const QString text = formatted(info);
        QCOMPARE(text, QStringLiteral("# Replication\nrole:master\nconnected_slaves:0\nmaster_repl_offset:0"));
        QCOMPARE(text.split(QLatin1Char('\n')).at(1), QStringLiteral("role:master"));
        QVERIFY(!text.contains(QLatin1Char('"')));
        QVERIFY(!text.contains(QLatin1Char('\r')));
        QVERIFY(!text.contains(QLatin1String("\\r")));
        QVERIFY(!text.contains(QLatin1String("\\n")));
        // Bare LF line breaks (CLIENT LIST) and UTF-8 text too.
        QCOMPARE(formatted(RespValue::string("id=1 name=caf\xc3\xa9\nid=2 name=b\n")),
                 QStringLiteral("id=1 name=caf\u00e9\nid=2 name=b"));
        // Through the session, as the console widget asks for it.
        RespResult result;
        result.value = info;
        QCOMPARE(ConsoleSession::displayText(result), text);
    }

    void singleLineStringsStayQuoted()
    {
        QCOMPARE(formatted(RespValue::string("hello world")), QStringLiteral("\"hello world\""));
        QCOMPARE(formatted(RespValue::string("")), QStringLiteral("\"\""));
        QCOMPARE(formatted(RespValue::string("tab\there")), QStringLiteral("\"tab\\there\""));
        // Other reply types keep redis-cli's terminal formatting.
        QCOMPARE(formatted(RespValue::integer(42)), QStringLiteral("(integer) 42"));
        QCOMPARE(formatted(RespValue::nil()), QStringLiteral("(nil)"));
        QCOMPARE(formatted(RespValue::status("OK")), QStringLiteral("OK"));
        QCOMPARE(formatted(RespValue::error("ERR boom")), QStringLiteral("(error) ERR boom"));
        QCOMPARE(formatted(RespValue::array({RespValue::string("a"), RespValue::integer(2)})),
                 QStringLiteral("1) \"a\"\n2) (integer) 2"));
    }

    void binaryAndNestedTextStayQuoted()
    {
        // A line break among binary bytes or a lone CR: only quoting shows what is there.
        QCOMPARE(formatted(RespValue::string(QByteArray("a\n\0b", 4))), QStringLiteral("\"a\\n\\x00b\""));
        QCOMPARE(formatted(RespValue::string("a\rb\n")), QStringLiteral("\"a\\rb\\n\""));
        QCOMPARE(formatted(RespValue::string("bad \xff utf8\n")), QStringLiteral("\"bad \\xff utf8\\n\""));
        // Inside an array a numbered element cannot span lines.
        QCOMPARE(formatted(RespValue::array({RespValue::string("x\ny")})), QStringLiteral("1) \"x\\ny\""));
        QVERIFY(ReplyFormatter::isMultilineText("a\r\nb"));
        QVERIFY(!ReplyFormatter::isMultilineText("one line"));
    }

    void rawMode()
    {
        QCOMPARE(raw(RespValue::string("hello world")), QStringLiteral("hello world"));
        QCOMPARE(raw(RespValue::string("# Replication\r\nrole:master\r\n")),
                 QStringLiteral("# Replication\nrole:master"));
        QCOMPARE(raw(RespValue::status("OK")), QStringLiteral("OK"));
        QCOMPARE(raw(RespValue::integer(7)), QStringLiteral("7"));
        QCOMPARE(raw(RespValue::integer(-3)), QStringLiteral("-3"));
        QCOMPARE(raw(RespValue::nil()), QString());
        QCOMPARE(raw(RespValue::error("WRONGTYPE Operation against a key holding the wrong kind of value")),
                 QStringLiteral("WRONGTYPE Operation against a key holding the wrong kind of value"));
        QCOMPARE(raw(RespValue::array({RespValue::string("x"), RespValue::string("y z"), RespValue::integer(1)})),
                 QStringLiteral("x\ny z\n1"));
        // Like redis-cli --raw for EVAL "return {1,{2,3},{},'x'}": nested arrays flattened,
        // an empty one (and nil) as an empty line.
        QCOMPARE(raw(RespValue::array({RespValue::integer(1),
                                       RespValue::array({RespValue::integer(2), RespValue::integer(3)}),
                                       RespValue::array({}), RespValue::nil(), RespValue::string("x")})),
                 QStringLiteral("1\n2\n3\n\n\nx"));

        RespResult serverError;
        serverError.value = RespValue::error("ERR unknown command");
        serverError.error = NetError::make(NetError::Kind::ServerError, QStringLiteral("ERR unknown command"));
        QCOMPARE(ConsoleSession::displayText(serverError, ReplyFormatter::Mode::Raw),
                 QStringLiteral("ERR unknown command"));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestReplyFormatter)
#include "tst_replyformatter.moc"
