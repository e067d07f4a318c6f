#pragma once

#include "export/ExportJob.h"

#include <QObject>
#include <QPointer>

class AuditLog;
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
    // File → Export Topology…: asks where, then writes the topology as it is then (audited).
    void exportTopology(AuditLog *audit);

Q_SIGNALS:
    // A one-line outcome for the status bar, shown for `timeoutMs` (0: until replaced).
    void notice(const QString &text, int timeoutMs);

private:
    QWidget *m_window;
    TopologyMonitor *m_monitor;
    QPointer<SshSessionPool> m_ssh;
    QAction *m_export;
};
