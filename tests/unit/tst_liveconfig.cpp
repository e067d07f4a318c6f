// LiveConfig: CONFIG GET * replies become redis.conf text the way CONFIG REWRITE writes it.
#include "TestRegistry.h"
#include "config/ConfigDocument.h"
#include "config/LiveConfig.h"
#include "net/RespValue.h"

#include <QTest>

class TestLiveConfig : public QObject
{
    Q_OBJECT

private:
    static RespValue reply(const QList<QByteArray> &flat)
    {
        QList<RespValue> e;
        for (const QByteArray &b : flat)
            e.append(RespValue::string(b));
        return RespValue::array(e);
    }
    static QList<QByteArray> lines(const ConfigDocument &doc)
    {
        QList<QByteArray> out;
        for (const ConfigLine &l : doc.lines())
            out.append(l.raw);
        return out;
    }

private Q_SLOTS:
    void sortedOneDirectivePerLine()
    {
        ConfigDocument doc;
        QString error;
        QVERIFY(LiveConfig::fromReply(reply({"port", "6380", "appendonly", "no", "dir", "/var/lib/my redis"}),
                                      &doc, &error));
        QCOMPARE(lines(doc), (QList<QByteArray>{"appendonly no", "dir \"/var/lib/my redis\"", "port 6380"}));
        for (const ConfigLine &l : doc.lines())
            QCOMPARE(l.kind, ConfigLine::Kind::Directive);
        QCOMPARE(doc.effective("dir"), (QList<QByteArray>{"/var/lib/my redis"}));
    }

    void emptyValueIsQuoted()
    {
        const ConfigDocument doc = LiveConfig::fromPairs({{"logfile", ""}});
        QCOMPARE(lines(doc), (QList<QByteArray>{"logfile \"\""}));
        QCOMPARE(doc.effective("logfile"), (QList<QByteArray>{QByteArray()}));
    }

    void saveSplitsIntoPairs()
    {
        const ConfigDocument doc = LiveConfig::fromPairs({{"save", "3600 1 300 100 60 10000"}});
        QCOMPARE(lines(doc), (QList<QByteArray>{"save 3600 1", "save 300 100", "save 60 10000"}));
        QCOMPARE(LiveConfig::fromPairs({{"save", ""}}).lines().first().raw, QByteArray("save \"\""));
    }

    void clientOutputBufferLimitSplitsPerClass()
    {
        const ConfigDocument doc = LiveConfig::fromPairs(
            {{"client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"}});
        QCOMPARE(lines(doc), (QList<QByteArray>{"client-output-buffer-limit normal 0 0 0",
                                                "client-output-buffer-limit slave 268435456 67108864 60",
                                                "client-output-buffer-limit pubsub 33554432 8388608 60"}));
    }

    void multiArgStaysOnOneLine()
    {
        const ConfigDocument doc = LiveConfig::fromPairs({{"bind", "* -::*"}, {"oom-score-adj-values", "0 200 800"}});
        QCOMPARE(lines(doc), (QList<QByteArray>{"bind * -::*", "oom-score-adj-values 0 200 800"}));
    }

    void aliasesFoldIntoCanonicalNames()
    {
        const ConfigDocument doc = LiveConfig::fromPairs(
            {{"slave-read-only", "yes"}, {"replica-read-only", "yes"}, {"slaveof", ""}, {"replicaof", ""}});
        // A master's empty replicaof is no line at all, as CONFIG REWRITE writes it.
        QCOMPARE(lines(doc), (QList<QByteArray>{"replica-read-only yes"}));
    }

    void secretsHiddenByDefault()
    {
        const QList<QPair<QByteArray, QByteArray>> pairs = {
            {"requirepass", "s3cret"}, {"masterauth", "other-secret"}, {"port", "1"}};
        const QByteArray text = LiveConfig::fromPairs(pairs).toBytes();
        QVERIFY(!text.contains("s3cret"));
        QVERIFY(!text.contains("other-secret"));
        QVERIFY(text.contains(QByteArray("requirepass " + LiveConfig::placeholder())));
        QVERIFY(text.contains(QByteArray("masterauth " + LiveConfig::placeholder())));

        const QByteArray shown = LiveConfig::fromPairs(pairs, LiveConfig::Secrets::Show).toBytes();
        QVERIFY(shown.contains("requirepass s3cret\n"));
        QVERIFY(shown.contains("masterauth other-secret\n"));
    }

    void emptySecretIsNotMasked()
    {
        // "no password" is not a secret, and hiding it would hide an unprotected node.
        QCOMPARE(LiveConfig::fromPairs({{"requirepass", ""}}).toBytes(), QByteArray("requirepass \"\"\n"));
    }

    void oddReplyIsRejected()
    {
        ConfigDocument doc;
        QString error;
        QVERIFY(!LiveConfig::fromReply(reply({"port"}), &doc, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!LiveConfig::fromReply(RespValue::status("OK"), &doc, &error));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestLiveConfig)
#include "tst_liveconfig.moc"
