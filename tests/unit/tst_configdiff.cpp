// ConfigDiff: compares what redis-server would run with, not the text of the files.
#include "TestRegistry.h"
#include "config/ConfigDiff.h"
#include "config/ConfigDocument.h"
#include "config/LiveConfig.h"

#include <QTest>

class TestConfigDiff : public QObject
{
    Q_OBJECT

private:
    static QList<ConfigDifference> diff(const QByteArray &a, const QByteArray &b,
                                        const ConfigDiff::Options &o = ConfigDiff::Options())
    {
        return ConfigDiff::compare(ConfigDocument::parse(a), ConfigDocument::parse(b), o);
    }

private Q_SLOTS:
    void identicalIsEmpty()
    {
        QVERIFY(diff("port 6379\nappendonly yes\n", "# comment\nappendonly yes\nport 6379\n").isEmpty());
    }

    void valueChange()
    {
        const auto d = diff("port 6379\n", "port 7000\n");
        QCOMPARE(d.size(), 1);
        QCOMPARE(d.first().directive, QByteArray("port"));
        QVERIFY(d.first().left.present);
        QCOMPARE(d.first().left.values, (QList<QByteArray>{"6379"}));
        QCOMPARE(d.first().right.values, (QList<QByteArray>{"7000"}));
    }

    void lastOccurrenceWins()
    {
        QVERIFY(diff("port 1\nport 6379\n", "port 6379\n").isEmpty());
    }

    void normalization_data()
    {
        QTest::addColumn<QByteArray>("left");
        QTest::addColumn<QByteArray>("right");
        QTest::newRow("bool case") << QByteArray("appendonly YES\n") << QByteArray("appendonly yes\n");
        QTest::newRow("memory units") << QByteArray("maxmemory 1mb\n") << QByteArray("maxmemory 1048576\n");
        QTest::newRow("memory k") << QByteArray("maxmemory 2k\n") << QByteArray("maxmemory 2000\n");
        QTest::newRow("memory GB") << QByteArray("maxmemory 1GB\n") << QByteArray("maxmemory 1073741824\n");
        QTest::newRow("enum case") << QByteArray("maxmemory-policy ALLKEYS-LRU\n")
                                   << QByteArray("maxmemory-policy allkeys-lru\n");
        QTest::newRow("alias") << QByteArray("slave-read-only no\n") << QByteArray("replica-read-only no\n");
        QTest::newRow("name case") << QByteArray("PORT 7000\n") << QByteArray("port 7000\n");
        QTest::newRow("save order") << QByteArray("save 60 10000\nsave 3600 1\n")
                                    << QByteArray("save 3600 1\nsave 60 10000\n");
        QTest::newRow("cob replica=slave, units")
            << QByteArray("client-output-buffer-limit replica 256mb 64mb 60\n")
            << QByteArray("client-output-buffer-limit slave 268435456 67108864 60\n");
        QTest::newRow("cob last per class wins")
            << QByteArray("client-output-buffer-limit pubsub 1 1 1\nclient-output-buffer-limit pubsub 32mb 8mb 60\n")
            << QByteArray("client-output-buffer-limit pubsub 33554432 8388608 60\n");
    }
    void normalization()
    {
        QFETCH(QByteArray, left);
        QFETCH(QByteArray, right);
        const auto d = diff(left, right);
        QVERIFY2(d.isEmpty(), d.isEmpty() ? "" : d.first().directive.constData());
    }

    void saveSetDifference()
    {
        const auto d = diff("save 3600 1\n", "save 3600 1\nsave 60 10000\n");
        QCOMPARE(d.size(), 1);
        QCOMPARE(d.first().left.values, (QList<QByteArray>{"3600 1"}));
        QCOMPARE(d.first().right.values, (QList<QByteArray>{"3600 1", "60 10000"}));
    }

    void saveEmptyClears()
    {
        QVERIFY(diff("save 3600 1\nsave \"\"\n", "save \"\"\n").isEmpty());
        QCOMPARE(diff("save \"\"\n", "save 3600 1\n").size(), 1);
    }

    void absentVersusDefault()
    {
        // port's default is 6379: absent on the left means the same thing.
        QVERIFY(diff("", "port 6379\nappendonly no\nmaxmemory 0\n").isEmpty());
        QVERIFY(diff("", "save 3600 1\nsave 300 100\nsave 60 10000\n").isEmpty());

        ConfigDiff::Options o;
        o.showDefaults = true;
        const auto shown = diff("", "port 6379\n", o);
        QCOMPARE(shown.size(), 1);
        QVERIFY(!shown.first().left.present);
        QVERIFY(shown.first().left.values.isEmpty());
        QVERIFY(shown.first().right.present);
    }

    void absentVersusNonDefault()
    {
        const auto d = diff("port 7000\n", "");
        QCOMPARE(d.size(), 1);
        QVERIFY(d.first().left.present);
        QVERIFY(!d.first().right.present);
    }

    void unknownDirectivesCompareVerbatim()
    {
        QCOMPARE(diff("rename-command FLUSHALL \"\"\n", "").size(), 1);
        QVERIFY(diff("rename-command FLUSHALL \"\"\n", "rename-command FLUSHALL \"\"\n").isEmpty());
    }

    void secretsMaskedButCompared()
    {
        QVERIFY(diff("requirepass a\n", "requirepass a\n").isEmpty());
        const auto d = diff("requirepass a-secret\n", "requirepass b-secret\n");
        QCOMPARE(d.size(), 1);
        QCOMPARE(d.first().left.values.first(), LiveConfig::placeholder());
        QCOMPARE(d.first().right.values.first(), LiveConfig::placeholder());

        ConfigDiff::Options o;
        o.maskSecrets = false;
        QCOMPARE(diff("requirepass a\n", "requirepass b\n", o).first().left.values.first(), QByteArray("a"));
    }

    void placeholderIsNotCompared()
    {
        // `config get` output saved to a file carries <hidden>: unknown, not different.
        QVERIFY(diff(QByteArray("requirepass " + LiveConfig::placeholder() + "\n"), "requirepass real\n").isEmpty());
    }

    void liveConfigMatchesItsDefaults()
    {
        // A pristine node's CONFIG GET (as LiveConfig writes it) equals an empty file.
        const ConfigDocument live = LiveConfig::fromPairs(
            {{"save", "3600 1 300 100 60 10000"},
             {"client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"},
             {"bind", "* -::*"}, {"appendonly", "no"}, {"maxmemory", "0"}, {"requirepass", ""},
             {"unixsocketperm", "0"}});
        const auto d = ConfigDiff::compare(ConfigDocument(), live);
        QVERIFY2(d.isEmpty(), d.isEmpty() ? "" : d.first().directive.constData());
    }

    void memoryHelper()
    {
        QCOMPARE(ConfigDiff::normalizeMemory("1kb"), QByteArray("1024"));
        QCOMPARE(ConfigDiff::normalizeMemory("3M"), QByteArray("3000000"));
        QCOMPARE(ConfigDiff::normalizeMemory("12"), QByteArray("12"));
        QVERIFY(ConfigDiff::normalizeMemory("12x").isEmpty());
        QVERIFY(ConfigDiff::normalizeMemory("").isEmpty());
    }
};

TANDEM_TEST_GUILESS_MAIN(TestConfigDiff)
#include "tst_configdiff.moc"
