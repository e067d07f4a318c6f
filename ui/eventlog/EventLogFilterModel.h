#pragma once

#include "topology/Topology.h"

#include <QSortFilterProxyModel>

// What the event log shows: events at or above a severity whose node or message contains
// the filter text (case-insensitive).
class EventLogFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit EventLogFilterModel(QObject *parent = nullptr);

    Anomaly::Severity minimumSeverity() const { return m_minimum; }
    void setMinimumSeverity(Anomaly::Severity severity);
    QString text() const { return m_text; }
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Anomaly::Severity m_minimum = Anomaly::Severity::Info;
    QString m_text;
};
