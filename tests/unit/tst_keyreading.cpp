#include "TestRegistry.h"

#include "migrate/KeyReading.h"

#include <QTest>

Q_DECLARE_METATYPE(KeyReading)

// How the migration's dataset comparison reads one key and names a difference: the same
// value in another order or encoding is the same value, TTLs agree within the tolerance,
// and every difference is named the way the user reads it.
class TestKeyReading : public QObject
{
    Q_OBJECT

private:
    static KeyReading reading(const QByteArray &type, const QByteArray &fingerprint, qint64 pttl)
    {
        KeyReading r;
        r.type = type;
        r.fingerprint = fingerprint;
        r.pttl = pttl;
        return r;
    }
    static RespValue strings(const QByteArrayList &items)
    {
        QList<RespValue> e;
        for (const QByteArray &i : items)
            e.append(RespValue::string(i));
        return RespValue::array(e);
    }
    // One key's EXEC slice for Form::Canonical.
    static KeyReading canonical(const QByteArray &type, const RespValue &value)
    {
        return KeyReading::parse({RespValue::status(type), value, RespValue::integer(-1)}, 0,
                                 KeyReading::Form::Canonical, type);
    }

private Q_SLOTS:
    void ttlTolerance_data()
    {
        QTest::addColumn<qint64>("a");
        QTest::addColumn<qint64>("b");
        QTest::addColumn<bool>("close");
        QTest::newRow("no TTL on both") << qint64(-1) << qint64(-1) << true;
        QTest::newRow("missing on both") << qint64(-2) << qint64(-2) << true;
        QTest::newRow("TTL vs none") << qint64(5000) << qint64(-1) << false;
        QTest::newRow("none vs TTL") << qint64(-1) << qint64(0) << false;
        QTest::newRow("within") << qint64(5000) << qint64(3000) << true;
        QTest::newRow("beyond") << qint64(5000) << qint64(2999) << false;
    }
    void ttlTolerance()
    {
        QFETCH(qint64, a);
        QFETCH(qint64, b);
        QFETCH(bool, close);
        QCOMPARE(KeyReading::ttlClose(a, b, 2000), close);
    }

    void describe_data()
    {
        QTest::addColumn<KeyReading>("source");
        QTest::addColumn<KeyReading>("target");
        QTest::addColumn<QString>("what");
        const KeyReading missing;
        QTest::newRow("equal") << reading("hash", "x", -1) << reading("hash", "x", -1) << QString();
        QTest::newRow("expired on both") << missing << missing << QString();
        QTest::newRow("missing") << reading("string", "x", -1) << missing << QStringLiteral("missing on the target");
        QTest::newRow("only target") << missing << reading("set", "x", 10) << QStringLiteral("only on the target");
        QTest::newRow("type") << reading("string", "x", -1) << reading("hash", "y", -1) << QStringLiteral("type string vs hash");
        QTest::newRow("payload") << reading("list", "x", -1) << reading("list", "y", -1) << QStringLiteral("payload differs");
        QTest::newRow("ttl") << reading("list", "x", 5000) << reading("list", "x", -1) << QStringLiteral("TTL 5000 ms vs none");
        QTest::newRow("both") << reading("zset", "x", -1) << reading("zset", "y", 9000)
                              << QStringLiteral("payload differs; TTL none vs 9000 ms");
    }
    void describe()
    {
        QFETCH(KeyReading, source);
        QFETCH(KeyReading, target);
        QFETCH(QString, what);
        QCOMPARE(KeyReading::describe(source, target, 2000), what);
        QCOMPARE(KeyReading::same(source, target, 2000), what.isEmpty());
    }

    void canonicalFormIgnoresOrderWhereRedisHasNone()
    {
        // HGETALL and SMEMBERS order depends on the encoding and the hash seed.
        QCOMPARE(canonical("hash", strings({"a", "1", "b", "2"})).fingerprint,
                 canonical("hash", strings({"b", "2", "a", "1"})).fingerprint);
        QVERIFY(canonical("hash", strings({"a", "1", "b", "2"})).fingerprint
                != canonical("hash", strings({"a", "2", "b", "1"})).fingerprint);
        QCOMPARE(canonical("set", strings({"x", "y", "z"})).fingerprint, canonical("set", strings({"z", "x", "y"})).fingerprint);
        // A list's order is its value; strings are not split differently by concatenation.
        QVERIFY(canonical("list", strings({"a", "b"})).fingerprint != canonical("list", strings({"b", "a"})).fingerprint);
        QVERIFY(canonical("list", strings({"ab", "c"})).fingerprint != canonical("list", strings({"a", "bc"})).fingerprint);
        QVERIFY(canonical("set", strings({"ab", "c"})).fingerprint != canonical("set", strings({"a", "bc"})).fingerprint);
    }

    void dumpReadingOfAMissingKey()
    {
        const KeyReading r = KeyReading::parse({RespValue::status("none"), RespValue::nil(), RespValue::integer(-2)}, 0,
                                               KeyReading::Form::Dump, {});
        QVERIFY(!r.exists());
        QVERIFY(r.fingerprint.isEmpty());
        QCOMPARE(r.pttl, -2);
    }
};

TANDEM_TEST_GUILESS_MAIN(TestKeyReading)
#include "tst_keyreading.moc"
