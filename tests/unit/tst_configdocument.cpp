#include "TestRegistry.h"
#include "config/ConfigDocument.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

// redis.conf is read exactly like redis-server reads it, written back byte for byte, and
// edited without touching anything but the edited lines.
class TestConfigDocument : public QObject
{
    Q_OBJECT

private:
    using Kind = ConfigLine::Kind;

    // The Debian distribution file: the most realistic input there is. Missing is a failure
    // (it ships with redis-server, which the whole suite needs), never a skip.
    static QByteArray distributionFile(bool *ok)
    {
        QFile f(QStringLiteral("/etc/redis/redis.conf"));
        *ok = f.open(QIODevice::ReadOnly);
        if (!*ok) {
            QTest::qFail("/etc/redis/redis.conf is not readable (apt-get install redis-server)",
                         __FILE__, __LINE__);
            return {};
        }
        return f.readAll();
    }

    static QList<QByteArray> rawLines(const ConfigDocument &doc)
    {
        QList<QByteArray> out;
        for (const ConfigLine &l : doc.lines())
            out.append(l.raw + l.ending);
        return out;
    }

    // True when `after` is `before` with exactly line `index` replaced.
    static bool onlyLineChanged(const QList<QByteArray> &before, const QList<QByteArray> &after, int index)
    {
        if (before.size() != after.size())
            return false;
        for (int i = 0; i < before.size(); ++i) {
            if ((before.at(i) == after.at(i)) == (i == index))
                return false;
        }
        return true;
    }

    // True when `after` is `before` with one line inserted at `index`.
    static bool onlyLineInserted(const QList<QByteArray> &before, const QList<QByteArray> &after, int index)
    {
        if (after.size() != before.size() + 1)
            return false;
        QList<QByteArray> copy = after;
        copy.removeAt(index);
        return copy == before;
    }

    static int indexOfRaw(const ConfigDocument &doc, const QByteArray &raw)
    {
        for (int i = 0; i < doc.lines().size(); ++i) {
            if (doc.lines().at(i).raw == raw)
                return i;
        }
        return -1;
    }

private slots:
    void distributionFileRoundTrip()
    {
        bool ok = false;
        const QByteArray bytes = distributionFile(&ok);
        if (!ok)
            return;
        const ConfigDocument doc = ConfigDocument::parse(bytes, QStringLiteral("/etc/redis/redis.conf"));
        QCOMPARE(doc.toBytes(), bytes);
        QCOMPARE(doc.path(), QStringLiteral("/etc/redis/redis.conf"));
        QCOMPARE(doc.lines().size(), bytes.count('\n') + (bytes.endsWith('\n') ? 0 : 1));
        int directives = 0;
        for (const ConfigLine &l : doc.lines()) {
            QVERIFY2(l.kind != Kind::Invalid, l.raw.constData());
            if (l.kind == Kind::Directive)
                ++directives;
        }
        QVERIFY(directives > 50);
        QCOMPARE(doc.effective("port"), QList<QByteArray>{"6379"});
        QCOMPARE(doc.effective("PORT"), QList<QByteArray>{"6379"});
        QVERIFY(doc.effective("requirepass").isEmpty());
        QCOMPARE(doc.directives("daemonize").size(), 1);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("lf") << QByteArray("port 6379\nbind 127.0.0.1\n");
        QTest::newRow("crlf") << QByteArray("port 6379\r\nbind 127.0.0.1\r\n");
        QTest::newRow("mixed") << QByteArray("a 1\r\nb 2\nc 3\r\n\r\n\n# x\r\n");
        QTest::newRow("no final newline") << QByteArray("port 6379\nbind ::1");
        QTest::newRow("final cr only") << QByteArray("port 6379\r");
        QTest::newRow("lone cr inside") << QByteArray("a\rb 1\n\r\n\r\r\n");
        QTest::newRow("only newlines") << QByteArray("\n\n\n");
        QTest::newRow("tabs") << QByteArray("\tport\t6379\t\n  \t \n");
        QTest::newRow("quotes") << QByteArray("requirepass \"a \\\"b\\\" \\x41\\n\"\nx 'it\\'s'\n");
        QTest::newRow("unbalanced") << QByteArray("a \"b\nc 'd\ne \"f\"g\n");
        QTest::newRow("utf8") << QByteArray("# h\xc3\xa9llo\nrequirepass p\xc3\xa4ss\n");
        QTest::newRow("invalid utf8") << QByteArray("x \xff\xfe\xc3\n\xc0\x80\n");
        QTest::newRow("nul") << QByteArray("port 1\0x\n\0\nq\0", 13);
        QTest::newRow("huge line") << (QByteArray("key ") + QByteArray(200000, 'v') + "\n");
    }
    void roundTrip()
    {
        QFETCH(QByteArray, input);
        const ConfigDocument doc = ConfigDocument::parse(input);
        QCOMPARE(doc.toBytes(), input);
        for (int i = 0; i < doc.lines().size(); ++i)
            QCOMPARE(doc.lines().at(i).number, i + 1);
    }

