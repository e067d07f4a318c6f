#pragma once

#include "net/ConnectionProfile.h"
#include "net/NetError.h"
#include "net/Transport.h"

#include <QObject>
#include <QPointer>

#include <functional>

class AuditLog;
class ConfigEditorWindow;
class RemoteFileDialog;
class SshSessionPool;
class TopologyMonitor;
class QWidget;

// Opens config editors for a node of the topology: its running configuration (CONFIG GET *,
// secrets masked), or its redis.conf over SSH (the node's SSH settings and INFO server
// config_file when known, else asked with a RemoteFileDialog). The editor then checks against
// the node's Redis version and gets the cross-node advice context (AdvisorContextFetcher).
// Unknown SSH host keys are asked about; a changed one is refused. Never blocks.
class NodeConfigOpener : public QObject
{
    Q_OBJECT
public:
    // Same shape as HostKeyPrompter::Prompt, so one test seam answers both.
    using HostKeyPrompt = std::function<void(const QString &address, const QString &host,
                                             const QString &fingerprint, std::function<void(bool)> answer)>;

    // Editors and dialogs open over `window`; all three must outlive this object.
    NodeConfigOpener(SshSessionPool *ssh, TopologyMonitor *monitor, QWidget *window);

    void setHostKeyPrompt(HostKeyPrompt prompt) { m_prompt = std::move(prompt); }
    void setTransportFactory(TransportFactory factory) { m_factory = std::move(factory); }
    // The audit log the editors' Apply writes to (the window's); must outlive the editors.
    void setAuditLog(AuditLog *audit) { m_audit = audit; }

    void editLive(const QString &address);
    void editRemote(const QString &address);
    // Reads `path` over `ssh` and opens it as the config of `address` (empty: no node).
    void openRemote(const QString &address, const SshOptions &ssh, const QString &path);
    // The dialog editRemote() asked with, while it is open.
    RemoteFileDialog *remoteFileDialog() const;

Q_SIGNALS:
    void editorOpened(ConfigEditorWindow *editor);
    void failed(const QString &message);
    void message(const QString &text);
    // An editor it opened asked to show an Apply's run in the audit log.
    void auditLogRequested(const QString &operationId);

private:
    ConfigEditorWindow *createEditor(const QString &address);
    void readRemote(const QString &address, const SshOptions &ssh, const QString &path);
    void fail(const QString &text);

    SshSessionPool *m_ssh;
    QPointer<TopologyMonitor> m_monitor;
    QWidget *m_window;
    HostKeyPrompt m_prompt;
    TransportFactory m_factory;
    AuditLog *m_audit = nullptr;
    QPointer<RemoteFileDialog> m_dialog;
};
