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
    m_remove->setToolTip(tr("Stop watching the selected node; Tandem finds it again if its "
                            "group still names it (Delete)"));
    connect(m_remove, &QAction::triggered, this, [this] { Q_EMIT removeRequested(m_target); });

    m_copyAddress = make(QString(), tr("Copy &Address"), QStringLiteral("copyAddressAction"));
    m_copyAddress->setToolTip(tr("Copy host:port of the selected node"));
    connect(m_copyAddress, &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(m_target);
    });

    // Window-wide shortcuts (Ctrl+`, F5); Delete is attached to the node views by the window.
    window->addAction(m_openConsole);
    window->addAction(m_reconnect);

    m_menu = new QMenu(window);
    m_menu->setObjectName(QStringLiteral("nodeContextMenu"));
    m_menu->addActions({m_openConsole, m_reconnect});
    m_menu->addSeparator();
    m_menu->addActions({m_copyAddress, m_remove});
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
    return {m_openConsole, m_reconnect, m_copyAddress, m_remove};
}

void NodeContextMenu::setTarget(const QString &address)
{
    m_target = address;
    const bool enabled = !address.isEmpty();
    for (QAction *action : actions())
        action->setEnabled(enabled);
}

void NodeContextMenu::popup(const QPoint &screenPos)
{
    if (m_target.isEmpty())
        return;
    m_menu->popup(screenPos);
}
