#pragma once

#include "topology/NodeMonitor.h"

#include <QAbstractTableModel>
#include <QList>

// One row per watched node: a thin adapter over NodeMonitors and their latest snapshots.
// It does not own the monitors; whoever adds one removes it before deleting it (a monitor
// destroyed anyway drops out of the table on its own).
class NodeTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NodeColumn,
        StatusColumn,
        RoleColumn,
        VersionColumn,
        UptimeColumn,
        MemoryColumn,
        ClientsColumn,
        MasterColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        StatusRole = Qt::UserRole + 1,  // NodeMonitor::Status as int
        SortRole,                       // raw value for sorting (numbers stay numbers)
    };

    explicit NodeTableModel(QObject *parent = nullptr);

    void addMonitor(NodeMonitor *monitor);
    void removeMonitor(NodeMonitor *monitor);
    NodeMonitor *monitorAt(int row) const;
    int rowOf(const NodeMonitor *monitor) const;
    QList<NodeMonitor *> monitors() const { return m_monitors; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void removeAt(int row);
    void rowChanged(const QObject *monitor);
    QVariant displayText(const NodeMonitor *monitor, int column) const;
    QVariant sortValue(const NodeMonitor *monitor, int column) const;
    QVariant toolTip(const NodeMonitor *monitor, int column) const;
    QString masterText(const NodeSnapshot &snapshot) const;

    QList<NodeMonitor *> m_monitors;
};
