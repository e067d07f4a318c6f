#include "EventLogFilterModel.h"

#include "EventLogModel.h"

EventLogFilterModel::EventLogFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void EventLogFilterModel::setMinimumSeverity(Anomaly::Severity severity)
{
    if (m_minimum == severity)
        return;
    m_minimum = severity;
    invalidateRowsFilter();
}

void EventLogFilterModel::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (m_text == trimmed)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

bool EventLogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    const QModelIndex first = source->index(sourceRow, 0, sourceParent);
    if (source->data(first, EventLogModel::SeverityRole).toInt() < int(m_minimum))
        return false;
    if (m_text.isEmpty())
        return true;
    for (const int column : {int(EventLogModel::NodeColumn), int(EventLogModel::MessageColumn)}) {
        const QString value = source->data(source->index(sourceRow, column, sourceParent)).toString();
        if (value.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}
