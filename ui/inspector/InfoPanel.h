#pragma once

#include "info/NodeSnapshot.h"

#include <QSet>
#include <QWidget>

class InfoTreeModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

// Every INFO section and key of the inspected node, with a filter box. Which sections are
// open is remembered across refreshes and across nodes.
class InfoPanel : public QWidget
{
    Q_OBJECT
public:
    explicit InfoPanel(QWidget *parent = nullptr);

    void setSnapshot(const NodeSnapshot *snapshot);  // null: nothing to show
    // "stale (35 s old)" when the snapshot is the last reply of a node that stopped answering:
    // said above the fields, which are greyed. Empty: current.
    void setStaleness(const QString &staleness);
    InfoTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void restoreExpanded();
    void copySelection() const;

    InfoTreeModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QLabel *m_stale;
    QTreeView *m_view;
    QSet<QString> m_expanded;
};
