#pragma once

#include <QKeySequence>
#include <QObject>

class QAction;
class QWidget;

// The window-wide commands (File and Help menus, toolbar), with their icons, shortcuts and
// tooltips in one place so menus, toolbar and empty page show the same thing. The window
// connects them; this class only describes them.
class MainWindowActions : public QObject
{
    Q_OBJECT
public:
    // Shortcuts are window-wide: the actions are added to `window`.
    explicit MainWindowActions(QWidget *window);

    QAction *connectNode() const { return m_connect; }
    QAction *connectionManager() const { return m_connectionManager; }
    QAction *startLab() const { return m_startLab; }
    QAction *exportTopology() const { return m_exportTopology; }
    // Saved connections for the nodes of a topology JSON file; enabled while profiles can be saved.
    QAction *importTopology() const { return m_importTopology; }
    QAction *openConfig() const { return m_openConfig; }
    QAction *auditLog() const { return m_auditLog; }
    // Enabled while nodes removed from the view could be shown again.
    QAction *showRemovedNodes() const { return m_showRemovedNodes; }
    QAction *recover() const { return m_recover; }
    QAction *setupReplication() const { return m_setup; }
    // Migrate to a New Server (the selected master preset); Undo Migration, enabled by the
    // window while the last migration's source follows its target.
    QAction *migrate() const { return m_migrate; }
    QAction *undoMigration() const { return m_undoMigration; }
    // Checked: a fenced old master that comes back is demoted only after the user agrees.
    QAction *askBeforeFencing() const { return m_askBeforeFencing; }
    QAction *quit() const { return m_quit; }
    QAction *about() const { return m_about; }

private:
    QAction *make(const QString &icon, const QString &text, const QString &objectName,
                  const QString &toolTip, const QKeySequence &shortcut = {});

    QWidget *m_window;
    QAction *m_connect;
    QAction *m_connectionManager;
    QAction *m_startLab;
    QAction *m_exportTopology;
    QAction *m_importTopology;
    QAction *m_openConfig;
    QAction *m_auditLog;
    QAction *m_showRemovedNodes;
    QAction *m_recover;
    QAction *m_setup;
    QAction *m_migrate;
    QAction *m_undoMigration;
    QAction *m_askBeforeFencing;
    QAction *m_quit;
    QAction *m_about;
};
