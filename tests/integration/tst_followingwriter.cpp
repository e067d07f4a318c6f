// FollowingWriter against real servers: it counts acknowledged writes, follows a manual
// promotion (REPLICAOF NO ONE + repoint) to the new master, and missingOn() counts exactly the
// acknowledged writes the new master does not have: some when the old master acknowledged
// writes after the replica was promoted, none when the replica caught up first.
#include "BlockingRedis.h"
#include "FollowingWriter.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>

class tst_FollowingWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void countsAcknowledgedWrites();
    void followsNaivePromotionAndCountsLostWrites();
    void losesNothingWhenReplicaCaughtUpFirst();
    void followsWithPassword();

private:
    // Makes `to` the master and `from` its replica the naive way; between the two steps the
    // writer may keep writing to `from` for `gapAcks` acknowledged writes.
    void naivePromote(FollowingWriter *writer, qint64 gapAcks);
    // Independently of missingOn(): acknowledged values absent from the list on `address`.
    static qint64 missingByHand(const FollowingWriter &writer, const QString &address, const QByteArray &key,
                                const QString &password = {});
    static QByteArray key(const char *name) { return QByteArrayLiteral("fw:") + name; }

    ReplicationLab m_lab;
    QString m_master;   // whichever node is master now ("a" or "b")
    QString m_replica;
};

