#include "ExportController.h"

#include "ExportDialog.h"
#include "NodeContextMenu.h"
#include "TopologyExportDialog.h"
#include "ssh/SshSessionPool.h"
#include "topology/TopologyMonitor.h"

#include <QAction>
#include <QDir>
#include <QWidget>

ExportController::ExportController(QWidget *window, TopologyMonitor *monitor, SshSessionPool *ssh,
                                   NodeContextMenu *nodeMenu)
    : QObject(window)
    , m_window(window)
    , m_monitor(monitor)
    , m_ssh(ssh)
{
    m_export = new QAction(QIcon(QStringLiteral(":/icons/export.svg")), tr("Export &Configs…"), this);
    m_export->setObjectName(QStringLiteral("exportConfigsAction"));
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_export->setToolTip(tr("Export a node's redis.conf, a group's sentinel.conf files, users.acl or a deployment bundle"));
    window->addAction(m_export);
    connect(m_export, &QAction::triggered, this, [this] { open(ExportJob::Kind::RedisConf, QString()); });
    connect(nodeMenu, &NodeContextMenu::exportConfigRequested, this,
            [this](const QString &address) { open(ExportJob::Kind::RedisConf, address); });
    connect(nodeMenu, &NodeContextMenu::exportBundleRequested, this,
            [this](const QString &address) { open(ExportJob::Kind::Bundle, address); });
}

ExportDialog *ExportController::open(ExportJob::Kind kind, const QString &address)
{
    TopologyMonitor *monitor = m_monitor;
    auto *dialog = new ExportDialog(monitor->topology(),
                                    [monitor](const QString &a) { return monitor->profileFor(a); }, m_ssh, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setKind(kind);
    if (!address.isEmpty())
        dialog->setAddress(address);
    dialog->show();
    return dialog;
}

void ExportController::exportTopology(AuditLog *audit)
{
    auto *dialog = new TopologyExportDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, audit](const QString &path) {
        QString error;
        const QString shown = QDir::toNativeSeparators(path);
        if (TopologyExportDialog::write(m_monitor->topology(), path, &error, audit))
            Q_EMIT notice(tr("Topology exported to %1").arg(shown), 8000);
        else
            Q_EMIT notice(tr("Could not export the topology to %1: %2").arg(shown, error), 0);
    });
    dialog->open();
}
