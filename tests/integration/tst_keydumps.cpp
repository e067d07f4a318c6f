// KeyDumps against real servers: the key copy (the copy tools' way, bench_migrate's baseline)
// moves every key of every db with its TTL, and the compare then finds nothing; a key missing
// on one side, a changed TTL and a key only the other side has are each one difference.
#include "BlockingRedis.h"
#include "DatasetFiller.h"
#include "KeyDumps.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QTest>

class tst_KeyDumps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void copiesEveryKeyWithItsTtl();

private:
    static QString addressOf(const RedisServer &s) { return QStringLiteral("127.0.0.1:%1").arg(s.port()); }
};

void tst_KeyDumps::initTestCase()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
}

void tst_KeyDumps::copiesEveryKeyWithItsTtl()
{
    RedisServer source, target;
    QVERIFY2(source.start() && target.start(), qPrintable(source.errorString() + target.errorString()));
    DatasetFiller::Spec spec;
    spec.keys = 20000;
    spec.bytes = 2000000;
    spec.dbs = {0, 3, 7};
    spec.ttlFraction = 0.3;
    QVERIFY(DatasetFiller::fill(addressOf(source), spec).ok());

    const KeyDumps::Copied copied = KeyDumps::copy(addressOf(source), addressOf(target), 1000);
    QVERIFY2(copied.ok(), qPrintable(copied.error));
    QCOMPARE(copied.keys, spec.keys);
    const QList<DatasetFiller::DbKeys> before = DatasetFiller::keyspace(addressOf(source));
    const QList<DatasetFiller::DbKeys> after = DatasetFiller::keyspace(addressOf(target));
    QCOMPARE(after.size(), before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        QCOMPARE(after[i].db, before[i].db);
        QCOMPARE(after[i].keys, before[i].keys);
        QCOMPARE(after[i].expires, before[i].expires);
    }
    const KeyDumps::Compared same = KeyDumps::compare(addressOf(source), addressOf(target));
    QVERIFY2(same.ok(), qPrintable(same.error));
    QCOMPARE(same.keys, spec.keys);
    QVERIFY2(same.differing == 0, qPrintable(same.examples.join(QLatin1Char('\n'))));

    // db 0 loses a key, db 3 gets a TTL changed by a minute, db 7 a key the source lacks.
    BlockingRedis t(addressOf(target));
    QCOMPARE(t.call({"DEL", t.call({"RANDOMKEY"}).text}).text, QByteArray("1"));
    t.call({"SELECT", "3"});
    const QByteArray keyIn3 = t.call({"RANDOMKEY"}).text;
    const qint64 pttl = t.call({"PTTL", keyIn3}).text.toLongLong();
    t.call({"PEXPIRE", keyIn3, QByteArray::number((pttl > 0 ? pttl : 3600000) + 60000)});
    t.call({"SELECT", "7"});
    t.call({"SET", "only-on-target", "x"});
    const KeyDumps::Compared changed = KeyDumps::compare(addressOf(source), addressOf(target));
    QVERIFY2(changed.ok(), qPrintable(changed.error));
    QVERIFY2(changed.differing == 3, qPrintable(changed.examples.join(QLatin1Char('\n'))));
}

TANDEM_TEST_GUILESS_MAIN(tst_KeyDumps)
#include "tst_keydumps.moc"
