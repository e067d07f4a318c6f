#include "MetricHistory.h"

#include <algorithm>

namespace {

// Topology::edgeTo without depending on the monitor's implementation file being linked.
const TopologyEdge *edgeTo(const Topology &topology, const QString &replica)
{
    for (const TopologyEdge &edge : topology.edges) {
        if (edge.replica == replica)
            return &edge;
    }
    return nullptr;
}

} // namespace

void MetricHistory::Ring::push(const MetricSample &sample, int capacity)
{
    const int size = int(buffer.size());
    if (count < size) {
        buffer[size_t((start + count) % size)] = sample;
        ++count;
        return;
    }
    if (size < capacity) {
        // Linearise first so that appending keeps the oldest-first order.
        std::rotate(buffer.begin(), buffer.begin() + start, buffer.end());
        start = 0;
        buffer.push_back(sample);
        ++count;
        return;
    }
    buffer[size_t(start)] = sample;  // full: overwrite the oldest
    start = (start + 1) % size;
}

const MetricSample &MetricHistory::Ring::at(int i) const
{
    return buffer[size_t((start + i) % int(buffer.size()))];
}

void MetricHistory::Ring::dropOlderThan(qint64 cutoffMs)
{
    while (count > 0 && at(0).atMs < cutoffMs) {
        start = (start + 1) % int(buffer.size());
        --count;
    }
}

MetricHistory::MetricHistory(qint64 windowMs, int capacity)
    : m_windowMs(std::max<qint64>(windowMs, 1000))
    , m_capacity(std::max(capacity, 2))
    , m_retentionMs(m_windowMs)
{
}

void MetricHistory::record(const Topology &topology)
{
    const qint64 nowMs = topology.takenAt.isValid() ? topology.takenAt.toMSecsSinceEpoch()
                                                    : QDateTime::currentMSecsSinceEpoch();
    for (const TopologyNode &node : topology.nodes) {
        Ring &ring = m_nodes[node.address];
        ring.lastSeenMs = nowMs;
        if (!node.hasSnapshot || !node.isUp())
            continue;  // a stale snapshot says nothing about now: leave a gap
        const NodeSnapshot &snap = node.snapshot;
        const qint64 atMs = snap.takenAt.isValid() ? snap.takenAt.toMSecsSinceEpoch() : nowMs;
        if (const MetricSample *last = ring.newest(); last && last->atMs >= atMs)
            continue;  // same snapshot again (or a clock step back)

        MetricSample sample;
        sample.atMs = atMs;
        sample.opsPerSec = snap.instantaneousOpsPerSec;
        sample.usedMemory = snap.usedMemory;
        if (const TopologyEdge *edge = edgeTo(topology, node.address)) {
            sample.lagBytes = edge->lagBytes;
            sample.lagSeconds = edge->lagSeconds;
        }
        ring.push(sample, m_capacity);
        m_latestMs = std::max(m_latestMs, atMs);
    }

    const qint64 cutoff = std::max(nowMs, m_latestMs) - m_windowMs;
    for (auto it = m_nodes.begin(); it != m_nodes.end();) {
        it->dropOlderThan(cutoff);
        if (nowMs - it->lastSeenMs > m_retentionMs)
            it = m_nodes.erase(it);
        else
            ++it;
    }
}

void MetricHistory::clear()
{
    m_nodes.clear();
    m_latestMs = 0;
}

QStringList MetricHistory::nodes() const
{
    QStringList out = m_nodes.keys();
    out.sort();
    return out;
}

QList<MetricSample> MetricHistory::samples(const QString &address) const
{
    QList<MetricSample> out;
    const auto it = m_nodes.constFind(address);
    if (it == m_nodes.cend())
        return out;
    out.reserve(it->count);
    for (int i = 0; i < it->count; ++i)
        out.append(it->at(i));
    return out;
}

std::optional<qint64> MetricHistory::metricValue(const MetricSample &sample, Metric metric)
{
    switch (metric) {
    case Metric::OpsPerSec: return sample.opsPerSec;
    case Metric::UsedMemory: return sample.usedMemory;
    case Metric::LagBytes: return sample.lagBytes;
    case Metric::LagSeconds: return sample.lagSeconds;
    }
    return std::nullopt;
}

QList<QPointF> MetricHistory::series(const QString &address, Metric metric) const
{
    QList<QPointF> out;
    const auto it = m_nodes.constFind(address);
    if (it == m_nodes.cend())
        return out;
    out.reserve(it->count);
    for (int i = 0; i < it->count; ++i) {
        const MetricSample &sample = it->at(i);
        if (const auto value = metricValue(sample, metric))
            out.append(QPointF(double(sample.atMs), double(*value)));
    }
    return out;
}
