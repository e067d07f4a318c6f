#pragma once

#include <QList>
#include <QObject>

class QAction;
class QDockWidget;
class QMainWindow;
class QWidget;

// The panels around the topology: node table and event log/console (bottom), inspector
// (right). Every dock can be closed, floated and brought back from the View menu; the
// arrangement the user makes is saved and restored with the window geometry.
class DockLayout : public QObject
{
    Q_OBJECT
public:
    DockLayout(QMainWindow *window, QWidget *nodes, QWidget *inspector, QWidget *eventLog,
               QWidget *consoles);

    QDockWidget *nodesDock() const { return m_nodes; }
    QDockWidget *inspectorDock() const { return m_inspector; }
    QDockWidget *eventLogDock() const { return m_eventLog; }
    QDockWidget *consoleDock() const { return m_console; }
    // Show/hide toggles for the View menu, in the order the docks should be listed.
    QList<QAction *> toggleActions() const;

    // Sizes that suit the window's current size; call once it has one, before restore().
    // The nodes panel gets `nodesPreferredWidth` (what its columns need) when there is room.
    void applyDefaultSizes(int nodesPreferredWidth = 0);
    // Every panel back where it starts, shown and docked, at the default sizes; the saved
    // arrangement is forgotten.
    void resetToDefaults(int nodesPreferredWidth = 0);
    // Shows `dock` (if the user closed it) and brings its tab to the front.
    static void reveal(QDockWidget *dock);

    // QSettings, default location. restore() returns false when nothing was saved yet (or
    // the saved state no longer fits), leaving the default arrangement.
    bool restore();
    void save() const;

private:
    void arrange();
    QDockWidget *makeDock(const QString &objectName, const QString &title, QWidget *content,
                          const QKeySequence &toggleShortcut);

    QMainWindow *m_window;
    QDockWidget *m_nodes;
    QDockWidget *m_inspector;
    QDockWidget *m_eventLog;
    QDockWidget *m_console;
};
