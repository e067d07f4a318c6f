#pragma once

#include "HostKeyPrompter.h"
#include "NodeProblemTracker.h"
#include "NodeTableView.h"
#include "net/ConnectionProfile.h"
#include "net/Transport.h"
#include "topology/MetricHistory.h"
#include "topology/Topology.h"

#include <QMainWindow>
#include <QPointer>

class ConnectionDialog;
class ConnectionManagerDialog;
class ConsoleTabs;
class ExportController;
class DockLayout;
class EventLogView;
class LabLauncher;
class MainWindowActions;
class NodeContextMenu;
class NodeConfigOpener;
class NodeConnector;
class HelpController;
class NodeInspector;
class NodeTableModel;
class OperationsController;
class ProfileStore;
class QLabel;
class QPushButton;
class QStackedWidget;
class SshSessionPool;
class TopologyMonitor;
class TopologyView;

// The window an operator lives in: the replication topology in the middle, the node table,
// inspector, event log and consoles around it. It owns one TopologyMonitor and only ever reads
// Redis through it (and through the consoles it opens); everything shown is a Topology value.
// Selecting a node anywhere (picture, table, inspector link) selects it everywhere.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    using HostKeyPrompt = HostKeyPrompter::Prompt;

    // `ssh` (may be null: no SSH) and `profiles` (may be null: no saved connections) must
    // outlive the window.
    explicit MainWindow(SshSessionPool *ssh = nullptr, ProfileStore *profiles = nullptr,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    // Watches the node and whatever replication group it belongs to.
    void addNode(const ConnectionProfile &profile);
    void removeNode(const QString &address);
    void showRemovedNodes();

    // Opens the quick-connect dialog without blocking (open(), not exec()); an accepted dialog
    // adds its node. Returns the dialog so callers can drive it.
    ConnectionDialog *openConnectionDialog();
    // The saved connections (null without a profile store). Non-modal, one at a time.
    ConnectionManagerDialog *openConnectionManager();
    // Starts a local master with `replicas` (and `chainedReplicas` under the first replica)
    // and watches it from the master; discovery finds the rest. The lab stops with the window.
    void startLab(int replicas = 2, int chainedReplicas = 0);
    // Starts `servers` unlinked local servers and watches each (for Set Up Replication).
    void startStandaloneLab(int servers);
    // A message for the user: status bar, and the empty page while there are no nodes.
    void showNotice(const QString &text);
    // The node the Node menu acts on; empty when none is selected.
    QString selectedNode() const { return m_selected; }
    void selectNode(const QString &address);
    void openConsole(const QString &address);

    void setHostKeyPrompt(HostKeyPrompt prompt);
    void setPollInterval(int ms);
    // For protocol edge cases in tests: transports of nodes and consoles opened afterwards.
    void setTransportFactory(TransportFactory factory);

    TopologyMonitor *monitor() const { return m_monitor; }
    const MetricHistory &history() const { return m_history; }
    NodeTableModel *nodeModel() const { return m_model; }
    QTableView *nodeTable() const { return m_table; }
    TopologyView *topologyView() const { return m_view; }
    NodeInspector *inspector() const { return m_inspector; }
    ConsoleTabs *consoles() const { return m_consoles; }
    EventLogView *eventLog() const { return m_eventLog; }
    DockLayout *docks() const { return m_docks; }
    // Opens config editors for nodes (Node ▸ Edit Live Configuration / redis.conf over SSH).
    NodeConfigOpener *configOpener() const { return m_configOpener; }
    ExportController *exports() const { return m_exports; }
    // Promote, fail over, recover, the audit log, the master fence (Operations menu).
    OperationsController *operations() const { return m_ops; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    static QString defaultNotice();
    void createWidgets();
    void createMenus();
    void createToolBar();
    QWidget *createEmptyPage();
    void connectSignals();
    void onTopologyChanged(const Topology &topology);
    void onTableSelectionChanged();
    void showTableContextMenu(const QPoint &pos);
    void showNodeContextMenu(const QString &address, const QPoint &screenPos);
    void updateSummary(const Topology &topology);
    void updatePage();
    void updateLabControls();
    void saveQuickConnectProfile(const ConnectionProfile &profile);
    void launchLab(int replicas, int chainedReplicas, int standalone);

    SshSessionPool *m_ssh;
    TransportFactory m_transportFactory;
    ProfileStore *m_profiles;
    TopologyMonitor *m_monitor;
    MetricHistory m_history;
    NodeProblemTracker m_problems;
    MainWindowActions *m_actions = nullptr;
    NodeContextMenu *m_nodeMenu = nullptr;
    HostKeyPrompter *m_hostKeys = nullptr;
    NodeConfigOpener *m_configOpener = nullptr;
    ExportController *m_exports = nullptr;
    NodeConnector *m_connector = nullptr;
    OperationsController *m_ops = nullptr;
    HelpController *m_help = nullptr;
    DockLayout *m_docks = nullptr;
    NodeTableModel *m_model = nullptr;
    QStackedWidget *m_stack = nullptr;
    TopologyView *m_view = nullptr;
    NodeTableView *m_table = nullptr;
    NodeInspector *m_inspector = nullptr;
    ConsoleTabs *m_consoles = nullptr;
    EventLogView *m_eventLog = nullptr;
    QLabel *m_noticeLabel = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QPushButton *m_emptyLabButton = nullptr;
    QPointer<LabLauncher> m_lab;
    QPointer<ConnectionManagerDialog> m_manager;
    QString m_selected;
    bool m_syncingSelection = false;  // re-entrance guard while views follow each other
    bool m_layoutSized = false;

};
