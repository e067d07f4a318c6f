#include "NodeConfigOpener.h"

#include "ConfigEditorWindow.h"
#include "ConfigSource.h"
#include "HostKeyDialog.h"
#include "config/LiveConfigReader.h"
#include "RemoteFileDialog.h"
#include "config/AdvisorContextFetcher.h"
#include "config/RedisVersion.h"
#include "ssh/SshSessionPool.h"
#include "topology/TopologyMonitor.h"

#include <QMessageBox>
#include <QWidget>

namespace {

// The newest release line the schema knows that is not newer than the node's.
RedisVersion versionOf(const QString &text)
{
    const std::optional<RedisVersion> parsed = RedisVersion::parse(text);
    if (!parsed)
        return RedisVersion::reference();
    RedisVersion best = RedisVersion::known().constFirst();
    for (const RedisVersion &v : RedisVersion::known()) {
        if (v <= *parsed)
            best = v;
    }
    return best;
}

} // namespace

NodeConfigOpener::NodeConfigOpener(SshSessionPool *ssh, TopologyMonitor *monitor, QWidget *window)
    : QObject(window)
    , m_ssh(ssh)
    , m_monitor(monitor)
    , m_window(window)
{
}

void NodeConfigOpener::editLive(const QString &address)
{
    if (address.isEmpty() || !m_monitor)
        return;
    const ConnectionProfile profile = m_monitor->profileFor(address);
    auto *loader = new LiveConfigReader(profile, m_ssh, this);
    loader->setTransportFactory(m_factory);
    Q_EMIT message(tr("Reading the running configuration of %1…").arg(address));
    connect(loader, &LiveConfigReader::failed, this, [this, loader, address](const NetError &error) {
        loader->deleteLater();
        fail(tr("Cannot read the running configuration of %1: %2").arg(address, error.message));
    });
    connect(loader, &LiveConfigReader::loaded, this, [this, loader, address, profile] {
        loader->deleteLater();
        ConfigEditorWindow *editor = createEditor(address);
        editor->openLive(profile, loader->document(LiveConfig::Secrets::Hide));
        editor->show();
        Q_EMIT editorOpened(editor);
    });
    loader->start();
}

void NodeConfigOpener::editRemote(const QString &address)
{
    if (address.isEmpty() || !m_monitor)
        return;
    const ConnectionProfile profile = m_monitor->profileFor(address);
    const TopologyNode *node = m_monitor->topology().node(address);
    const QString configFile = node ? node->snapshot.raw(QStringLiteral("server"), QStringLiteral("config_file"))
                                    : QString();
    if (profile.ssh.enabled && !configFile.isEmpty()) {
        openRemote(address, profile.ssh, configFile);
        return;
    }
    if (m_dialog)
        m_dialog->close();
    m_dialog = new RemoteFileDialog(m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    SshOptions base = profile.ssh;
    if (!base.enabled) {
        base = SshOptions();
        base.host = profile.host;  // most often the file is on the machine running Redis
    }
    m_dialog->setSsh(base);
    m_dialog->setPath(configFile, node && configFile.isEmpty());
    connect(m_dialog, &QDialog::accepted, this, [this, address, dialog = m_dialog.data()] {
        openRemote(address, dialog->ssh(), dialog->path());
    });
    m_dialog->open();
}

void NodeConfigOpener::openRemote(const QString &address, const SshOptions &ssh, const QString &path)
{
    if (!m_ssh) {
        fail(tr("SSH is not available in this window."));
        return;
    }
    readRemote(address, ssh, path);
}

void NodeConfigOpener::readRemote(const QString &address, const SshOptions &ssh, const QString &path)
{
    const QString where = QStringLiteral("%1:%2").arg(ConfigSource::sshTarget(ssh), path);
    Q_EMIT message(tr("Reading %1…").arg(where));
    m_ssh->readFile(ssh, path, this, [this, address, ssh, path, where](const QByteArray &content,
                                                                       const RemoteFileInfo &info,
                                                                       const NetError &error) {
        if (error.kind == NetError::Kind::SshHostKeyUnknown) {
            const QString fingerprint = error.detail;
            QPointer<NodeConfigOpener> guard(this);
            auto answer = [guard, address, ssh, path, fingerprint](bool trust) {
                if (!guard)
                    return;
                if (!trust) {
                    guard->fail(tr("The SSH host key %1 of %2 was rejected; nothing was read.")
                                    .arg(fingerprint, ssh.host));
                    return;
                }
                SshOptions trusted = ssh;
                trusted.acceptFingerprint = fingerprint;  // stored in known_hosts on connect
                guard->readRemote(address, trusted, path);
            };
            if (m_prompt) {
                m_prompt(address, ssh.host, fingerprint, answer);
            } else {
                auto *dialog = new HostKeyDialog(HostKeyDialog::Mode::Unknown, address.isEmpty() ? where : address,
                                                 ConfigSource::sshTarget(ssh), fingerprint, m_window);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                connect(dialog, &QDialog::finished, this, [answer](int result) { answer(result == QDialog::Accepted); });
                dialog->open();
            }
            return;
        }
        if (error.isError()) {
            const QString why = error.kind == NetError::Kind::SshHostKeyChanged
                ? tr("the SSH host key of %1 changed (%2); Tandem refuses to connect until known_hosts is "
                     "fixed").arg(ssh.host, error.detail)
                : error.message;
            fail(tr("Cannot read %1: %2").arg(where, why));
            return;
        }
        ConfigSource source = ConfigSource::remote(ssh, path, info);
        if (!address.isEmpty() && m_monitor) {
            source.node = m_monitor->profileFor(address);
            source.hasNode = true;
        }
        ConfigEditorWindow *editor = createEditor(address);
        editor->openRemote(source, content);
        editor->show();
        Q_EMIT message(tr("Opened %1").arg(where));
        Q_EMIT editorOpened(editor);
    });
}

ConfigEditorWindow *NodeConfigOpener::createEditor(const QString &address)
{
    auto *editor = new ConfigEditorWindow(m_window, m_ssh);
    editor->setTransportFactory(m_factory);
    editor->setAuditLog(m_audit);
    connect(editor, &ConfigEditorWindow::auditLogRequested, this, &NodeConfigOpener::auditLogRequested);
    const TopologyNode *node = m_monitor && !address.isEmpty() ? m_monitor->topology().node(address) : nullptr;
    if (node && !node->snapshot.version.isEmpty())
        editor->setTargetVersion(versionOf(node->snapshot.version));
    if (node && m_monitor) {
        auto *fetcher = new AdvisorContextFetcher(m_ssh, editor);
        if (m_factory)
            fetcher->setTransportFactory(m_factory);
        QPointer<ConfigEditorWindow> target(editor);
        connect(fetcher, &AdvisorContextFetcher::finished, editor, [target, fetcher](const ConfigAdvisorContext &c) {
            if (target)
                target->setAdvisorContext(c);
            fetcher->deleteLater();
        });
        QPointer<TopologyMonitor> monitor(m_monitor);
        fetcher->start(m_monitor->topology(), address, [monitor](const QString &a) {
            return monitor ? monitor->profileFor(a) : ConnectionProfile();
        });
    }
    return editor;
}

void NodeConfigOpener::fail(const QString &text)
{
    Q_EMIT message(text);
    Q_EMIT failed(text);
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Redis configuration"), text, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("nodeConfigErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

RemoteFileDialog *NodeConfigOpener::remoteFileDialog() const
{
    return m_dialog;
}
