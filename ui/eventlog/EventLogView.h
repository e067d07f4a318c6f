#pragma once

#include "topology/Topology.h"

#include <QWidget>

class EventLogFilterModel;
class EventLogModel;
class QComboBox;
class QLabel;
class QMenu;
class QLineEdit;
class QTableView;

// The event log panel: a filterable table of the monitor's events that follows new events
// unless the user scrolled up to read older ones; rows can be copied and the visible rows
// exported to a text file.
class EventLogView : public QWidget
{
    Q_OBJECT
public:
    // Uses `model` (not owned) when given, otherwise owns a new one.
    explicit EventLogView(EventLogModel *model = nullptr, QWidget *parent = nullptr);

    EventLogModel *model() const { return m_model; }
    EventLogFilterModel *filterModel() const { return m_filter; }
    QTableView *table() const { return m_table; }
    // True while new rows scroll into view (the view is at the bottom).
    bool isFollowing() const { return m_following; }

    // The selected rows (all visible rows when none is selected), one tab-separated line each.
    QString selectedText() const;
    // Writes the visible rows, oldest first, with a header line. False with a reason on failure.
    bool exportTo(const QString &path, QString *error = nullptr) const;

public Q_SLOTS:
    void appendEvents(const QList<TopologyEvent> &events);  // forwards to the model
    void copySelection() const;
    void exportWithDialog();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateDetails();
    void updateCount();
    void showContextMenu(const QPoint &pos);

    EventLogModel *m_model;
    EventLogFilterModel *m_filter;
    QComboBox *m_severity;
    QLineEdit *m_text;
    QTableView *m_table;
    QLabel *m_count;
    QLabel *m_details = nullptr;  // the current (else newest) event in full
    bool m_following = true;
    QMenu *m_actions = nullptr;
};