void tst_FollowingWriter::initTestCase()
{
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
        return;
    QVERIFY2(m_lab.addMaster(QStringLiteral("a")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("b"), QStringLiteral("a")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.waitLinked(), qPrintable(m_lab.errorString()));
    m_master = m_lab.address(QStringLiteral("a"));
    m_replica = m_lab.address(QStringLiteral("b"));
}

void tst_FollowingWriter::init()
{
    QString why;
    QVERIFY2(BlockingRedis::waitConverged(m_master, {m_replica}, {}, 10000, &why), qPrintable(why));
}

qint64 tst_FollowingWriter::missingByHand(const FollowingWriter &writer, const QString &address, const QByteArray &key,
                                          const QString &password)
{
    BlockingRedis r(address, password);
    const BlockingRedis::Reply list = r.call({QByteArrayLiteral("LRANGE"), key, QByteArrayLiteral("0"), QByteArrayLiteral("-1")});
    if (!list.ok)
        return -1;
    QSet<qint64> present;
    for (const QByteArray &v : list.elements)
        present.insert(v.toLongLong());
    qint64 missing = 0;
    for (const qint64 v : writer.acknowledgedValues())
        missing += present.contains(v) ? 0 : 1;
    return missing;
}

void tst_FollowingWriter::naivePromote(FollowingWriter *writer, qint64 gapAcks)
{
    BlockingRedis candidate(m_replica);
    BlockingRedis old(m_master);
    QVERIFY(candidate.call({QByteArrayLiteral("REPLICAOF"), QByteArrayLiteral("NO"), QByteArrayLiteral("ONE")}).ok);
    // The old master still accepts (and acknowledges) writes the new master will never see.
    if (gapAcks > 0)
        QVERIFY(writer->waitForMore(gapAcks, 5000));
    const QString port = m_replica.mid(m_replica.lastIndexOf(QLatin1Char(':')) + 1);
    QVERIFY(old.call({QByteArrayLiteral("REPLICAOF"), QByteArrayLiteral("127.0.0.1"), port.toLatin1()}).ok);
    std::swap(m_master, m_replica);
}

void tst_FollowingWriter::countsAcknowledgedWrites()
{
    FollowingWriter writer({m_master, m_replica}, {}, key("count"));
    QElapsedTimer timer;
    timer.start();
    writer.start();
    QVERIFY(writer.waitForMore(5000, 10000));
    writer.stop();
    const double perSecond = 1000.0 * double(writer.acknowledged()) / double(qMax<qint64>(1, timer.elapsed()));
    qInfo("%lld writes acknowledged, %.0f per second", writer.acknowledged(), perSecond);

    QCOMPARE(writer.currentNode(), m_master);
    QCOMPARE(writer.failedWrites(), qint64(0));
    // Every write went to a healthy master: the list holds exactly the acknowledged values.
    BlockingRedis master(m_master);
    QCOMPARE(master.call({QByteArrayLiteral("LLEN"), key("count")}).text.toLongLong(), writer.acknowledged());
    QCOMPARE(qint64(writer.acknowledgedValues().size()), writer.acknowledged());
    QCOMPARE(writer.missingOn(m_master), qint64(0));
    // A full-speed writer on loopback does tens of thousands of writes per second; even a
    // loaded debug build must not be slower than this.
    QVERIFY2(perSecond > 2000, qPrintable(QString::number(perSecond)));
    QVERIFY(writer.longestGapMs() < 1000);
}

void tst_FollowingWriter::followsNaivePromotionAndCountsLostWrites()
{
    const QByteArray k = key("naive");
    FollowingWriter writer({m_master, m_replica}, {}, k);
    writer.start();
    QVERIFY(writer.waitForMore(2000, 10000));
    const QString oldMaster = m_master;
    // 200 acknowledged writes land on the old master after the candidate stopped replicating.
    naivePromote(&writer, 200);
    const QString newMaster = m_master;
    QVERIFY2(writer.waitForAcksOn(newMaster, 2000, 10000), qPrintable(writer.currentNode()));
    writer.stop();
    QVERIFY(writer.failedWrites() >= 1);   // the demoted master answered READONLY

    QString why;
    QVERIFY2(BlockingRedis::waitConverged(newMaster, {oldMaster}, {}, 10000, &why), qPrintable(why));
    const qint64 missing = writer.missingOn(newMaster);
    qInfo("acknowledged %lld, lost by the naive promotion %lld", writer.acknowledged(), missing);
    QVERIFY(missing >= 200);
    QCOMPARE(missing, missingByHand(writer, newMaster, k));
    // The old master resynced from the new one: it lost them too.
    QCOMPARE(writer.missingOn(oldMaster), missing);
    // Consistent with the lists: what is not missing is on the new master.
    BlockingRedis master(newMaster);
    const qint64 length = master.call({QByteArrayLiteral("LLEN"), k}).text.toLongLong();
    QVERIFY(writer.acknowledged() - missing <= length);
    QVERIFY(writer.longestGapMs() < 2000);
}

void tst_FollowingWriter::losesNothingWhenReplicaCaughtUpFirst()
{
    const QByteArray k = key("caughtup");
    FollowingWriter writer({m_master, m_replica}, {}, k);
    writer.start();
    QVERIFY(writer.waitForMore(2000, 10000));
    writer.stop();
    const qint64 before = writer.acknowledged();
    QString why;
    QVERIFY2(BlockingRedis::waitConverged(m_master, {m_replica}, {}, 10000, &why), qPrintable(why));

    const QString oldMaster = m_master;
    naivePromote(&writer, 0);
    const QString newMaster = m_master;
    // The same writer starts again on its first address, now a replica, and finds the master.
    writer.start();
    QVERIFY2(writer.waitForAcksOn(newMaster, 1000, 10000), qPrintable(writer.currentNode()));
    writer.stop();
    QVERIFY(writer.acknowledged() >= before + 1000);

    QVERIFY2(BlockingRedis::waitConverged(newMaster, {oldMaster}, {}, 10000, &why), qPrintable(why));
    QCOMPARE(writer.missingOn(newMaster), qint64(0));
    QCOMPARE(writer.missingOn(oldMaster), qint64(0));
    QCOMPARE(missingByHand(writer, newMaster, k), qint64(0));
}

void tst_FollowingWriter::followsWithPassword()
{
    ReplicationLab lab;
    const QString password = QStringLiteral("fw-secret");
    lab.setPassword(password);
    QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(lab.errorString()));
    QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));
    const QString m = lab.address(QStringLiteral("m"));
    const QString r = lab.address(QStringLiteral("r"));

    // Given only the replica, the writer asks it for its master and writes there.
    FollowingWriter writer({r}, password, key("auth"));
    writer.start();
    QVERIFY2(writer.waitForAcksOn(m, 500, 10000), qPrintable(writer.currentNode()));
    writer.stop();
    QString why;
    QVERIFY2(BlockingRedis::waitConverged(m, {r}, password, 10000, &why), qPrintable(why));
    QCOMPARE(writer.missingOn(r), qint64(0));
    // Without the password the list cannot be read: not a silent zero.
    FollowingWriter anonymous({m}, {}, key("auth"));
    QCOMPARE(anonymous.missingOn(m), qint64(-1));
}

TANDEM_TEST_GUILESS_MAIN(tst_FollowingWriter)
#include "tst_followingwriter.moc"
