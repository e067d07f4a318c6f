#include "NodeTableModel.h"

#include "HumanFormat.h"
#include "NodeStatusText.h"

#include <QFont>

namespace {

bool isSnapshotColumn(int column)
{
    return column >= NodeTableModel::RoleColumn && column <= NodeTableModel::MasterColumn;
}

} // namespace

NodeTableModel::NodeTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void NodeTableModel::addMonitor(NodeMonitor *monitor)
{
    if (!monitor || m_monitors.contains(monitor))
        return;
    const int row = int(m_monitors.size());
    beginInsertRows({}, row, row);
    m_monitors.append(monitor);
    endInsertRows();

    connect(monitor, &NodeMonitor::statusChanged, this, [this, monitor] { rowChanged(monitor); });
    connect(monitor, &NodeMonitor::snapshotChanged, this, [this, monitor] { rowChanged(monitor); });
    // Only the address is compared: the object is already half destroyed here.
    connect(monitor, &QObject::destroyed, this, [this](QObject *gone) {
        const int r = rowOf(static_cast<NodeMonitor *>(gone));
        if (r >= 0)
            removeAt(r);
    });
}

void NodeTableModel::removeMonitor(NodeMonitor *monitor)
{
    const int row = rowOf(monitor);
    if (row < 0)
        return;
    monitor->disconnect(this);
    removeAt(row);
}

void NodeTableModel::removeAt(int row)
{
    beginRemoveRows({}, row, row);
    m_monitors.removeAt(row);
    endRemoveRows();
}

NodeMonitor *NodeTableModel::monitorAt(int row) const
{
    return row >= 0 && row < m_monitors.size() ? m_monitors.at(row) : nullptr;
}

int NodeTableModel::rowOf(const NodeMonitor *monitor) const
{
    for (int i = 0; i < m_monitors.size(); ++i) {
        if (m_monitors.at(i) == monitor)
            return i;
    }
    return -1;
}

void NodeTableModel::rowChanged(const QObject *monitor)
{
    const int row = rowOf(static_cast<const NodeMonitor *>(monitor));
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int NodeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_monitors.size());
}

int NodeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NodeTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NodeMonitor *monitor = m_monitors.at(index.row());
    const int column = index.column();
    const bool stale = monitor->status() != NodeMonitor::Status::Up;

    switch (role) {
    case Qt::DisplayRole:
        return displayText(monitor, column);
    case Qt::DecorationRole:
        if (column == StatusColumn)
            return NodeStatusText::icon(monitor->status());
        return {};
    case Qt::ToolTipRole:
        return toolTip(monitor, column);
    case Qt::TextAlignmentRole:
        if (column == UptimeColumn || column == MemoryColumn || column == ClientsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        // Last known values of a node that stopped answering: italic, readable in any palette.
        if (stale && monitor->hasSnapshot() && isSnapshotColumn(column)) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case StatusRole:
        return int(monitor->status());
    case SortRole:
        return sortValue(monitor, column);
    default:
        return {};
    }
}

QVariant NodeTableModel::displayText(const NodeMonitor *monitor, int column) const
{
    if (column == NodeColumn)
        return monitor->displayName();
    if (column == StatusColumn)
        return NodeStatusText::label(monitor->status(), monitor->lastError());
    if (!monitor->hasSnapshot())
        return QString();
    const NodeSnapshot &s = monitor->snapshot();
    switch (column) {
    case RoleColumn:
        switch (s.role) {
        case NodeSnapshot::Role::Master: return tr("master");
        case NodeSnapshot::Role::Replica: return tr("replica");
        case NodeSnapshot::Role::Sentinel: return tr("sentinel");
        case NodeSnapshot::Role::Unknown: return tr("unknown");
        }
        return QString();
    case VersionColumn:
        return s.version;
    case UptimeColumn:
        return HumanFormat::duration(s.uptimeSeconds);
    case MemoryColumn:
        return HumanFormat::bytes(s.usedMemory);
    case ClientsColumn:
        return QString::number(s.connectedClients);
    case MasterColumn:
        return masterText(s);
    default:
        return QString();
    }
}

QString NodeTableModel::masterText(const NodeSnapshot &s) const
{
    if (s.role != NodeSnapshot::Role::Replica || s.masterHost.isEmpty())
        return QString();
    ConnectionProfile master;
    master.host = s.masterHost;
    master.port = s.masterPort;
    if (s.masterSyncInProgress && s.masterSyncPercent)
        return tr("%1 (syncing %2%)").arg(master.address()).arg(*s.masterSyncPercent, 0, 'f', 0);
    if (s.masterSyncInProgress)
        return tr("%1 (syncing)").arg(master.address());
    if (s.masterLinkStatus == QLatin1String("up"))
        return tr("%1 (link up)").arg(master.address());
    if (s.masterLinkStatus == QLatin1String("down"))
        return tr("%1 (link down)").arg(master.address());
    return master.address();
}

QVariant NodeTableModel::sortValue(const NodeMonitor *monitor, int column) const
{
    const NodeSnapshot &s = monitor->snapshot();
    switch (column) {
    case StatusColumn: return int(monitor->status());
    case UptimeColumn: return s.uptimeSeconds;
    case MemoryColumn: return s.usedMemory;
    case ClientsColumn: return s.connectedClients;
    case VersionColumn: return s.versionNumber();
    default: return displayText(monitor, column);
    }
}

QVariant NodeTableModel::toolTip(const NodeMonitor *monitor, int column) const
{
    const bool stale = monitor->status() != NodeMonitor::Status::Up;
    switch (column) {
    case NodeColumn:
        return monitor->profile().displayName();
    case StatusColumn:
        return NodeStatusText::sentence(monitor->status(), monitor->lastError(),
                                        monitor->profile().displayName());
    default:
        if (stale && monitor->hasSnapshot() && isSnapshotColumn(column))
            return tr("Last known value: the node is not answering right now.");
        return {};
    }
}

QVariant NodeTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole) {
        const bool numeric = section == UptimeColumn || section == MemoryColumn
            || section == ClientsColumn;
        return QVariant::fromValue((numeric ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
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
    case ClientsColumn: return tr("Clients");
    case MasterColumn: return tr("Master");
    default: return {};
    }
}
