#pragma once

#include "topology/Topology.h"

#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

class QDialog;
class QWidget;
class TopologyMonitor;

// The window's side of SSH host keys. An unknown key is asked about once per (SSH host,
// fingerprint); trusting it tells the monitor, which retries every node behind that host.
// A changed key is never accepted: the node gets a one-time notice explaining the refusal.
class HostKeyPrompter : public QObject
{
    Q_OBJECT
public:
    // Decides about an unknown key of the SSH server `host` that `address` is reached through,
    // and calls `answer` once, now or later (true = trust it). Replaceable so tests pre-answer.
    using Prompt = std::function<void(const QString &address, const QString &host,
                                      const QString &fingerprint, std::function<void(bool)> answer)>;

    // Dialogs open over `window`; both must outlive this object.
    HostKeyPrompter(TopologyMonitor *monitor, QWidget *window);

    void setPrompt(Prompt prompt) { m_prompt = std::move(prompt); }

    // Connect to TopologyMonitor::hostKeyUnknown.
    void askAboutUnknownKey(const QString &address, const QString &host, const QString &fingerprint);
    // Looks for nodes refused because their key changed; each is explained once.
    void checkForChangedKeys(const Topology &topology);

Q_SIGNALS:
    // Something worth a line in the status bar.
    void message(const QString &text);

private:
    void showDialog(const QString &address, const QString &host, const QString &fingerprint,
                    std::function<void(bool)> answer);
    void showChangedNotice(const TopologyNode &node);
    static void present(QDialog *dialog);
    QString sshEndpoint(const QString &address) const;

    QPointer<TopologyMonitor> m_monitor;
    QWidget *m_window;
    Prompt m_prompt;
    QSet<QString> m_asked;     // host|fingerprint
    QSet<QString> m_explained; // address|fingerprint of changed keys already explained
};
