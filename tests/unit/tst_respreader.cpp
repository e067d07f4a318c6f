#include "TestRegistry.h"
#include "net/RespCommand.h"
#include "net/RespReader.h"
#include "net/RespValue.h"

#include <QTest>

// The RESP reader and formatter are the only parts of hiredis we use: a reply misparsed here
// shows the user wrong data, a command misformatted here runs the wrong command.
class TestRespReader : public QObject
{
    Q_OBJECT

private:
    // Everything complete in `bytes`, fed in one go.
    static QList<RespValue> parseAll(const QByteArray &bytes, RespReader::Status *last = nullptr)
    {
        RespReader reader;
        reader.feed(bytes);
        QList<RespValue> out;
        RespValue v;
        RespReader::Status s;
        while ((s = reader.next(&v)) == RespReader::Status::Reply)
            out.append(v);
        if (last)
            *last = s;
        return out;
    }

    static QByteArray mixedStream(const QByteArray &bulk)
    {
        return "*3\r\n*2\r\n:1\r\n$1\r\na\r\n$-1\r\n*0\r\n"  // nested array, nil, empty array
               "+OK\r\n"
               "-ERR wrong type\r\n"
               ":-9223372036854775808\r\n"
               "*-1\r\n"
               "$" + QByteArray::number(bulk.size()) + "\r\n" + bulk + "\r\n"
               "$0\r\n\r\n";
    }

    static QList<RespValue> mixedExpected(const QByteArray &bulk)
    {
        return {RespValue::array({RespValue::array({RespValue::integer(1), RespValue::string("a")}),
                                  RespValue::nil(), RespValue::array({})}),
                RespValue::status("OK"),
                RespValue::error("ERR wrong type"),
                RespValue::integer(std::numeric_limits<qint64>::min()),
                RespValue::nil(),
                RespValue::string(bulk),
                RespValue::string(QByteArray())};
    }

    static QByteArray binaryBulk(int size)
    {
        QByteArray b(size, Qt::Uninitialized);
        for (int i = 0; i < size; ++i)
            b[i] = char((i * 7 + i / 253) & 0xff);  // includes \0, \r, \n at many offsets
        return b;
    }

private Q_SLOTS:
    void scalarsAndNesting()
    {
        RespReader::Status last;
        const QList<RespValue> got = parseAll(mixedStream("hello"), &last);
        QCOMPARE(last, RespReader::Status::NeedMore);
        QCOMPARE(got.size(), 7);
        QCOMPARE(got, mixedExpected("hello"));
        QCOMPARE(got[0].type(), RespValue::Type::Array);
        QCOMPARE(got[0].elements()[0].elements()[1].bytes(), QByteArray("a"));
        QVERIFY(got[0].elements()[1].isNil());
        QVERIFY(got[2].isError());
        QCOMPARE(got[2].text(), QStringLiteral("ERR wrong type"));
        QCOMPARE(got[3].bytes(), QByteArray("-9223372036854775808"));
        QVERIFY(got[4].isNil());  // a nil multi-bulk reads as nil, like in redis-cli
    }

    void incompleteReplyWaitsForMore()
    {
        RespReader reader;
        reader.feed("*2\r\n$3\r\nfoo\r\n");
        RespValue v;
        QCOMPARE(reader.next(&v), RespReader::Status::NeedMore);
        reader.feed(":42\r\n");
        QCOMPARE(reader.next(&v), RespReader::Status::Reply);
        QCOMPARE(v, RespValue::array({RespValue::string("foo"), RespValue::integer(42)}));
        QCOMPARE(reader.next(&v), RespReader::Status::NeedMore);
    }

