#include "MainWindowActions.h"

#include <QAction>
#include <QIcon>
#include <QWidget>

MainWindowActions::MainWindowActions(QWidget *window)
    : QObject(window)
    , m_window(window)
{
    m_connect = make(QStringLiteral("connect.svg"), tr("&Connect…"), QStringLiteral("connectAction"),
                     tr("Connect to a Redis node; Tandem discovers its replicas and master"),
                     QKeySequence(Qt::CTRL | Qt::Key_N));
    m_connectionManager = make(QStringLiteral("connection-manager.svg"), tr("Connection &Manager…"),
                               QStringLiteral("connectionManagerAction"),
                               tr("Saved connections: connect, edit, import and export profiles"),
                               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_startLab = make(QStringLiteral("lab.svg"), tr("Start Local &Lab"), QStringLiteral("labAction"),
                      tr("Start a local master with replicas to try things safely"));
    m_exportTopology = make(QStringLiteral("export.svg"), tr("&Export Topology…"),
                            QStringLiteral("exportTopologyAction"),
                            tr("Save the current topology as JSON, Graphviz DOT, an SVG or PNG picture, or text"),
                            QKeySequence(Qt::CTRL | Qt::Key_E));
    m_importTopology = make(QString(), tr("&Import Topology…"), QStringLiteral("importTopologyAction"),
                            tr("Save a connection for each node of a topology JSON file (tandemctl "
                               "topology --json, Export Topology)"),
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    m_openConfig = make(QStringLiteral("export.svg"), tr("Open &redis.conf…"), QStringLiteral("openConfigAction"),
                        tr("Edit and validate a redis.conf file with the checks redis-server makes and "
                           "replication advice"),
                        QKeySequence::Open);  // as Open… in the config editor's window
    m_auditLog = make(QString(), tr("&Audit Log"), QStringLiteral("auditLogAction"),
                      tr("Every promote and failover, step by step, with outcome and write pause"));
    m_showRemovedNodes = make(QString(), tr("Show &Removed Nodes"), QStringLiteral("showRemovedNodesAction"),
                              tr("Watch the nodes removed from the view again"),
                              QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete));
    m_showRemovedNodes->setEnabled(false);
    m_recover = make(QStringLiteral("warning.svg"), tr("&Recover Interrupted Operation…"),
                     QStringLiteral("recoverAction"),
                     tr("An operation was interrupted: see what state the group is in and finish the job"));
    m_setup = make(QString(), tr("&Set Up Replication…"), QStringLiteral("setupReplicationAction"),
                   tr("Make plain servers a master and its replicas: preflight, password, settings, one reviewed plan"));
    m_migrate = make(QString(), tr("Mi&grate to a New Server…"), QStringLiteral("migrateAction"),
                     tr("Move a master's data to another server by replication, verify it, then switch over "
                        "without losing an acknowledged write"));
    m_undoMigration = make(QString(), tr("&Undo Migration…"), QStringLiteral("undoMigrationAction"),
                           tr("The last migration's old server takes the master role back (coordinated switchover)"));
    m_undoMigration->setEnabled(false);
    m_askBeforeFencing = make(QString(), tr("Ask Before &Demoting a Returning Master"),
                              QStringLiteral("askBeforeFencingAction"),
                              tr("After a failover the old master is made a replica of the new one as soon as it "
                                 "comes back; checked, Tandem asks first (it stays a second master meanwhile)"));
    m_askBeforeFencing->setCheckable(true);
    m_quit = make(QStringLiteral("quit.svg"), tr("&Quit"), QStringLiteral("quitAction"),
                  tr("Quit Tandem (a local lab stops with it)"), QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quit->setMenuRole(QAction::QuitRole);
    m_about = make(QStringLiteral("tandem.svg"), tr("&About Tandem"), QStringLiteral("aboutAction"),
                   tr("Version and licence"));
    m_about->setMenuRole(QAction::AboutRole);
}

QAction *MainWindowActions::make(const QString &icon, const QString &text, const QString &objectName,
                                 const QString &toolTip, const QKeySequence &shortcut)
{
    auto *action = new QAction(icon.isEmpty() ? QIcon() : QIcon(QStringLiteral(":/icons/") + icon), text, this);
    action->setObjectName(objectName);
    action->setShortcut(shortcut);
    // Menus show the shortcut on their own; toolbar tooltips need it spelled out.
    const QString keys = shortcut.toString(QKeySequence::NativeText);
    action->setToolTip(keys.isEmpty() ? toolTip : tr("%1 (%2)").arg(toolTip, keys));
    // Window-wide shortcuts work even while the toolbar or menu bar is hidden.
    m_window->addAction(action);
    return action;
}
