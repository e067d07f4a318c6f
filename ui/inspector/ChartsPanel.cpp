#include "ChartsPanel.h"

#include "MetricChart.h"

#include <QVBoxLayout>

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
    , m_ops(new MetricChart(tr("Operations/s"), MetricChart::Unit::Count, this))
    , m_lag(new MetricChart(tr("Replication lag"), MetricChart::Unit::Bytes, this))
    , m_memory(new MetricChart(tr("Memory used"), MetricChart::Unit::Bytes, this))
{
    setObjectName(QStringLiteral("inspectorCharts"));
    m_ops->setObjectName(QStringLiteral("opsChart"));
    m_lag->setObjectName(QStringLiteral("lagChart"));
    m_memory->setObjectName(QStringLiteral("memoryChart"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_ops);
    layout->addWidget(m_lag);
    layout->addWidget(m_memory);
}

void ChartsPanel::showNode(const MetricHistory &history, const Topology &topology, const TopologyNode &node)
{
    const qint64 end = history.latestMs() > 0 ? history.latestMs()
                                              : (topology.takenAt.isValid() ? topology.takenAt.toMSecsSinceEpoch() : 0);
    const qint64 window = history.windowMs();
    const QString &address = node.address;

    m_ops->setLines({{address, history.series(address, MetricHistory::Metric::OpsPerSec)}}, end, window);
    m_memory->setLines({{address, history.series(address, MetricHistory::Metric::UsedMemory)}}, end, window);

    // A master's lag is its replicas' lag, one line each.
    QList<MetricChart::Line> lag;
    const QList<const TopologyEdge *> edges = topology.edgesFrom(address);
    if (!edges.isEmpty()) {
        for (const TopologyEdge *e : edges)
            lag.append({e->replica, history.series(e->replica, MetricHistory::Metric::LagBytes)});
    } else if (topology.edgeTo(address)) {
        lag.append({address, history.series(address, MetricHistory::Metric::LagBytes)});
    }
    m_lag->setVisible(!lag.isEmpty());
    m_lag->setLines(lag, end, window);
}
