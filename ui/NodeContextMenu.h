#pragma once

#include <QList>
#include <QObject>
#include <QPoint>
#include <QString>

class QAction;
class QMenu;
class QWidget;

// What can be done to one node, wherever it is picked (topology card, table row, Node menu):
// open a console, reconnect, remove it from the view, copy its address. The actions apply to
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

    // Shows the actions for the current target at `screenPos` (non-blocking).
    void popup(const QPoint &screenPos);
    QMenu *menu() const { return m_menu; }

Q_SIGNALS:
    void consoleRequested(const QString &address);
    void reconnectRequested(const QString &address);
    void removeRequested(const QString &address);

private:
    QAction *make(const QString &icon, const QString &text, const QString &objectName);

    QString m_target;
    QAction *m_openConsole;
    QAction *m_reconnect;
    QAction *m_remove;
    QAction *m_copyAddress;
    QMenu *m_menu;
};