    void endings()
    {
        const ConfigDocument doc = ConfigDocument::parse("a\r\nb\nc\rd\r");
        QCOMPARE(doc.lines().size(), 3);
        QCOMPARE(doc.lines().at(0).ending, QByteArray("\r\n"));
        QCOMPARE(doc.lines().at(1).ending, QByteArray("\n"));
        // A lone CR is content, also at the very end without a newline.
        QCOMPARE(doc.lines().at(2).raw, QByteArray("c\rd\r"));
        QCOMPARE(doc.lines().at(2).ending, QByteArray());
        QCOMPARE(doc.lines().at(2).args, (QList<QByteArray>{"d"}));
    }

    void split_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QList<QByteArray>>("args");
        QTest::addColumn<QList<int>>("columns");  // name first, then each argument

        const auto row = [](const char *tag, const QByteArray &line, Kind kind, const QByteArray &name,
                            const QList<QByteArray> &args, const QList<int> &columns) {
            QTest::newRow(tag) << line << int(kind) << name << args << columns;
        };
        row("blank", "", Kind::Blank, {}, {}, {});
        row("spaces", " \t \r\t", Kind::Blank, {}, {}, {});
        row("vertical tab only", "\v\f", Kind::Blank, {}, {}, {});
        row("comment", "# port 1", Kind::Comment, {}, {}, {});
        row("indented comment", "   #port 1", Kind::Comment, {}, {}, {});
        row("simple", "port 6379", Kind::Directive, "port", {"6379"}, {1, 6});
        row("indented", "  \tsave 900  1 ", Kind::Directive, "save", {"900", "1"}, {4, 9, 14});
        row("inline hash is an argument", "bind 1.2.3.4 # x", Kind::Directive, "bind",
            {"1.2.3.4", "#", "x"}, {1, 6, 14, 16});
        row("case kept", "MaxMemory 1gb", Kind::Directive, "MaxMemory", {"1gb"}, {1, 11});
        row("empty double", "save \"\"", Kind::Directive, "save", {""}, {1, 6});
        row("empty single", "save ''", Kind::Directive, "save", {""}, {1, 6});
        row("double escapes", "x \"a\\n\\r\\t\\b\\a\\\\\\\"\\q\"", Kind::Directive, "x",
            {"a\n\r\t\b\a\\\"q"}, {1, 3});
        row("hex escape", "x \"\\x41\\x4a\\x6b\\x4\"", Kind::Directive, "x", {"AJkx4"}, {1, 3});
        row("hex nul", "x \"a\\x00b\"", Kind::Directive, "x", {QByteArray("a\0b", 3)}, {1, 3});
        row("single escapes only quote", "x 'a\\'b\\n'", Kind::Directive, "x", {"a'b\\n"}, {1, 3});
        row("quote inside bare token", "x ab\"c d\"", Kind::Directive, "x", {"abc d"}, {1, 3});
        row("quoted name", "\"port\" 1", Kind::Directive, "port", {"1"}, {1, 8});
        row("backslash bare", "dir C:\\x", Kind::Directive, "dir", {"C:\\x"}, {1, 5});
        row("vt inside bare token", "x a\vb", Kind::Directive, "x", {"a\vb"}, {1, 3});
        row("cr splits", "x a\rb", Kind::Directive, "x", {"a", "b"}, {1, 3, 5});
        row("utf8", "requirepass p\xc3\xa4ss", Kind::Directive, "requirepass", {"p\xc3\xa4ss"}, {1, 13});
        row("quote followed by tab", "x \"a\"\ty", Kind::Directive, "x", {"a", "y"}, {1, 3, 7});
        row("unterminated double", "x \"abc", Kind::Invalid, {}, {}, {});
        row("unterminated single", "x 'abc", Kind::Invalid, {}, {}, {});
        row("trailing backslash in quotes", "x \"abc\\", Kind::Invalid, {}, {}, {});
        row("closing double glued", "x \"a\"b", Kind::Invalid, {}, {}, {});
        row("closing single glued", "x 'a'b", Kind::Invalid, {}, {}, {});
        row("nul", QByteArray("port 1\0", 7), Kind::Invalid, {}, {}, {});
    }
    void split()
    {
        QFETCH(QByteArray, line);
        QFETCH(int, kind);
        QFETCH(QByteArray, name);
        QFETCH(QList<QByteArray>, args);
        QFETCH(QList<int>, columns);

        const ConfigDocument doc = ConfigDocument::parse(line + "\n");
        QCOMPARE(doc.lines().size(), 1);
        const ConfigLine &l = doc.lines().first();
        QCOMPARE(int(l.kind), kind);
        QCOMPARE(l.raw, line);
        QCOMPARE(l.name, name);
        QCOMPARE(l.args, args);
        if (kind == int(Kind::Directive)) {
            QCOMPARE(l.nameColumn, columns.first());
            QCOMPARE(l.argColumns, columns.mid(1));
            QVERIFY(l.error.isEmpty());
        }
        if (kind == int(Kind::Invalid)) {
            QVERIFY(!l.error.isEmpty());
            if (line.contains('"') || line.contains('\''))
                QVERIFY2(l.error.contains(QStringLiteral("unbalanced quotes")), qPrintable(l.error));
        }
    }

    void quoteArg_data()
    {
        QTest::addColumn<QByteArray>("arg");
        QTest::addColumn<QByteArray>("quoted");
        QTest::newRow("plain") << QByteArray("yes") << QByteArray("yes");
        QTest::newRow("path") << QByteArray("/var/lib/redis") << QByteArray("/var/lib/redis");
        QTest::newRow("backslash bare") << QByteArray("a\\b") << QByteArray("a\\b");
        QTest::newRow("utf8") << QByteArray("p\xc3\xa4ss") << QByteArray("p\xc3\xa4ss");
        QTest::newRow("empty") << QByteArray() << QByteArray("\"\"");
        QTest::newRow("space") << QByteArray("a b") << QByteArray("\"a b\"");
        QTest::newRow("quotes") << QByteArray("a\"b'c\\") << QByteArray("\"a\\\"b'c\\\\\"");
        QTest::newRow("control") << QByteArray("\n\r\t\a\b\x01\x7f", 7)
                                 << QByteArray("\"\\n\\r\\t\\a\\b\\x01\\x7f\"");
        QTest::newRow("nul") << QByteArray("a\0", 2) << QByteArray("\"a\\x00\"");
    }
    void quoteArg()
    {
        QFETCH(QByteArray, arg);
        QFETCH(QByteArray, quoted);
        QCOMPARE(ConfigDocument::quoteArg(arg), quoted);
        const ConfigDocument doc = ConfigDocument::parse("x " + quoted);
        QCOMPARE(doc.effective("x"), QList<QByteArray>{arg});
    }

    // Whatever bytes a value holds, writing it quoted and reading it back gives it again.
    void quoteArgRoundTripsAnyBytes()
    {
        QRandomGenerator rng(42);
        for (int n = 0; n < 2000; ++n) {
            QByteArray arg(int(rng.bounded(12)), Qt::Uninitialized);
            for (char &c : arg)
                c = char(rng.bounded(256));
            ConfigDocument doc = ConfigDocument::parse("# x\n");
            doc.set("x", {arg, "tail"});
            const ConfigDocument reread = ConfigDocument::parse(doc.toBytes());
            QCOMPARE(reread.effective("x"), (QList<QByteArray>{arg, "tail"}));
        }
    }

    void setInPlaceTouchesOnlyThatLine()
    {
        bool ok = false;
        const QByteArray bytes = distributionFile(&ok);
        if (!ok)
            return;
        ConfigDocument doc = ConfigDocument::parse(bytes);
        const QList<QByteArray> before = rawLines(doc);
        const int index = indexOfRaw(doc, "port 6379");
        QVERIFY(index >= 0);
        doc.set("PORT", {"7000"});
        QVERIFY(onlyLineChanged(before, rawLines(doc), index));
        QCOMPARE(doc.lines().at(index).raw, QByteArray("port 7000"));
        QCOMPARE(ConfigDocument::parse(doc.toBytes()).effective("port"), QList<QByteArray>{"7000"});
    }

    void setKeepsIndentationAndEnding()
    {
        ConfigDocument doc = ConfigDocument::parse("a 1\r\n\t\"Port\"   1 2\r\nb 2\r\n");
        doc.set("port", {"6380"});
        QCOMPARE(doc.toBytes(), QByteArray("a 1\r\n\tPort 6380\r\nb 2\r\n"));
    }

    void setInsertsAfterCommentedDefault()
    {
        bool ok = false;
        const QByteArray bytes = distributionFile(&ok);
        if (!ok)
            return;
        ConfigDocument doc = ConfigDocument::parse(bytes);
        const QList<QByteArray> before = rawLines(doc);
        const int comment = indexOfRaw(doc, "# requirepass foobared");
        QVERIFY(comment >= 0);
        doc.set("requirepass", {"s3cret pass"});
        QVERIFY(onlyLineInserted(before, rawLines(doc), comment + 1));
        QCOMPARE(doc.lines().at(comment + 1).raw, QByteArray("requirepass \"s3cret pass\""));
        QCOMPARE(doc.lines().at(comment + 1).ending, QByteArray("\n"));
        QCOMPARE(doc.lines().at(comment + 1).number, comment + 2);
        QCOMPARE(ConfigDocument::parse(doc.toBytes()).effective("requirepass"),
                 QList<QByteArray>{"s3cret pass"});
        QVERIFY(!doc.toBytes().contains("# Generated by Tandem"));
    }

    void setAppendsToGeneratedSectionOnce()
    {
        ConfigDocument doc = ConfigDocument::parse("port 1\r\n# some prose\r\nbind ::1");
        doc.set("tandem-a", {"1"});
        doc.set("tandem-b", {""});
        QCOMPARE(doc.toBytes(), QByteArray("port 1\r\n# some prose\r\nbind ::1\r\n\r\n"
                                           "# Generated by Tandem\r\ntandem-a 1\r\ntandem-b \"\"\r\n"));
        // Re-parsed, the section is found again rather than created a second time.
        ConfigDocument again = ConfigDocument::parse(doc.toBytes());
        again.set("tandem-c", {"x"});
        QCOMPARE(again.toBytes().count("# Generated by Tandem"), 1);
        QVERIFY(again.toBytes().endsWith("tandem-b \"\"\r\ntandem-c x\r\n"));

        ConfigDocument empty;
        empty.set("port", {"1"});
        QCOMPARE(empty.toBytes(), QByteArray("# Generated by Tandem\nport 1\n"));
    }

    void setCollapsesEarlierSingleValueLines()
    {
        ConfigDocument doc = ConfigDocument::parse("port 1\n# c\nPORT 2\nx y\nport 3\n");
        doc.set("port", {"4"});
        QCOMPARE(doc.toBytes(), QByteArray("# c\nx y\nport 4\n"));
        QCOMPARE(doc.lines().last().number, 3);
    }

    void multiValueDirectivesAreNotCollapsed()
    {
        const QByteArray input = "save 900 1\nsave 300 10\nrename-command A B\nrename-command C D\n"
                                 "user default on\nuser x on\ninclude a.conf\ninclude b.conf\n"
                                 "loadmodule a.so\nloadmodule b.so\nport 1\n";
        ConfigDocument doc = ConfigDocument::parse(input);
        const QList<QByteArray> before = rawLines(doc);
        doc.set("port", {"2"});
        QVERIFY(onlyLineChanged(before, rawLines(doc), 10));
        for (const char *name : {"save", "rename-command", "user", "include", "loadmodule"})
            QCOMPARE(doc.directives(name).size(), 2);

        // Setting a multi-value name replaces its last line and keeps the others.
        const QList<QByteArray> before2 = rawLines(doc);
        doc.set("save", {"60", "10000"});
        QVERIFY(onlyLineChanged(before2, rawLines(doc), 1));
        QCOMPARE(doc.directives("save").first()->args, (QList<QByteArray>{"900", "1"}));
        QCOMPARE(doc.effective("save"), (QList<QByteArray>{"60", "10000"}));
    }

    void removeTouchesOnlyThoseLines()
    {
        bool ok = false;
        const QByteArray bytes = distributionFile(&ok);
        if (!ok)
            return;
        ConfigDocument doc = ConfigDocument::parse(bytes);
        QList<QByteArray> expected = rawLines(doc);
        const int index = indexOfRaw(doc, "port 6379");
        QVERIFY(index >= 0);
        expected.removeAt(index);
        doc.remove("Port");
        QCOMPARE(rawLines(doc), expected);
        QVERIFY(doc.effective("port").isEmpty());

        ConfigDocument multi = ConfigDocument::parse("save 1 1\n# save 2 2\nsave 3 3\nport 1\n");
        multi.remove("save");
        QCOMPARE(multi.toBytes(), QByteArray("# save 2 2\nport 1\n"));
        QCOMPARE(multi.lines().at(1).number, 2);
    }

    void replaceLineReparses()
    {
        ConfigDocument doc = ConfigDocument::parse("port 1\r\n# x\r\nbind a\r\n");
        doc.replaceLine(1, "maxmemory 1gb");
        QCOMPARE(doc.lines().at(1).kind, Kind::Directive);
        QCOMPARE(doc.effective("maxmemory"), QList<QByteArray>{"1gb"});
        QCOMPARE(doc.toBytes(), QByteArray("port 1\r\nmaxmemory 1gb\r\nbind a\r\n"));
        doc.replaceLine(0, "x \"oops");
        QCOMPARE(doc.lines().at(0).kind, Kind::Invalid);
        // A replacement holding a newline becomes two lines, so the model matches a re-parse.
        doc.replaceLine(2, "a 1\nb 2");
        QCOMPARE(doc.lines().size(), 4);
        QCOMPARE(doc.lines().at(3).number, 4);
        QCOMPARE(doc.toBytes(), QByteArray("x \"oops\r\nmaxmemory 1gb\r\na 1\nb 2\r\n"));
        doc.replaceLine(99, "ignored");
        doc.replaceLine(-1, "ignored");
        QCOMPARE(doc.lines().size(), 4);
    }
};

TANDEM_TEST_GUILESS_MAIN(TestConfigDocument)
#include "tst_configdocument.moc"
