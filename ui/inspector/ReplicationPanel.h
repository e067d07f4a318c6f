#pragma once

#include "topology/Topology.h"

#include <QHash>
#include <QWidget>

class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class ReplicaTableModel;

// The replication facts of one node, worded for its role: a replica's master, link, offsets,
// lag and full-sync progress; a master's offset, backlog, failover state and its replicas.
// A chained replica shows both halves.
class ReplicationPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ReplicationPanel(QWidget *parent = nullptr);

    void showNode(const Topology &topology, const TopologyNode &node);
    ReplicaTableModel *replicaModel() const { return m_replicas; }
    // The window decides whether promoting the shown replica makes sense right now.
    void setPromoteEnabled(bool enabled);

Q_SIGNALS:
    // The user followed a link to another node (the master, a replica).
    void nodeActivated(const QString &address);
    // "Promote to Master…" on a replica.
    void promoteRequested(const QString &address);

private:
    QLabel *addRow(const QString &label, const char *objectName);
    void addRow(const QString &label, QWidget *field);
    void setRowShown(QWidget *field, bool shown);
    void showReplicaHalf(const Topology &topology, const TopologyNode &node, bool shown);
    void showMasterHalf(const Topology &topology, const TopologyNode &node, bool shown);

    // A grid, not a QFormLayout: Qt 6.4's QFormLayout::setRowVisible corrupts the heap when
    // it relayouts (heightForWidth with stale row data), and rows change with every role.
    QGridLayout *m_form;
    QHash<QWidget *, QLabel *> m_rowLabels;
    QLabel *m_noData;
    QLabel *m_stale;   // "Stale (35 s old)": the node stopped answering; values below are its last
    bool m_current = true;  // the values shown are current (not greyed)
    // replica
    QLabel *m_master;
    QLabel *m_link;
    QLabel *m_offset;
    QLabel *m_lagBytes;
    QLabel *m_lagSeconds;
    QWidget *m_syncBox;
    QLabel *m_sync;
    QProgressBar *m_syncBar;
    QLabel *m_priority;
    QWidget *m_promoteBox;
    QPushButton *m_promote;
    QString m_address;
    // master
    QLabel *m_replOffset;
    QLabel *m_replId;
    QLabel *m_backlog;
    QLabel *m_failover;
    QLabel *m_minReplicas;
    // both
    QLabel *m_syncCounters;
    // sentinel
    QLabel *m_sentinel;
    QLabel *m_replicasTitle;
    QTableView *m_replicaTable;
    ReplicaTableModel *m_replicas;
};
