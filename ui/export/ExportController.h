#pragma once

#include "export/ExportJob.h"

#include <QObject>
#include <QPointer>

class ExportDialog;
class NodeContextMenu;
class QAction;
class QWidget;
class SshSessionPool;
class TopologyMonitor;

// The window's way into the config exports: File → Export Configs… and a node's "Export
// redis.conf…" / "Export Group Bundle…" open the ExportDialog on the current topology, with the
// nodes reached the way the window reaches them.
class ExportController : public QObject
{
    Q_OBJECT
public:
    ExportController(QWidget *window, TopologyMonitor *monitor, SshSessionPool *ssh, NodeContextMenu *nodeMenu);

    QAction *exportAction() const { return m_export; }
    // Opens (non-modal) the dialog preset to `kind` and `address` (empty: the first node).
    ExportDialog *open(ExportJob::Kind kind, const QString &address);

private:
    QWidget *m_window;
    TopologyMonitor *m_monitor;
    QPointer<SshSessionPool> m_ssh;
    QAction *m_export;
};
