#include "NodeTableModel.h"

#include "HumanFormat.h"
#include "NodeStatusText.h"
#include "topology/TopologyLabels.h"

#include <QFont>
#include <QIcon>
#include <QSet>

#include <algorithm>

namespace {

bool isSnapshotColumn(int column)
{
    return column >= NodeTableModel::RoleColumn && column <= NodeTableModel::LagColumn;
}

bool matches(const TopologyNode &node, const QString &address)
{
    return node.address == address || node.aliases.contains(address);
}

} // namespace

NodeTableModel::NodeTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void NodeTableModel::setTopology(const Topology &topology)
{
    // Lookups by address (edges, anomalies) read the new topology at once; the rows follow
    // in steps so every begin/end pair sees a consistent model.
    m_topology = topology;
    removeVanished(topology.nodes);
    placeRows(topology.nodes);
    m_rows = topology.nodes;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void NodeTableModel::removeVanished(const QList<TopologyNode> &next)
{
    QSet<QString> keep;
    for (const TopologyNode &node : next)
        keep.insert(node.address);
    int row = int(m_rows.size()) - 1;
    while (row >= 0) {
        if (keep.contains(m_rows.at(row).address)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !keep.contains(m_rows.at(first - 1).address))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
}

void NodeTableModel::placeRows(const QList<TopologyNode> &next)
{
    QSet<QString> known;
    for (const TopologyNode &node : std::as_const(m_rows))
        known.insert(node.address);
    for (int i = 0; i < next.size(); ++i) {
        const QString &address = next.at(i).address;
        if (i < m_rows.size() && m_rows.at(i).address == address)
            continue;
        if (known.contains(address)) {
            int from = i + 1;
            while (m_rows.at(from).address != address)
                ++from;
            beginMoveRows({}, from, from, {}, i);
            m_rows.move(from, i);
            endMoveRows();
            continue;
        }
        // Discovery adds nodes in bursts: one insertion for a run of new addresses.
        int last = i;
        while (last + 1 < next.size() && !known.contains(next.at(last + 1).address))
            ++last;
        beginInsertRows({}, i, last);
        for (int k = i; k <= last; ++k)
            m_rows.insert(k, next.at(k));
        endInsertRows();
        i = last;
    }
}

QString NodeTableModel::addressAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).address : QString();
}

int NodeTableModel::rowOf(const QString &address) const
{
    if (address.isEmpty())
        return -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (matches(m_rows.at(i), address))
            return i;
    }
    return -1;
}

int NodeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NodeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool NodeTableModel::isNumeric(int column)
{
    return column == UptimeColumn || column == MemoryColumn || column == OpsColumn
        || column == LagColumn || column == AnomaliesColumn;
}

