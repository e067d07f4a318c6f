#include "ReplicaTableModel.h"

#include "HumanFormat.h"

#include <QIcon>
#include <QLocale>

ReplicaTableModel::ReplicaTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ReplicaTableModel::setRows(const QList<Row> &rows)
{
    bool sameRows = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameRows && i < rows.size(); ++i)
        sameRows = rows.at(i).address == m_rows.at(i).address;
    if (!sameRows) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rows.at(i) == m_rows.at(i))
            continue;
        m_rows[i] = rows.at(i);
        Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
    }
}

int ReplicaTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReplicaTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReplicaTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    if (role == AddressRole)
        return r.address;
    if (role == Qt::DecorationRole && index.column() == StateColumn) {
        if (!r.connected)
            return QIcon(QStringLiteral(":/icons/status-unreachable.svg"));
        return QIcon(r.state == QLatin1String("online") ? QStringLiteral(":/icons/status-up.svg")
                                                        : QStringLiteral(":/icons/status-connecting.svg"));
    }
    if (role == Qt::TextAlignmentRole && index.column() >= OffsetColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case AddressColumn:
        return r.address;
    case StateColumn:
        if (!r.connected)
            return tr("not connected");
        return r.state.isEmpty() ? tr("unknown") : r.state;
    case OffsetColumn:
        return r.offset ? QLocale().toString(*r.offset) : QString();
    case LagBytesColumn:
        if (!r.lagBytes)
            return QString();
        if (role == Qt::ToolTipRole)
            return tr("%1 bytes behind the master").arg(QLocale().toString(*r.lagBytes));
        return HumanFormat::bytes(*r.lagBytes);
    case LagSecondsColumn:
        if (!r.lagSeconds || *r.lagSeconds < 0)
            return QString();
        if (role == Qt::ToolTipRole)
            return tr("Seconds since the replica last acknowledged");
        return HumanFormat::duration(*r.lagSeconds);
    default:
        return {};
    }
}

QVariant ReplicaTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AddressColumn: return tr("Replica");
    case StateColumn: return tr("State");
    case OffsetColumn: return tr("Offset");
    case LagBytesColumn: return tr("Lag");
    case LagSecondsColumn: return tr("Last ack");
    default: return {};
    }
}
