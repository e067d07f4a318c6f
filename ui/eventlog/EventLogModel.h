#pragma once

#include "topology/Topology.h"

#include <QAbstractTableModel>
#include <QIcon>
#include <QList>

// The monitor's events as a table: time, severity, node, message. Bounded: past
// maxRows() the oldest rows are dropped, so a flapping node cannot eat memory over a week.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, SeverityColumn, NodeColumn, MessageColumn, ColumnCount };
    enum Role {
        SeverityRole = Qt::UserRole + 1,  // int(Anomaly::Severity)
        TimestampRole,                    // QDateTime (UTC)
        KindRole,                         // int(TopologyEvent::Kind)
    };
    static constexpr int DefaultMaxRows = 10000;

    explicit EventLogModel(QObject *parent = nullptr);

    int maxRows() const { return m_maxRows; }
    void setMaxRows(int rows);
    const TopologyEvent &event(int row) const { return m_events.at(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString severityName(Anomaly::Severity severity);  // translated: "Info", ...
    static QIcon severityIcon(Anomaly::Severity severity);
    // One line per event, tab-separated, for the clipboard and exports.
    static QString formatLine(const TopologyEvent &event);

public Q_SLOTS:
    void append(const QList<TopologyEvent> &events);  // connect to TopologyMonitor::eventsOccurred
    void clear();

private:
    void trimTo(int rows);

    QList<TopologyEvent> m_events;
    int m_maxRows = DefaultMaxRows;
};
