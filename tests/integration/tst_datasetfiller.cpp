// DatasetFiller against a real redis-server: 20k keys over dbs 0, 3 and 7 land with the
// counts, types, TTL share and byte size asked for; the same seed gives the same data on
// another server (KeyDumps::compare finds no difference, and finds one changed set member)
// and another seed does not; short TTLs really expire.
#include "BlockingRedis.h"
#include "DatasetFiller.h"
#include "KeyDumps.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QTest>
#include <QThread>

#include <array>

class tst_DatasetFiller : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fillsEveryTypeOverTheDbs();
    void sameSeedSameData();
    void shortTtlsExpire();

private:
    static DatasetFiller::Spec spec20k();
    // Every key of `db` by SCAN, with its TYPE.
    static QList<QPair<QByteArray, QByteArray>> keysWithTypes(const QString &address, int db);
};

void tst_DatasetFiller::initTestCase()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
}

DatasetFiller::Spec tst_DatasetFiller::spec20k()
{
    DatasetFiller::Spec spec;
    spec.keys = 20000;
    spec.bytes = 2000000;   // ~100 bytes a key, as the 1M-key / 100 MB benchmark
    spec.dbs = {0, 3, 7};
    spec.ttlFraction = 0.25;
    spec.seed = 42;
    return spec;
}

QList<QPair<QByteArray, QByteArray>> tst_DatasetFiller::keysWithTypes(const QString &address, int db)
{
    QList<QPair<QByteArray, QByteArray>> out;
    BlockingRedis redis(address, {}, 10000);
    redis.call({"SELECT", QByteArray::number(db)});
    QByteArray cursor = "0";
    do {
        const BlockingRedis::Reply page = redis.call({"SCAN", cursor, "COUNT", "1000"});
        if (!page.ok || page.elements.isEmpty())
            return {};
        cursor = page.elements.first();
        const QByteArrayList keys = page.arrays.value(0);
        for (const QByteArray &k : keys)
            redis.append({"TYPE", k});
        for (const QByteArray &k : keys)
            out.append({k, redis.reply().text});
    } while (cursor != "0");
    return out;
}

void tst_DatasetFiller::fillsEveryTypeOverTheDbs()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(server.port());
    const DatasetFiller::Spec spec = spec20k();
    const DatasetFiller::Result result = DatasetFiller::fill(address, spec);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.keys, spec.keys);

    // Per db as INFO keyspace tells it: the keys split evenly, 1 in 4 with a TTL.
    const QList<DatasetFiller::DbKeys> dbs = DatasetFiller::keyspace(address);
    QCOMPARE(dbs.size(), 3);
    QCOMPARE(dbs[0].db, 0);
    QCOMPARE(dbs[1].db, 3);
    QCOMPARE(dbs[2].db, 7);
    QCOMPARE(dbs[0].keys, qint64(6667));
    QCOMPARE(dbs[1].keys, qint64(6667));
    QCOMPARE(dbs[2].keys, qint64(6666));
    QCOMPARE(DatasetFiller::totalKeys(dbs), spec.keys);
    qint64 expires = 0;
    for (const DatasetFiller::DbKeys &d : dbs)
        expires += d.expires;
    QCOMPARE(expires, result.withTtl);
    QVERIFY2(qAbs(double(expires) / double(spec.keys) - spec.ttlFraction) < 0.02, qPrintable(QString::number(expires)));

    // The payload comes to about the bytes asked for.
    QVERIFY2(qAbs(double(result.payloadBytes) / double(spec.bytes) - 1.0) < 0.15,
             qPrintable(QString::number(result.payloadBytes)));

    // Every key has the type its name says; all six types, in about the weights' shares.
    std::array<qint64, DatasetFiller::TypeCount> seen{};
    for (int db : spec.dbs) {
        for (const auto &[key, type] : keysWithTypes(address, db)) {
            const QByteArray named = key.split(':').value(1);
            QCOMPARE(type, named);
            for (int t = 0; t < DatasetFiller::TypeCount; ++t)
                seen[size_t(t)] += type == DatasetFiller::typeName(DatasetFiller::Type(t)) ? 1 : 0;
        }
    }
    int weightSum = 0;
    for (int w : spec.typeWeights)
        weightSum += w;
    for (int t = 0; t < DatasetFiller::TypeCount; ++t) {
        const QByteArray name = DatasetFiller::typeName(DatasetFiller::Type(t));
        QCOMPARE(seen[size_t(t)], result.perType[size_t(t)]);
        const double share = double(seen[size_t(t)]) / double(spec.keys);
        const double wanted = double(spec.typeWeights[size_t(t)]) / weightSum;
        QVERIFY2(qAbs(share - wanted) < 0.02, QByteArray(name + ' ' + QByteArray::number(share)).constData());
    }

    // A TTL is about an hour: nothing expires during a test.
    BlockingRedis redis(address);
    redis.call({"SELECT", "3"});
    qint64 checked = 0;
    for (int i = 1; i < 600 && checked < 20; i += 3) {   // keys of db 3: i % 3 == 1
        for (int t = 0; t < DatasetFiller::TypeCount; ++t) {
            const QByteArray key = spec.prefix + DatasetFiller::typeName(DatasetFiller::Type(t)) + ':' + QByteArray::number(i);
            const qint64 pttl = redis.call({"PTTL", key}).text.toLongLong();
            if (pttl > 0) {
                QVERIFY2(pttl > 3000000 && pttl <= 3960000, QByteArray(key + ' ' + QByteArray::number(pttl)).constData());
                ++checked;
            }
        }
    }
    QVERIFY(checked > 0);
}

