#pragma once

#include "Topology.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// One reading of a node's vital numbers, taken from one INFO snapshot.
struct MetricSample
{
    qint64 atMs = 0;                   // ms since the epoch (UTC): when the snapshot was taken
    qint64 opsPerSec = 0;              // instantaneous_ops_per_sec
    qint64 usedMemory = 0;             // used_memory
    std::optional<qint64> lagBytes;    // only for replicas with a known master offset
    std::optional<qint64> lagSeconds;
};

// Short-term history of per-node metrics fed by successive Topology values, for charts.
// Pure data: no timers, no signals. Memory is bounded twice: each node keeps a fixed-size
// ring of samples, and samples older than the window are dropped. A node missing from the
// topology keeps its history for `retention` (it may come back after a restart) and is
// then forgotten. The monitor emits a topology whenever any node answers, so the same
// snapshot arrives many times: a sample is recorded only when the node's snapshot is newer.
class MetricHistory
{
public:
    enum class Metric { OpsPerSec, LagBytes, LagSeconds, UsedMemory };

    static constexpr qint64 DefaultWindowMs = 10 * 60 * 1000;
    static constexpr int DefaultCapacity = 1200;  // 10 min at two polls a second

    explicit MetricHistory(qint64 windowMs = DefaultWindowMs, int capacity = DefaultCapacity);

    void record(const Topology &topology);
    void clear();

    qint64 windowMs() const { return m_windowMs; }
    int capacity() const { return m_capacity; }
    // How long a vanished node's samples are kept; defaults to the window.
    qint64 retentionMs() const { return m_retentionMs; }
    void setRetentionMs(qint64 ms) { m_retentionMs = ms; }

    QStringList nodes() const;
    bool contains(const QString &address) const { return m_nodes.contains(address); }
    // Oldest first.
    QList<MetricSample> samples(const QString &address) const;
    // (ms since epoch, value) points, oldest first; samples without the metric are skipped.
    QList<QPointF> series(const QString &address, Metric metric) const;
    // Time of the newest sample of any node, 0 when empty: charts end their x axis there.
    qint64 latestMs() const { return m_latestMs; }

private:
    // Ring that grows up to the capacity on demand; `start` is the oldest sample.
    struct Ring
    {
        std::vector<MetricSample> buffer;
        int start = 0;
        int count = 0;
        qint64 lastSeenMs = 0;  // last topology that listed the node

        void push(const MetricSample &sample, int capacity);
        const MetricSample &at(int i) const;  // 0 = oldest
        const MetricSample *newest() const { return count ? &at(count - 1) : nullptr; }
        void dropOlderThan(qint64 cutoffMs);
    };

    static std::optional<qint64> metricValue(const MetricSample &sample, Metric metric);

    qint64 m_windowMs;
    int m_capacity;
    qint64 m_retentionMs;
    qint64 m_latestMs = 0;
    QHash<QString, Ring> m_nodes;
};
