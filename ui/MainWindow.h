#pragma once

#include "net/ConnectionProfile.h"
#include "net/Transport.h"
#include "topology/NodeMonitor.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <functional>

class ConnectionDialog;
class LabLauncher;
class NodeTableModel;
class QAction;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class SshSessionPool;

// The first window: a table of watched nodes with their status, role and replication link.
// It creates one NodeMonitor per node and only ever reads Redis through them.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Decides about an SSH host key a node reported (monitor->status() tells unknown from
    // changed, monitor->lastError().detail holds the fingerprint) and calls `answer` once,
    // now or later; answering true trusts an unknown key. Replaceable so tests pre-answer.
    using HostKeyPrompt = std::function<void(NodeMonitor *monitor, std::function<void(bool)> answer)>;

    // `ssh` (may be null: no SSH) must outlive the window.
    explicit MainWindow(SshSessionPool *ssh = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    NodeMonitor *addNode(const ConnectionProfile &profile);
    void removeNode(NodeMonitor *monitor);
    NodeTableModel *model() const { return m_model; }

    // Opens the connection dialog without blocking (open(), not exec()); an accepted dialog
    // adds its node. Returns the dialog so callers can drive it.
    ConnectionDialog *openConnectionDialog();
    // Starts a local master + `replicas` lab; its nodes are added once it runs.
    void startLab(int replicas = 2, int chainedReplicas = 0);
    // A message for the user: status bar, and the empty page while there are no nodes.
    void showNotice(const QString &text);

    void setHostKeyPrompt(HostKeyPrompt prompt) { m_hostKeyPrompt = std::move(prompt); }
    void setPollInterval(int ms);
    // For protocol edge cases in tests: transports of nodes added after the call.
    void setTransportFactory(TransportFactory factory) { m_transportFactory = std::move(factory); }

private:
    static QString defaultNotice();
    void createActions();
    QWidget *createEmptyPage();
    void createTable();
    void updateView();
    void updateSummary();
    QList<NodeMonitor *> selectedMonitors() const;
    void disconnectSelected();
    void reconnectSelected();
    void onStatusChanged(NodeMonitor *monitor);
    void askAboutHostKey(NodeMonitor *monitor);
    void showHostKeyDialog(NodeMonitor *monitor, std::function<void(bool)> answer);

    SshSessionPool *m_ssh;
    NodeTableModel *m_model;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_noticeLabel = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QPushButton *m_emptyLabButton = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_reconnectAction = nullptr;
    QAction *m_labAction = nullptr;
    QAction *m_quitAction = nullptr;
    QPointer<LabLauncher> m_lab;
    HostKeyPrompt m_hostKeyPrompt;
    TransportFactory m_transportFactory;
    int m_pollIntervalMs = 1000;
    QSet<NodeMonitor *> m_promptOpen;       // one host key question per node at a time
    QSet<NodeMonitor *> m_reportedProblem;  // to say "connected again" only after trouble
};
