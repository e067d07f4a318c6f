#include "FakeInfo.h"
#include "TestRegistry.h"

#include "ops/MasterFence.h"
#include "topology/TopologyBuilder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// The fence's decisions on synthetic topologies (no server): it asks once per return, never
// lifts itself on a view taken before the failover, lifts when the old master follows the
// group, follows a later switchover, and keeps its entries in a file that survives restarts.
class TestMasterFence : public QObject
{
    Q_OBJECT

private:
    static QString addr(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }
    static QString lo() { return QStringLiteral("127.0.0.1"); }
    // Snapshots "from the future" are newer than any fence set by the test; "past" ones older.
    static QDateTime later() { return QDateTime::currentDateTimeUtc().addSecs(5); }
    static QDateTime earlier() { return QDateTime::currentDateTimeUtc().addSecs(-5); }
    static Topology build(const QList<NodeObservation> &obs) { return TopologyBuilder::build(obs, later()); }

    // After the failover 7000 -> 7001: 7001 master, 7002 follows it; 7000 as given.
    static Topology afterFailover(const NodeObservation &old, const QDateTime &at = later())
    {
        return build({old, FakeInfo::master(7001, 9000).addReplica(lo(), 7002, 9000).up(addr(7001), at),
                      FakeInfo::replica(7002, lo(), 7001, 9000).up(addr(7002), at)});
    }
    static NodeObservation returnedMaster() { return FakeInfo::master(7000, 20).up(addr(7000), later()); }
    static NodeObservation dead() { return FakeInfo::master(7000, 8000).stale(addr(7000), NodeReachability::Unreachable, earlier()); }

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;

private Q_SLOTS:
    void promptsOncePerReturn();
    void staleViewAfterFailoverDoesNotLift();
    void liftsWhenOldMasterFollowsTheGroup();
    void liftsWhenGroupConvergedOnOldMaster();
    void targetFollowsALaterSwitchover();
    void automaticWithoutConnectionsReportsFailure();
    void persistsAcrossRestarts();
    void unreadableFileIsReported();
};

void TestMasterFence::promptsOncePerReturn()
{
    MasterFence fence(nullptr, path(QStringLiteral("prompt.json")));
    fence.setMode(MasterFence::Mode::Prompt);
    fence.add(addr(7000), addr(7001));
    QSignalSpy needed(&fence, &MasterFence::fenceNeeded);
    fence.observe(afterFailover(dead()));
    QCOMPARE(needed.count(), 0);
    fence.observe(afterFailover(returnedMaster()));
    fence.observe(afterFailover(returnedMaster()));
    QCOMPARE(needed.count(), 1);
    QCOMPARE(needed.first().at(0).toString(), addr(7000));
    QCOMPARE(needed.first().at(1).toString(), addr(7001));
    // Gone again (seen up after the prompt), then back: a new question.
    fence.observe(afterFailover(FakeInfo::master(7000, 20).stale(addr(7000), NodeReachability::Unreachable, later())));
    fence.observe(afterFailover(returnedMaster()));
    QCOMPARE(needed.count(), 2);
    QVERIFY(fence.isFenced(addr(7000)));
}

void TestMasterFence::staleViewAfterFailoverDoesNotLift()
{
    // Right after the failover the topology may still show the new master's old snapshot, as a
    // replica of the (returned) old master: that must not count as "the group chose 7000".
    MasterFence fence(nullptr, path(QStringLiteral("stale.json")));
    fence.setMode(MasterFence::Mode::Prompt);
    fence.add(addr(7000), addr(7001));
    QSignalSpy needed(&fence, &MasterFence::fenceNeeded);
    QSignalSpy lifted(&fence, &MasterFence::lifted);
    fence.observe(build({returnedMaster(),
                         FakeInfo::replica(7001, lo(), 7000, 8000).up(addr(7001), earlier()),
                         FakeInfo::replica(7002, lo(), 7000, 8000).up(addr(7002), earlier())}));
    QCOMPARE(lifted.count(), 0);
    QCOMPARE(needed.count(), 1);
    QCOMPARE(needed.first().at(1).toString(), addr(7001));
    QVERIFY(fence.isFenced(addr(7000)));
}

