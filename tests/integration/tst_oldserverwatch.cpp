#include "PinnedWriter.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "migrate/OldServerWatch.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

// OldServerWatch on a real read-only replica that a client keeps writing to (what the old
// server sees after a cutover from clients that were not repointed): the refused writes are
// counted as they come, the watch goes quiet once they stop, and a server that goes away is
// reported as unreachable.
class TestOldServerWatch : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ReplicationLab> m_lab;

private Q_SLOTS:
    void initTestCase()
    {
        TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server"));
    }

    void init()
    {
        m_lab = std::make_unique<ReplicationLab>();
        QVERIFY2(m_lab->addMaster(QStringLiteral("m")), qPrintable(m_lab->errorString()));
        QVERIFY2(m_lab->addReplica(QStringLiteral("old"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
        QVERIFY2(m_lab->waitLinked(), qPrintable(m_lab->errorString()));
    }

    void cleanup() { m_lab.reset(); }

    void countsRefusedWritesUntilQuiet()
    {
        OldServerWatch watch(m_lab->profile(QStringLiteral("old")), nullptr);
        QSignalSpy attempts(&watch, &OldServerWatch::attempts);
        QSignalSpy quiet(&watch, &OldServerWatch::quiet);
        QSignalSpy unreachable(&watch, &OldServerWatch::unreachable);
        watch.start(3);
        QVERIFY(attempts.wait(3000));   // the baseline is taken; one quiet second
        QCOMPARE(attempts.last().at(0).toLongLong(), 0);

        PinnedWriter writer(m_lab->address(QStringLiteral("old")));
        writer.start();
        QVERIFY(writer.waitForRefusals(100, 5000));
        QVERIFY(QTest::qWaitFor([&] { return !attempts.isEmpty() && attempts.last().at(1).toLongLong() > 0; }, 3000));
        const qint64 seen = attempts.last().at(0).toLongLong();
        QVERIFY(QTest::qWaitFor([&] { return attempts.last().at(0).toLongLong() > seen; }, 3000));
        QVERIFY(quiet.isEmpty());
        writer.stop();
        QVERIFY(writer.lastError().startsWith(QStringLiteral("READONLY")));

        // Three seconds without a refused write: quiet, and every refusal was counted.
        QVERIFY(quiet.wait(8000));
        QCOMPARE(attempts.last().at(0).toLongLong(), writer.refused());
        QCOMPARE(attempts.last().at(1).toLongLong(), 0);
        QVERIFY(unreachable.isEmpty());
        const qsizetype after = attempts.size();
        QTest::qWait(1500);
        QCOMPARE(attempts.size(), after);   // stopped
    }

    void aServerThatGoesAwayIsUnreachable()
    {
        OldServerWatch watch(m_lab->profile(QStringLiteral("old")), nullptr);
        QSignalSpy attempts(&watch, &OldServerWatch::attempts);
        QSignalSpy unreachable(&watch, &OldServerWatch::unreachable);
        watch.start();
        QVERIFY(attempts.wait(3000));
        m_lab->stop(QStringLiteral("old"));
        QVERIFY(unreachable.wait(5000));
        QVERIFY(!unreachable.first().first().toString().isEmpty());
        QTest::qWait(2500);
        QCOMPARE(unreachable.size(), 1);   // said once, not every second
        watch.stop();
    }
};

TANDEM_TEST_GUILESS_MAIN(TestOldServerWatch)
#include "tst_oldserverwatch.moc"
