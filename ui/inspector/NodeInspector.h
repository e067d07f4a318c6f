#pragma once

#include "NodeFences.h"
#include "topology/MetricHistory.h"
#include "topology/Topology.h"

#include <QWidget>

#include <memory>

class AnomalyPanel;
class ChartsPanel;
class InfoPanel;
class QLabel;
class QScrollArea;
class QStackedWidget;
class QTabWidget;
class QToolButton;
class ReplicationPanel;

// Everything about one node: who it is and how it is doing, its replication (worded for its
// role), its anomalies with advice, charts of the last minutes, and every INFO field.
// Fed a Topology on every poll; cheap to refresh (models update in place, charts reuse
// their series).
class NodeInspector : public QWidget
{
    Q_OBJECT
public:
    explicit NodeInspector(QWidget *parent = nullptr);
    ~NodeInspector() override;

    // Charts read from `history` (not owned), which its owner records into before calling
    // setTopology(). Null (the default) makes the inspector keep and feed its own.
    void setHistory(const MetricHistory *history);
    const MetricHistory *history() const { return m_history; }

    QString currentNode() const { return m_address; }
    const Topology &topology() const { return m_topology; }
    // Whether "Promote to Master…" is offered for the shown replica (the window decides).
    void setPromoteEnabled(bool enabled);
    // The window's fences: a fenced node says so in the header.
    void setFences(const NodeFences &fences);

public Q_SLOTS:
    void setTopology(const Topology &topology);
    // Empty: the "select a node" state.
    void showNode(const QString &address);

Q_SIGNALS:
    // The user followed a link to another node (master, replica); it is shown already.
    void nodeActivated(const QString &address);
    void consoleRequested(const QString &address);
    void promoteRequested(const QString &address);
    void failoverRequested(const QString &address);
    void applyToGroupRequested(const QString &address);

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *createHeader();
    QWidget *createOverview();
    void refresh();
    void refreshHeader(const TopologyNode &node);
    void refreshCharts();
    void styleRoleBadge(NodeSnapshot::Role role);

    std::unique_ptr<MetricHistory> m_ownHistory;
    const MetricHistory *m_history;
    Topology m_topology;
    QString m_address;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_statusIcon = nullptr;
    QLabel *m_addressLabel = nullptr;
    QLabel *m_role = nullptr;
    QLabel *m_version = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_uptime = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_fence = nullptr;
    NodeFences m_fences;
    QToolButton *m_consoleButton = nullptr;
    QTabWidget *m_tabs = nullptr;
    QScrollArea *m_overviewScroll = nullptr;
    ReplicationPanel *m_replication = nullptr;
    AnomalyPanel *m_anomalies = nullptr;
    QLabel *m_anomaliesTitle = nullptr;
    ChartsPanel *m_charts = nullptr;
    InfoPanel *m_info = nullptr;
    NodeSnapshot::Role m_shownRole = NodeSnapshot::Role::Unknown;
};
