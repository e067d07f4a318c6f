#pragma once

#include <QList>
#include <QObject>
#include <QPoint>
#include <QString>

class QAction;
class QMenu;
class QWidget;

// What can be done to one node, wherever it is picked (topology card, table row, Node menu):
// open a console, reconnect, promote it or fail its group over, edit its configuration (live,
// or its redis.conf over SSH),
// remove it from the view, copy its address. The actions apply to
// the target, which the window keeps equal to the selected node; without one they are off.
class NodeContextMenu : public QObject
{
    Q_OBJECT
public:
    explicit NodeContextMenu(QWidget *window);

    QString target() const { return m_target; }
    void setTarget(const QString &address);

    QList<QAction *> actions() const;
    QAction *openConsoleAction() const { return m_openConsole; }
    QAction *reconnectAction() const { return m_reconnect; }
    // Delete is a shortcut only where nodes are shown: add this action to those widgets.
    QAction *removeAction() const { return m_remove; }
    QAction *copyAddressAction() const { return m_copyAddress; }
    QAction *editLiveConfigAction() const { return m_editLive; }
    QAction *editRemoteConfigAction() const { return m_editRemote; }
    // The doctor's checks of the node (and its host and log over SSH), and its log tailed.
    QAction *healthCheckAction() const { return m_healthCheck; }
    QAction *logViewAction() const { return m_logView; }
    // Operations: enabled by the window from the topology (a replica; a group whose master
    // is down), not by having a target alone.
    QAction *promoteAction() const { return m_promote; }
    QAction *failoverAction() const { return m_failover; }
    void setOperationsEnabled(bool promote, bool failover);
    // A fenced old master that is down: write replicaof into its redis.conf over SSH.
    QAction *fenceNowAction() const { return m_fenceNow; }
    // Every node of the group: min-replicas-to-write 1 (a lone master refuses writes).
    QAction *minReplicasAction() const { return m_minReplicas; }
    void setFenceNowEnabled(bool enabled) { m_fenceNow->setEnabled(enabled); }
    // Set Up Replication with the target as a replica (the master is picked in the wizard).
    QAction *makeReplicaAction() const { return m_makeReplica; }
    // A replica stops following its master (enabled by the window for replicas that answer).
    QAction *detachAction() const { return m_detach; }
    void setDetachEnabled(bool enabled) { m_detach->setEnabled(enabled); }
    // Migrate to a New Server with the target as the source (enabled by the window for masters).
    QAction *migrateAction() const { return m_migrate; }
    void setMigrateEnabled(bool enabled) { m_migrate->setEnabled(enabled); }

    // Export the target's redis.conf / its group's deployment bundle (File → Export… preset).
    QAction *exportConfigAction() const { return m_exportConfig; }
    QAction *exportBundleAction() const { return m_exportBundle; }

    // Shows the actions for the current target at `screenPos` (non-blocking).
    void popup(const QPoint &screenPos);
    QMenu *menu() const { return m_menu; }

Q_SIGNALS:
    void consoleRequested(const QString &address);
    void reconnectRequested(const QString &address);
    void removeRequested(const QString &address);
    void editLiveConfigRequested(const QString &address);
    void editRemoteConfigRequested(const QString &address);
    void healthCheckRequested(const QString &address);
    void logViewRequested(const QString &address);
    void promoteRequested(const QString &address);
    void failoverRequested(const QString &address);
    void fenceNowRequested(const QString &address);
    void minReplicasRequested(const QString &address);
    void makeReplicaRequested(const QString &address);
    void detachRequested(const QString &address);
    void migrateRequested(const QString &address);
    void exportConfigRequested(const QString &address);
    void exportBundleRequested(const QString &address);
    void targetChanged(const QString &address);

private:
    QAction *make(const QString &icon, const QString &text, const QString &objectName);

    QString m_target;
    QAction *m_openConsole;
    QAction *m_reconnect;
    QAction *m_remove;
    QAction *m_copyAddress;
    QAction *m_editLive;
    QAction *m_editRemote;
    QAction *m_healthCheck;
    QAction *m_logView;
    QAction *m_promote;
    QAction *m_failover;
    QAction *m_fenceNow;
    QAction *m_minReplicas;
    QAction *m_makeReplica;
    QAction *m_detach;
    QAction *m_migrate;
    QAction *m_exportConfig;
    QAction *m_exportBundle;
    QMenu *m_menu;
};
