#include "NodeConnector.h"

#include "net/ConnectionTester.h"
#include "topology/TopologyMonitor.h"

#include <QMessageBox>
#include <QWidget>

NodeConnector::NodeConnector(TopologyMonitor *monitor, SshSessionPool *ssh, QWidget *window)
    : QObject(window)
    , m_monitor(monitor)
    , m_ssh(ssh)
    , m_window(window)
{
}

bool NodeConnector::checkInView(const ConnectionProfile &profile)
{
    const Topology topology = m_monitor->topology();
    const TopologyNode *known = topology.node(profile.address());
    if (!known || !known->isUp())
        return false;
    auto *tester = new ConnectionTester(profile, m_ssh, this, m_factory);
    connect(tester, &ConnectionTester::finished, this, [this, tester, profile](const ConnectionTester::Result &result) {
        tester->deleteLater();
        if (result.ok()) {
            m_monitor->addSeed(profile);
            Q_EMIT status(tr("%1 is already in view; these settings work too (%2).")
                              .arg(profile.displayName(), result.summary()),
                          10000);
            return;
        }
        const QString text = tr("%1 is already in view; connecting with these settings failed: %2\n\n"
                                "Tandem keeps watching it with the settings that work.")
                                 .arg(profile.displayName(), result.error.message);
        Q_EMIT status(text.simplified(), 0);
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Connection Failed"), text, QMessageBox::Ok, m_window);
        box->setObjectName(QStringLiteral("connectionFailedBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    Q_EMIT status(tr("Checking the new settings for %1…").arg(profile.displayName()), 5000);
    tester->start();
    return true;
}
