#pragma once

#include "NodeFences.h"
#include "topology/Topology.h"

#include <QAbstractTableModel>
#include <QList>

// One row per topology node, in topology order: a thin adapter over the latest Topology.
// setTopology() updates in place: rows of known addresses get dataChanged (and move when the
// order changes), only addresses that appear or vanish insert or remove rows, so views keep
// their selection and scroll position across polls.
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
        OpsColumn,
        MasterColumn,
        LagColumn,
        AnomaliesColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        ReachabilityRole = Qt::UserRole + 1,  // int(NodeReachability)
        SortRole,                             // raw value for sorting (numbers stay numbers)
        AddressRole,                          // the node's address, whatever the column
    };

    explicit NodeTableModel(QObject *parent = nullptr);

    void setTopology(const Topology &topology);
    // Fenced nodes say so in the Status and Role columns.
    void setFences(const NodeFences &fences);
    const Topology &topology() const { return m_topology; }

    QString addressAt(int row) const;
    int rowOf(const QString &address) const;  // also matches aliases; -1 if unknown

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void removeVanished(const QList<TopologyNode> &next);
    void placeRows(const QList<TopologyNode> &next);
    QVariant displayText(const TopologyNode &node, int column) const;
    QVariant sortValue(const TopologyNode &node, int column) const;
    QVariant toolTip(const TopologyNode &node, int column) const;
    QString masterText(const TopologyNode &node) const;
    QString lagText(const TopologyNode &node) const;
    QList<const Anomaly *> anomaliesOf(const TopologyNode &node) const;
    static bool isNumeric(int column);

    Topology m_topology;
    QList<TopologyNode> m_rows;
    NodeFences m_fences;  // what the rows show; follows m_topology.nodes step by step
};
