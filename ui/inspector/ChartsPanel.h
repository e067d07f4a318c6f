#pragma once

#include "topology/MetricHistory.h"

#include <QWidget>

class MetricChart;

// The inspected node's recent activity: operations per second, replication lag (its own as a
// replica, its replicas' as a master) and memory, from the shared MetricHistory.
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget *parent = nullptr);

    void showNode(const MetricHistory &history, const Topology &topology, const TopologyNode &node);
    MetricChart *opsChart() const { return m_ops; }
    MetricChart *lagChart() const { return m_lag; }
    MetricChart *memoryChart() const { return m_memory; }

private:
    MetricChart *m_ops;
    MetricChart *m_lag;
    MetricChart *m_memory;
};