    // A TCP segment may end anywhere: after any byte of any reply, the reader must neither lose
    // nor duplicate nor corrupt anything. The bulk is larger than hiredis' 16 KiB buffer hint.
    void splitAtEveryByteBoundary()
    {
        const QByteArray bulk = binaryBulk(20000);
        const QByteArray stream = mixedStream(bulk);
        const QList<RespValue> expected = mixedExpected(bulk);
        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            RespReader reader;
            QList<RespValue> got;
            RespValue v;
            reader.feed(stream.left(cut));
            while (reader.next(&v) == RespReader::Status::Reply)
                got.append(v);
            reader.feed(stream.mid(cut));
            RespReader::Status s;
            while ((s = reader.next(&v)) == RespReader::Status::Reply)
                got.append(v);
            QCOMPARE(s, RespReader::Status::NeedMore);
            if (got != expected)
                QFAIL(qPrintable(QStringLiteral("mismatch when split at byte %1").arg(cut)));
        }
    }

    void oneByteAtATime()
    {
        const QByteArray stream = mixedStream(binaryBulk(3000));
        RespReader reader;
        QList<RespValue> got;
        RespValue v;
        for (const char c : stream) {
            reader.feed(QByteArray(1, c));
            while (reader.next(&v) == RespReader::Status::Reply)
                got.append(v);
        }
        QCOMPARE(got, mixedExpected(binaryBulk(3000)));
    }

    void largeBulkInChunks()
    {
        const QByteArray bulk = binaryBulk(16 * 1024 * 1024 + 3);
        const QByteArray stream = "$" + QByteArray::number(bulk.size()) + "\r\n" + bulk + "\r\n+OK\r\n";
        RespReader reader;
        QList<RespValue> got;
        RespValue v;
        for (qsizetype pos = 0; pos < stream.size(); pos += 65521) {  // odd chunk size
            reader.feed(stream.mid(pos, 65521));
            while (reader.next(&v) == RespReader::Status::Reply)
                got.append(v);
        }
        QCOMPARE(got.size(), 2);
        QCOMPARE(got[0].bytes().size(), bulk.size());
        QVERIFY(got[0].bytes() == bulk);
        QCOMPARE(got[1], RespValue::status("OK"));
    }

    void garbageIsAProtocolErrorAndStaysOne()
    {
        RespReader reader;
        reader.feed("+OK\r\n?garbage\r\n");
        RespValue v;
        QCOMPARE(reader.next(&v), RespReader::Status::Reply);  // what came before is intact
        QCOMPARE(v, RespValue::status("OK"));
        QCOMPARE(reader.next(&v), RespReader::Status::Error);
        QVERIFY(reader.hasError());
        QVERIFY2(reader.errorString().contains(QLatin1String("Protocol error")), qPrintable(reader.errorString()));
        // The stream cannot be resynchronised: even valid bytes now are refused.
        reader.feed("+OK\r\n");
        QCOMPARE(reader.next(&v), RespReader::Status::Error);
        reader.reset();
        reader.feed("+OK\r\n");
        QCOMPARE(reader.next(&v), RespReader::Status::Reply);
    }

    void badLengthsAndTooDeepNesting()
    {
        RespReader::Status s;
        parseAll("$abc\r\nxyz\r\n", &s);
        QCOMPARE(s, RespReader::Status::Error);
        parseAll(":12x\r\n", &s);
        QCOMPARE(s, RespReader::Status::Error);
        // hiredis nests at most 7 arrays: deeper must be an error, not a crash.
        parseAll(QByteArray("*1\r\n").repeated(9) + ":1\r\n", &s);
        QCOMPARE(s, RespReader::Status::Error);
        const QList<RespValue> ok = parseAll(QByteArray("*1\r\n").repeated(7) + ":1\r\n", &s);
        QCOMPARE(ok.size(), 1);
    }

    void formatterIsBinarySafe()
    {
        QCOMPARE(RespCommand::format({"PING"}), QByteArray("*1\r\n$4\r\nPING\r\n"));
        QCOMPARE(RespCommand::format({"SET", "k", ""}), QByteArray("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"));
        QVERIFY(RespCommand::format({}).isEmpty());

        QByteArray all(256, Qt::Uninitialized);
        for (int i = 0; i < 256; ++i)
            all[i] = char(i);
        const QByteArrayList args{"SET", QByteArray("a\0b", 3), QByteArray("line1\r\nline2\r\n"),
                                  QByteArray("\r\n*1\r\n$4\r\nQUIT\r\n"), all, QByteArray()};
        // Parsing what we would send must give back exactly the arguments: an argument can
        // never spill into a second command.
        RespReader::Status s;
        const QList<RespValue> parsed = parseAll(RespCommand::format(args), &s);
        QCOMPARE(parsed.size(), 1);
        QCOMPARE(s, RespReader::Status::NeedMore);
        QCOMPARE(parsed[0].elements().size(), args.size());
        for (qsizetype i = 0; i < args.size(); ++i)
            QCOMPARE(parsed[0].elements()[i].bytes(), args[i]);
    }

    // Expected texts were produced by redis-cli 7.0 --no-raw for the same replies.
    void displayLikeRedisCli()
    {
        QCOMPARE(RespValue::integer(1).toDisplayString(), QStringLiteral("(integer) 1"));
        QCOMPARE(RespValue::nil().toDisplayString(), QStringLiteral("(nil)"));
        QCOMPARE(RespValue::status("OK").toDisplayString(), QStringLiteral("OK"));
        QCOMPARE(RespValue::error("ERR unknown command 'FOO'").toDisplayString(),
                 QStringLiteral("(error) ERR unknown command 'FOO'"));
        QCOMPARE(RespValue::array({}).toDisplayString(), QStringLiteral("(empty array)"));
        QCOMPARE(RespValue::string("z\n\"q\\\a\x01\xc3\xa9\t\r\b").toDisplayString(),
                 QStringLiteral("\"z\\n\\\"q\\\\\\a\\x01\\xc3\\xa9\\t\\r\\b\""));
        QCOMPARE(RespValue::string(QByteArray("\0", 1)).toDisplayString(), QStringLiteral("\"\\x00\""));

        const RespValue nested = RespValue::array({
            RespValue::integer(1), RespValue::string("a"),
            RespValue::array({RespValue::integer(2),
                              RespValue::array({RespValue::string("x"), RespValue::string("y")}),
                              RespValue::array({})}),
            RespValue::nil(), RespValue::error("ERR boom"), RespValue::status("FINE"),
            RespValue::integer(3), RespValue::integer(4), RespValue::integer(5), RespValue::integer(6),
            RespValue::string("z")});
        QCOMPARE(nested.toDisplayString(), QStringLiteral(" 1) (integer) 1\n"
                                                          " 2) \"a\"\n"
                                                          " 3) 1) (integer) 2\n"
                                                          "    2) 1) \"x\"\n"
                                                          "       2) \"y\"\n"
                                                          "    3) (empty array)\n"
                                                          " 4) (nil)\n"
                                                          " 5) (error) ERR boom\n"
                                                          " 6) FINE\n"
                                                          " 7) (integer) 3\n"
                                                          " 8) (integer) 4\n"
                                                          " 9) (integer) 5\n"
                                                          "10) (integer) 6\n"
                                                          "11) \"z\""));

        QList<RespValue> ten;
        for (int i = 1; i <= 10; ++i)
            ten.append(RespValue::integer(i));
        ten.append(RespValue::array({RespValue::string("a")}));
        QCOMPARE(RespValue::array({RespValue::array(ten)}).toDisplayString(),
                 QStringLiteral("1)  1) (integer) 1\n"
                                "    2) (integer) 2\n"
                                "    3) (integer) 3\n"
                                "    4) (integer) 4\n"
                                "    5) (integer) 5\n"
                                "    6) (integer) 6\n"
                                "    7) (integer) 7\n"
                                "    8) (integer) 8\n"
                                "    9) (integer) 9\n"
                                "   10) (integer) 10\n"
                                "   11) 1) \"a\""));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestRespReader)
#include "tst_respreader.moc"
