#include "HostKeyPrompter.h"

#include "HostKeyDialog.h"
#include "NodeStatusText.h"
#include "topology/TopologyMonitor.h"

#include <QWidget>

HostKeyPrompter::HostKeyPrompter(TopologyMonitor *monitor, QWidget *window)
    : QObject(window)
    , m_monitor(monitor)
    , m_window(window)
{
}

QString HostKeyPrompter::sshEndpoint(const QString &address) const
{
    if (!m_monitor)
        return QString();
    const SshOptions ssh = m_monitor->profileFor(address).ssh;
    ConnectionProfile endpoint;  // for address(): host:port with IPv6 brackets
    endpoint.host = ssh.host;
    endpoint.port = ssh.port;
    return endpoint.address();
}

void HostKeyPrompter::askAboutUnknownKey(const QString &address, const QString &host,
                                         const QString &fingerprint)
{
    const QString key = host + QLatin1Char('|') + fingerprint;
    if (m_asked.contains(key))
        return;
    m_asked.insert(key);
    QPointer<HostKeyPrompter> guard(this);
    auto answer = [guard, address, host, fingerprint](bool trust) {
        if (!guard || !guard->m_monitor)
            return;  // the window went away while the question was open
        if (trust) {
            guard->m_monitor->acceptHostKey(address, fingerprint);
            Q_EMIT guard->message(tr("Trusting the SSH host key %1 of %2; connecting…").arg(fingerprint, host));
        } else {
            Q_EMIT guard->message(tr("%1 — SSH host key %2 of %3 rejected; not connecting")
                                      .arg(address, fingerprint, host));
        }
    };
    if (m_prompt)
        m_prompt(address, host, fingerprint, answer);
    else
        showDialog(address, host, fingerprint, answer);
}

void HostKeyPrompter::showDialog(const QString &address, const QString &host,
                                 const QString &fingerprint, std::function<void(bool)> answer)
{
    const QString endpoint = sshEndpoint(address);
    auto *dialog = new HostKeyDialog(HostKeyDialog::Mode::Unknown, address,
                                     endpoint.isEmpty() ? host : endpoint, fingerprint, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [answer](int result) { answer(result == QDialog::Accepted); });
    present(dialog);
}

void HostKeyPrompter::checkForChangedKeys(const Topology &topology)
{
    for (const TopologyNode &node : topology.nodes) {
        if (node.reachability != NodeReachability::HostKeyChanged)
            continue;
        const QString key = node.address + QLatin1Char('|') + NodeStatusText::fingerprintIn(node.error);
        if (m_explained.contains(key))
            continue;
        m_explained.insert(key);
        showChangedNotice(node);
    }
}

void HostKeyPrompter::showChangedNotice(const TopologyNode &node)
{
    auto *dialog = new HostKeyDialog(HostKeyDialog::Mode::Changed, node.address, sshEndpoint(node.address),
                                     NodeStatusText::fingerprintIn(node.error), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    present(dialog);
}

void HostKeyPrompter::present(QDialog *dialog)
{
    // Non-modal: the operator can look at the topology (and other nodes) before deciding.
    dialog->setWindowModality(Qt::NonModal);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}
