#include "TestRegistry.h"
#include "topology/MetricHistory.h"

#include <QTest>

// The chart history keeps what a chart needs and nothing more: one sample per snapshot,
// a bounded window, bounded memory, and vanished nodes forgotten after a while.
class TestMetricHistory : public QObject
{
    Q_OBJECT

private:
    static const QDateTime &t0()
    {
        static const QDateTime t = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
        return t;
    }
    static TopologyNode node(const QString &address, qint64 ops, qint64 memory, qint64 atSec)
    {
        TopologyNode n;
        n.address = address;
        n.reachability = NodeReachability::Up;
        n.hasSnapshot = true;
        n.snapshot.takenAt = t0().addSecs(atSec);
        n.snapshot.instantaneousOpsPerSec = ops;
        n.snapshot.usedMemory = memory;
        return n;
    }
    // A master and one replica lagging `lag` bytes, both sampled at t0 + sec.
    static Topology pair(qint64 sec, qint64 lag)
    {
        Topology t;
        t.takenAt = t0().addSecs(sec);
        t.nodes << node(QStringLiteral("m:1"), 100 + sec, 1000 + sec, sec)
                << node(QStringLiteral("r:1"), 5, 900, sec);
        TopologyEdge e;
        e.master = QStringLiteral("m:1");
        e.replica = QStringLiteral("r:1");
        e.linkUp = true;
        e.lagBytes = lag;
        e.lagSeconds = lag / 100;
        t.edges << e;
        return t;
    }

private Q_SLOTS:
    void recordsOneSamplePerSnapshot()
    {
        MetricHistory history;
        for (int s = 0; s < 5; ++s) {
            history.record(pair(s, s * 100));
            history.record(pair(s, s * 100));  // the monitor repeats unchanged snapshots
        }
        QCOMPARE(history.nodes(), QStringList({QStringLiteral("m:1"), QStringLiteral("r:1")}));
        const QList<MetricSample> samples = history.samples(QStringLiteral("m:1"));
        QCOMPARE(samples.size(), 5);
        QCOMPARE(samples.first().opsPerSec, 100);
        QCOMPARE(samples.last().opsPerSec, 104);
        QCOMPARE(samples.last().usedMemory, 1004);
        QVERIFY(!samples.last().lagBytes.has_value());  // a master has no lag of its own
        QCOMPARE(history.latestMs(), t0().addSecs(4).toMSecsSinceEpoch());
    }

    void seriesPerMetric()
    {
        MetricHistory history;
        for (int s = 0; s < 3; ++s)
            history.record(pair(s, s * 300));
        const QList<QPointF> lag = history.series(QStringLiteral("r:1"), MetricHistory::Metric::LagBytes);
        QCOMPARE(lag.size(), 3);
        QCOMPARE(lag.at(2), QPointF(double(t0().addSecs(2).toMSecsSinceEpoch()), 600.0));
        const QList<QPointF> lagSec = history.series(QStringLiteral("r:1"), MetricHistory::Metric::LagSeconds);
        QCOMPARE(lagSec.at(2).y(), 6.0);
        QCOMPARE(history.series(QStringLiteral("m:1"), MetricHistory::Metric::LagBytes).size(), 0);
        QCOMPARE(history.series(QStringLiteral("m:1"), MetricHistory::Metric::OpsPerSec).size(), 3);
        QCOMPARE(history.series(QStringLiteral("m:1"), MetricHistory::Metric::UsedMemory).at(1).y(), 1001.0);
        QVERIFY(history.series(QStringLiteral("nobody:1"), MetricHistory::Metric::OpsPerSec).isEmpty());
    }

    void windowDropsOldSamples()
    {
        MetricHistory history(60 * 1000);
        for (int s = 0; s < 180; s += 2)
            history.record(pair(s, 0));
        const QList<MetricSample> samples = history.samples(QStringLiteral("m:1"));
        QVERIFY(!samples.isEmpty());
        QVERIFY(samples.first().atMs >= t0().addSecs(178 - 60).toMSecsSinceEpoch());
        QCOMPARE(samples.last().atMs, t0().addSecs(178).toMSecsSinceEpoch());
        QCOMPARE(samples.size(), 31);
    }

    void ringIsBounded()
    {
        MetricHistory history(24 * 3600 * 1000, 50);
        for (int s = 0; s < 500; ++s)
            history.record(pair(s, s));
        const QList<MetricSample> samples = history.samples(QStringLiteral("r:1"));
        QCOMPARE(samples.size(), 50);
        // Oldest first, contiguous, the newest kept.
        for (int i = 0; i < samples.size(); ++i)
            QCOMPARE(samples.at(i).atMs, t0().addSecs(450 + i).toMSecsSinceEpoch());
    }

    void ringKeepsOrderAfterWindowTrim()
    {
        // Trimming by time frees slots in the middle of the ring; growing again must not
        // scramble the order.
        MetricHistory history(10 * 1000, 40);
        for (int s = 0; s < 30; ++s)
            history.record(pair(s, 0));
        for (int s = 30; s < 200; s += 1)
            history.record(pair(s, 0));
        const QList<MetricSample> samples = history.samples(QStringLiteral("m:1"));
        QCOMPARE(samples.size(), 11);
        for (int i = 1; i < samples.size(); ++i)
            QVERIFY(samples.at(i - 1).atMs < samples.at(i).atMs);
    }

    void downNodeLeavesAGap()
    {
        MetricHistory history;
        history.record(pair(0, 0));
        Topology t = pair(1, 0);
        t.nodes[1].reachability = NodeReachability::Unreachable;  // stale snapshot kept
        t.nodes[1].snapshot.takenAt = t0();
        history.record(t);
        t = pair(2, 0);
        t.nodes[1].reachability = NodeReachability::Unreachable;
        history.record(t);
        QCOMPARE(history.samples(QStringLiteral("r:1")).size(), 1);
        QCOMPARE(history.samples(QStringLiteral("m:1")).size(), 3);
    }

    void vanishedNodesAreForgotten()
    {
        MetricHistory history(60 * 1000);
        history.setRetentionMs(30 * 1000);
        history.record(pair(0, 0));
        for (int s = 1; s <= 40; ++s) {
            Topology t = pair(s, 0);
            t.nodes.removeLast();
            t.edges.clear();
            history.record(t);
            if (s == 20)
                QVERIFY(history.contains(QStringLiteral("r:1")));  // may come back
        }
        QVERIFY(!history.contains(QStringLiteral("r:1")));
        QVERIFY(history.contains(QStringLiteral("m:1")));
    }

    void clearForgetsEverything()
    {
        MetricHistory history;
        history.record(pair(0, 0));
        history.clear();
        QVERIFY(history.nodes().isEmpty());
        QCOMPARE(history.latestMs(), 0);
    }
};

TANDEM_TEST_APPLESS_MAIN(TestMetricHistory)
#include "tst_metrichistory.moc"
