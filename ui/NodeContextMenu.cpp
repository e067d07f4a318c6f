#include "NodeContextMenu.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QIcon>
#include <QMenu>
#include <QWidget>

NodeContextMenu::NodeContextMenu(QWidget *window)
    : QObject(window)
{
    m_openConsole = make(QStringLiteral("console.svg"), tr("Open &Console"), QStringLiteral("openConsoleAction"));
    m_openConsole->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_QuoteLeft));
    m_openConsole->setToolTip(tr("Run commands on the selected node (Ctrl+`)"));
    connect(m_openConsole, &QAction::triggered, this, [this] { Q_EMIT consoleRequested(m_target); });

    m_reconnect = make(QStringLiteral("reconnect.svg"), tr("&Reconnect"), QStringLiteral("reconnectAction"));
    m_reconnect->setShortcut(QKeySequence::Refresh);
    m_reconnect->setToolTip(tr("Drop the connection to the selected node and connect again (F5)"));
    connect(m_reconnect, &QAction::triggered, this, [this] { Q_EMIT reconnectRequested(m_target); });

    m_remove = make(QStringLiteral("disconnect.svg"), tr("Remove from &View"), QStringLiteral("removeNodeAction"));
    m_remove->setShortcut(QKeySequence::Delete);
    // Delete removes a node only where nodes have focus, never while typing in a field.
    m_remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_remove->setToolTip(tr("Stop watching the selected node; it stays out of the view until "
                            "View > Show Removed Nodes or a new connection to it (Delete)"));
    connect(m_remove, &QAction::triggered, this, [this] { Q_EMIT removeRequested(m_target); });

    m_copyAddress = make(QString(), tr("Copy &Address"), QStringLiteral("copyAddressAction"));
    m_copyAddress->setToolTip(tr("Copy host:port of the selected node"));
    connect(m_copyAddress, &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(m_target);
    });

    m_editLive = make(QString(), tr("Edit &Live Configuration…"), QStringLiteral("editLiveConfigAction"));
    m_editLive->setToolTip(tr("Edit what the node runs now (CONFIG GET), review the CONFIG SET plan, apply it"));
    connect(m_editLive, &QAction::triggered, this, [this] { Q_EMIT editLiveConfigRequested(m_target); });
    m_editRemote = make(QString(), tr("Edit redis.conf over &SSH…"), QStringLiteral("editRemoteConfigAction"));
    m_editRemote->setToolTip(tr("Open the node's config file over SSH, check it, write it back with a backup"));
    connect(m_editRemote, &QAction::triggered, this, [this] { Q_EMIT editRemoteConfigRequested(m_target); });

    m_healthCheck = make(QString(), tr("&Health Check…"), QStringLiteral("healthCheckAction"));
    m_healthCheck->setToolTip(tr("Check the node, its host and its log for known problems; apply the fixes as plans"));
    connect(m_healthCheck, &QAction::triggered, this, [this] { Q_EMIT healthCheckRequested(m_target); });
    m_logView = make(QString(), tr("Server &Log"), QStringLiteral("logViewAction"));
    m_logView->setToolTip(tr("Follow the node's log over SSH, known problems highlighted"));
    connect(m_logView, &QAction::triggered, this, [this] { Q_EMIT logViewRequested(m_target); });
    m_exportConfig = make(QStringLiteral("export.svg"), tr("E&xport redis.conf…"), QStringLiteral("exportNodeConfigAction"));
    m_exportConfig->setToolTip(tr("Save the node's redis.conf as it runs, or only what differs from the defaults"));
    connect(m_exportConfig, &QAction::triggered, this, [this] { Q_EMIT exportConfigRequested(m_target); });
    m_exportBundle = make(QString(), tr("Export Group &Bundle…"), QStringLiteral("exportGroupBundleAction"));
    m_exportBundle->setToolTip(tr("Everything to deploy this node's group again: configs, Sentinels, systemd "
                                  "drop-ins, users.acl and a README with the steps in order"));
    connect(m_exportBundle, &QAction::triggered, this, [this] { Q_EMIT exportBundleRequested(m_target); });

    m_promote = make(QString(), tr("&Promote to Master…"), QStringLiteral("promoteAction"));
    m_promote->setToolTip(tr("Make the selected replica the master of its group: review the plan, then run it "
                             "without losing acknowledged writes"));
    connect(m_promote, &QAction::triggered, this, [this] { Q_EMIT promoteRequested(m_target); });
    m_failover = make(QString(), tr("&Fail Over…"), QStringLiteral("failoverAction"));
    m_failover->setToolTip(tr("The group's master is down: promote its best replica and point the others at it"));
    connect(m_failover, &QAction::triggered, this, [this] { Q_EMIT failoverRequested(m_target); });
    m_fenceNow = make(QString(), tr("Fence &Now over SSH…"), QStringLiteral("fenceNowAction"));
    m_fenceNow->setToolTip(tr("This old master is down and fenced: write replicaof into its redis.conf so it restarts "
                              "as a replica and acknowledges no write"));
    connect(m_fenceNow, &QAction::triggered, this, [this] { Q_EMIT fenceNowRequested(m_target); });
    m_minReplicas = make(QString(), tr("Refuse Writes &Without Replicas…"), QStringLiteral("minReplicasAction"));
    m_minReplicas->setToolTip(tr("min-replicas-to-write 1 on every node of the group: a master that comes back alone "
                                 "refuses writes (NOREPLICAS) instead of acknowledging writes a resync discards"));
    connect(m_minReplicas, &QAction::triggered, this, [this] { Q_EMIT minReplicasRequested(m_target); });

    m_makeReplica = make(QString(), tr("Make &Replica of…"), QStringLiteral("makeReplicaAction"));
    m_makeReplica->setToolTip(tr("Set Up Replication with this node as a replica: pick its master, review the plan"));
    connect(m_makeReplica, &QAction::triggered, this, [this] { Q_EMIT makeReplicaRequested(m_target); });
    m_detach = make(QString(), tr("&Detach…"), QStringLiteral("detachAction"));
    m_detach->setToolTip(tr("This replica stops following its master and becomes a standalone master that keeps "
                            "its data (REPLICAOF NO ONE, saved with CONFIG REWRITE)"));
    connect(m_detach, &QAction::triggered, this, [this] { Q_EMIT detachRequested(m_target); });

    m_migrate = make(QString(), tr("Mi&grate to a New Server…"), QStringLiteral("migrateNodeAction"));
    m_migrate->setToolTip(tr("Move this master's data to another server by replication, verify it, then switch over"));
    connect(m_migrate, &QAction::triggered, this, [this] { Q_EMIT migrateRequested(m_target); });

    // Window-wide shortcuts (Ctrl+`, F5); Delete is attached to the node views by the window.
    window->addAction(m_openConsole);
    window->addAction(m_reconnect);

    m_menu = new QMenu(window);
    m_menu->setObjectName(QStringLiteral("nodeContextMenu"));
    m_menu->addActions({m_openConsole, m_reconnect});
    m_menu->addSeparator();
    m_menu->addActions({m_promote, m_failover, m_fenceNow, m_minReplicas});
    m_menu->addActions({m_makeReplica, m_detach, m_migrate});
    m_menu->addSeparator();
    m_menu->addActions({m_editLive, m_editRemote});
    m_menu->addActions({m_healthCheck, m_logView});
    m_menu->addActions({m_exportConfig, m_exportBundle});
    m_menu->addSeparator();
    m_menu->addActions({m_copyAddress, m_remove});
    setOperationsEnabled(false, false);
    m_fenceNow->setEnabled(false);
    m_detach->setEnabled(false);
    m_migrate->setEnabled(false);
    setTarget(QString());
}

QAction *NodeContextMenu::make(const QString &icon, const QString &text, const QString &objectName)
{
    auto *action = new QAction(icon.isEmpty() ? QIcon() : QIcon(QStringLiteral(":/icons/") + icon), text, this);
    action->setObjectName(objectName);
    return action;
}

QList<QAction *> NodeContextMenu::actions() const
{
    return {m_openConsole, m_reconnect, m_editLive, m_editRemote, m_healthCheck, m_logView, m_minReplicas,
            m_makeReplica, m_exportConfig, m_exportBundle, m_copyAddress, m_remove};
}

void NodeContextMenu::setTarget(const QString &address)
{
    m_target = address;
    const bool enabled = !address.isEmpty();
    for (QAction *action : actions())
        action->setEnabled(enabled);
    Q_EMIT targetChanged(address);
}

void NodeContextMenu::setOperationsEnabled(bool promote, bool failover)
{
    m_promote->setEnabled(promote);
    m_failover->setEnabled(failover);
}

void NodeContextMenu::popup(const QPoint &screenPos)
{
    if (m_target.isEmpty())
        return;
    m_menu->popup(screenPos);
}