void TestMasterFence::liftsWhenOldMasterFollowsTheGroup()
{
    MasterFence fence(nullptr, path(QStringLiteral("follow.json")));
    fence.add(addr(7000), addr(7001));
    QSignalSpy lifted(&fence, &MasterFence::lifted);
    // A replica of 7000 from before the fence proves nothing.
    fence.observe(afterFailover(FakeInfo::replica(7000, lo(), 7001, 9000).up(addr(7000), earlier()), earlier()));
    QCOMPARE(lifted.count(), 0);
    // Below a sibling of the new master is fine too: it is in the group.
    fence.observe(afterFailover(FakeInfo::replica(7000, lo(), 7002, 9000).up(addr(7000), later())));
    QCOMPARE(lifted.count(), 1);
    QCOMPARE(lifted.first().first().toString(), addr(7000));
    QVERIFY(!fence.isFenced(addr(7000)));
    QVERIFY(MasterFence(nullptr, path(QStringLiteral("follow.json"))).entries().isEmpty());
}

void TestMasterFence::liftsWhenGroupConvergedOnOldMaster()
{
    MasterFence fence(nullptr, path(QStringLiteral("converged.json")));
    fence.setMode(MasterFence::Mode::Prompt);
    fence.add(addr(7000), addr(7001));
    QSignalSpy lifted(&fence, &MasterFence::lifted);
    QSignalSpy needed(&fence, &MasterFence::fenceNeeded);
    fence.observe(build({FakeInfo::master(7000, 9000).addReplica(lo(), 7001, 9000).up(addr(7000), later()),
                         FakeInfo::replica(7001, lo(), 7000, 9000).up(addr(7001), later())}));
    QCOMPARE(lifted.count(), 1);
    QCOMPARE(needed.count(), 0);
}

void TestMasterFence::targetFollowsALaterSwitchover()
{
    MasterFence fence(nullptr, path(QStringLiteral("moved.json")));
    fence.setMode(MasterFence::Mode::Prompt);
    fence.add(addr(7000), addr(7001));
    QSignalSpy needed(&fence, &MasterFence::fenceNeeded);
    // Meanwhile 7002 took over from 7001.
    fence.observe(build({returnedMaster(), FakeInfo::master(7002, 9500).addReplica(lo(), 7001, 9500).up(addr(7002), later()),
                         FakeInfo::replica(7001, lo(), 7002, 9500).up(addr(7001), later())}));
    QCOMPARE(needed.count(), 1);
    QCOMPARE(needed.first().at(1).toString(), addr(7002));
}

void TestMasterFence::automaticWithoutConnectionsReportsFailure()
{
    MasterFence fence(nullptr, path(QStringLiteral("auto.json")));
    fence.add(addr(7000), addr(7001));
    QSignalSpy failed(&fence, &MasterFence::demoteFailed);
    fence.observe(afterFailover(returnedMaster()));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().first().toString(), addr(7000));
    QVERIFY(fence.isFenced(addr(7000)));
}

void TestMasterFence::persistsAcrossRestarts()
{
    const QString file = path(QStringLiteral("sub/dir/fences.json"));
    {
        MasterFence fence(nullptr, file);
        fence.add(addr(7000), addr(7001));
        fence.add(addr(7100), addr(7101));
        fence.add(addr(7000), addr(7002));  // replaces the first
        fence.add(addr(7200), addr(7200));  // nonsense: ignored
        QVERIFY2(fence.errorString().isEmpty(), qPrintable(fence.errorString()));
    }
    MasterFence again(nullptr, file);
    QCOMPARE(again.entries().size(), 2);
    QCOMPARE(again.entries().at(0).oldMaster, addr(7000));
    QCOMPARE(again.entries().at(0).newMaster, addr(7002));
    QVERIFY(again.entries().at(0).since.isValid());
    QVERIFY(again.isFenced(QStringLiteral("localhost:7100")));  // loopback spellings are one host
    again.remove(addr(7100));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(root.value(QStringLiteral("fences")).toArray().size(), 1);
    QCOMPARE(MasterFence(nullptr, file).entries().size(), 1);
}

void TestMasterFence::unreadableFileIsReported()
{
    const QString file = path(QStringLiteral("broken.json"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{ not json");
    f.close();
    MasterFence fence(nullptr, file);
    QVERIFY(fence.entries().isEmpty());
    QVERIFY(fence.errorString().contains(QLatin1String("not a fence file")));
}

TANDEM_TEST_GUILESS_MAIN(TestMasterFence)
#include "tst_masterfence.moc"