QVariant NodeTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TopologyNode &node = m_rows.at(index.row());
    const int column = index.column();
    const bool stale = !node.isUp() && node.hasSnapshot;

    switch (role) {
    case Qt::DisplayRole:
        return displayText(node, column);
    case Qt::DecorationRole:
        if (column == StatusColumn)
            return NodeStatusText::icon(node.reachability);
        if (column == AnomaliesColumn && !anomaliesOf(node).isEmpty())
            return QIcon(QStringLiteral(":/icons/warning.svg"));
        return {};
    case Qt::ToolTipRole:
        return toolTip(node, column);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue((isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    case Qt::FontRole:
        // Last known values of a node that stopped answering: italic, readable in any palette.
        if (stale && isSnapshotColumn(column)) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        // A down node is greyed: its last role and numbers are history.
        if (TopologyLabels::isDown(node) && (isSnapshotColumn(column) || column == RoleColumn))
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case ReachabilityRole:
        return int(node.reachability);
    case SortRole:
        return sortValue(node, column);
    case AddressRole:
        return node.address;
    default:
        return {};
    }
}

void NodeTableModel::setFences(const NodeFences &fences)
{
    if (fences == m_fences)
        return;
    m_fences = fences;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

QVariant NodeTableModel::displayText(const TopologyNode &node, int column) const
{
    if (column == NodeColumn)
        return node.address;
    if (column == StatusColumn) {
        if (m_fences.of(node))
            return tr("Fenced");
        return NodeStatusText::label(node);
    }
    if (column == RoleColumn) {
        // The Status column says down or fenced; here only what its role was, short enough
        // for the column.
        const NodeSnapshot::Role role = TopologyLabels::role(node);
        if ((TopologyLabels::isDown(node) || m_fences.of(node)) && role != NodeSnapshot::Role::Unknown)
            return tr("was %1").arg(TopologyLabels::roleName(role));
        return TopologyLabels::roleText(node, m_fences.of(node) != nullptr);
    }
    if (column == MasterColumn)
        return masterText(node);
    if (column == LagColumn)
        return lagText(node);
    if (column == AnomaliesColumn) {
        const qsizetype count = anomaliesOf(node).size();
        return count ? QString::number(count) : QString();
    }
    if (!node.hasSnapshot)
        return QString();
    const NodeSnapshot &s = node.snapshot;
    switch (column) {
    case VersionColumn: return s.version;
    case UptimeColumn: return HumanFormat::duration(s.uptimeSeconds);
    case MemoryColumn: return HumanFormat::bytes(s.usedMemory);
    case OpsColumn: return QString::number(s.instantaneousOpsPerSec);
    default: return QString();
    }
}

QString NodeTableModel::masterText(const TopologyNode &node) const
{
    if (const TopologyEdge *edge = m_topology.edgeTo(node.address)) {
        if (edge->syncInProgress && edge->syncPercent)
            return tr("%1 (syncing %2%)").arg(edge->master).arg(*edge->syncPercent, 0, 'f', 0);
        if (edge->syncInProgress)
            return tr("%1 (syncing)").arg(edge->master);
        return edge->linkUp ? tr("%1 (link up)").arg(edge->master) : tr("%1 (link down)").arg(edge->master);
    }
    if (node.masterAddress.isEmpty())
        return QString();
    // A master Tandem does not know (yet): the replica's own report is all there is.
    const QString link = node.hasSnapshot ? node.snapshot.masterLinkStatus : QString();
    if (link == QLatin1String("up"))
        return tr("%1 (link up)").arg(node.masterAddress);
    if (link == QLatin1String("down"))
        return tr("%1 (link down)").arg(node.masterAddress);
    return node.masterAddress;
}

QString NodeTableModel::lagText(const TopologyNode &node) const
{
    const TopologyEdge *edge = m_topology.edgeTo(node.address);
    if (!edge)
        return QString();
    QStringList parts;
    if (edge->lagBytes)
        parts << TopologyLabels::bytes(*edge->lagBytes);
    if (edge->lagSeconds && *edge->lagSeconds >= 0)
        parts << HumanFormat::duration(*edge->lagSeconds);
    return parts.join(QStringLiteral(" / "));
}

QList<const Anomaly *> NodeTableModel::anomaliesOf(const TopologyNode &node) const
{
    QList<const Anomaly *> mine;
    for (const Anomaly &a : m_topology.anomalies) {
        const bool involved = a.nodes.contains(node.address)
            || std::any_of(node.aliases.cbegin(), node.aliases.cend(),
                           [&a](const QString &alias) { return a.nodes.contains(alias); });
        if (involved)
            mine.append(&a);
    }
    return mine;
}

QVariant NodeTableModel::sortValue(const TopologyNode &node, int column) const
{
    const NodeSnapshot &s = node.snapshot;
    const TopologyEdge *edge = m_topology.edgeTo(node.address);
    switch (column) {
    case StatusColumn: return int(node.reachability);
    case UptimeColumn: return node.hasSnapshot ? s.uptimeSeconds : -1;
    case MemoryColumn: return node.hasSnapshot ? s.usedMemory : -1;
    case OpsColumn: return node.hasSnapshot ? s.instantaneousOpsPerSec : -1;
    case VersionColumn: return node.hasSnapshot ? s.versionNumber() : -1;
    case LagColumn: return edge && edge->lagBytes ? *edge->lagBytes : -1;
    case AnomaliesColumn: return int(anomaliesOf(node).size());
    default: return displayText(node, column);
    }
}

QVariant NodeTableModel::toolTip(const TopologyNode &node, int column) const
{
    switch (column) {
    case NodeColumn:
        return node.aliases.isEmpty() ? node.address
                                      : tr("%1\nAlso reached as %2")
                                            .arg(node.address, node.aliases.join(QStringLiteral(", ")));
    case StatusColumn:
        if (const NodeFences::Fence *fence = m_fences.of(node))
            return NodeFences::state(node, *fence);
        if (TopologyLabels::isDown(node))  // the row's other values are its last reply's
            return tr("%1\nDown: the values shown are %2")
                .arg(node.error.isEmpty() ? NodeStatusText::label(node) : node.error,
                     TopologyLabels::staleness(node, m_topology.takenAt));
        return node.error.isEmpty() ? NodeStatusText::label(node) : node.error;
    case LagColumn:
        if (const TopologyEdge *edge = m_topology.edgeTo(node.address))
            return TopologyLabels::linkToolTip(*edge);
        return {};
    case AnomaliesColumn: {
        QStringList lines;
        const QList<const Anomaly *> mine = anomaliesOf(node);
        for (const Anomaly *a : mine)
            lines << a->message;
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
    }
    default:
        if (!node.isUp() && node.hasSnapshot && isSnapshotColumn(column))
            return tr("Last known value: the node is not answering right now.");
        return {};
    }
}

QVariant NodeTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole)
        return QVariant::fromValue((isNumeric(section) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (section) {
        case LagColumn: return tr("Replication lag: bytes behind the master / seconds since its last acknowledgement");
        case AnomaliesColumn: return tr("Problems Tandem detected on this node");
        case OpsColumn: return tr("Commands per second");
        default: return {};
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NodeColumn: return tr("Node");
    case StatusColumn: return tr("Status");
    case RoleColumn: return tr("Role");
    case VersionColumn: return tr("Version");
    case UptimeColumn: return tr("Uptime");
    case MemoryColumn: return tr("Memory");
    case OpsColumn: return tr("Ops/s");
    case MasterColumn: return tr("Master");
    case LagColumn: return tr("Lag");
    case AnomaliesColumn: return tr("Anomalies");
    default: return {};
    }
}