void tst_DatasetFiller::sameSeedSameData()
{
    RedisServer a, b, c;
    QVERIFY2(a.start() && b.start() && c.start(), qPrintable(a.errorString() + b.errorString() + c.errorString()));
    auto addressOf = [](const RedisServer &s) { return QStringLiteral("127.0.0.1:%1").arg(s.port()); };
    DatasetFiller::Spec spec = spec20k();
    spec.keys = 3000;
    spec.bytes = 300000;
    QVERIFY(DatasetFiller::fill(addressOf(a), spec).ok());
    QVERIFY(DatasetFiller::fill(addressOf(b), spec).ok());
    spec.seed = 43;
    QVERIFY(DatasetFiller::fill(addressOf(c), spec).ok());

    // Same seed: the same keys, types, content and TTLs (sets compared by members: their
    // hashtable DUMPs in an order each server seeds).
    const KeyDumps::Compared same = KeyDumps::compare(addressOf(a), addressOf(b));
    QVERIFY2(same.ok(), qPrintable(same.error));
    QCOMPARE(same.keys, spec.keys);
    QVERIFY2(same.differing == 0, qPrintable(same.examples.join(QLatin1Char('\n'))));
    const KeyDumps::Compared other = KeyDumps::compare(addressOf(a), addressOf(c));
    QVERIFY2(other.differing > spec.keys * 9 / 10, qPrintable(QString::number(other.differing)));

    // One changed member of one set is one differing key.
    BlockingRedis rb(addressOf(b));
    for (int i = 0; i < 100; ++i) {
        const QByteArray key = spec.prefix + "set:" + QByteArray::number(i);
        rb.call({"SELECT", QByteArray::number(spec.dbs.at(i % spec.dbs.size()))});
        if (rb.call({"SPOP", key}).nil)
            continue;
        rb.call({"SADD", key, "changed"});
        break;
    }
    const KeyDumps::Compared changed = KeyDumps::compare(addressOf(a), addressOf(b));
    QCOMPARE(changed.differing, qint64(1));
}

void tst_DatasetFiller::shortTtlsExpire()
{
    RedisServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(server.port());
    DatasetFiller::Spec spec = spec20k();
    spec.keys = 5000;
    spec.bytes = 500000;
    spec.shortTtlFraction = 0.1;
    spec.shortTtlMs = 200;
    const DatasetFiller::Result result = DatasetFiller::fill(address, spec);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QVERIFY2(qAbs(double(result.withShortTtl) / double(spec.keys) - 0.1) < 0.02, qPrintable(QString::number(result.withShortTtl)));
    // Active expiry needs a moment; the long TTLs stay.
    QTRY_COMPARE_WITH_TIMEOUT(DatasetFiller::totalKeys(DatasetFiller::keyspace(address)), spec.keys - result.withShortTtl, 10000);
    qint64 expires = 0;
    for (const DatasetFiller::DbKeys &d : DatasetFiller::keyspace(address))
        expires += d.expires;
    QCOMPARE(expires, result.withTtl);
}

TANDEM_TEST_GUILESS_MAIN(tst_DatasetFiller)
#include "tst_datasetfiller.moc"
