#include "MainWindow.h"


#include "ConnectionDialog.h"
#include "ConnectionManagerDialog.h"
#include "DockLayout.h"
#include "LabLauncher.h"
#include "MainWindowActions.h"
#include "NodeConnector.h"
#include "NodeContextMenu.h"
#include "export/ExportController.h"
#include "NodeTableModel.h"
#include "NodeTableView.h"
#include "config/ConfigEditorWindow.h"
#include "config/NodeConfigOpener.h"
#include "help/HelpController.h"
#include "widgets/RowTableStyle.h"
#include "TopologyImportDialog.h"
#include "console/ConsoleTabs.h"
#include "eventlog/EventLogView.h"
#include "inspector/NodeInspector.h"
#include "ops/OperationsController.h"
#include "profile/ProfileStore.h"
#include "topology/TopologyMonitor.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

// Q_INIT_RESOURCE must be called outside any namespace; tandem_ui is a static library, so
// without this reference the linker would drop the icons.
static void initTandemResources()
{
    Q_INIT_RESOURCE(tandem);
}

MainWindow::MainWindow(SshSessionPool *ssh, ProfileStore *profiles, QWidget *parent)
    : QMainWindow(parent)
    , m_ssh(ssh)
    , m_profiles(profiles)
    , m_monitor(new TopologyMonitor(ssh, this))
{
    initTandemResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Tandem"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tandem.svg")));

    m_actions = new MainWindowActions(this);
    m_nodeMenu = new NodeContextMenu(this);
    m_hostKeys = new HostKeyPrompter(m_monitor, this);
    m_configOpener = new NodeConfigOpener(ssh, m_monitor, this);
    m_connector = new NodeConnector(m_monitor, ssh, this);
    connect(m_connector, &NodeConnector::status, this,
            [this](const QString &text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); });
    createWidgets();
    m_ops = new OperationsController(
        {this, ssh, m_monitor, m_nodeMenu, m_inspector, m_view->topologyScene(), m_actions, profiles});
    m_help = new HelpController({this, m_monitor, m_actions->askBeforeFencing(), m_actions->about(),
                                 [this] { m_docks->resetToDefaults(m_table->preferredWidth()); }});
    m_configOpener->setAuditLog(m_ops->audit());
    m_exports = new ExportController(this, m_monitor, ssh, m_nodeMenu);
    connect(m_ops, &OperationsController::fencesChanged, m_model, &NodeTableModel::setFences);
    createMenus();
    createToolBar();

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    statusBar()->addPermanentWidget(m_summaryLabel);

    connectSignals();
    resize(1280, 800);
    m_layoutSized = m_docks->restore();
    updatePage();
    updateLabControls();
}

MainWindow::~MainWindow()
{
    // The monitor first, quietly: nothing may react to its last signals while the widgets
    // (and the history the inspector reads) are being torn down.
    m_monitor->disconnect(this);
    m_inspector->setHistory(nullptr);
    delete m_monitor;
    // Children go in creation order: the scene and the table report their selection going
    // away after the actions selectNode() touches are gone.
    m_view->topologyScene()->disconnect(this);
    m_table->selectionModel()->disconnect(this);
    m_inspector->disconnect(this);
}

QString MainWindow::defaultNotice()
{
    return tr("Connect to a Redis node, or start a local lab to try Tandem without touching a "
              "real server.");
}

void MainWindow::createWidgets()
{
    // Creation order is the Tab order: picture, table, inspector, event log, consoles.
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("centralStack"));
    m_stack->addWidget(createEmptyPage());
    m_view = new TopologyView(m_stack);
    m_view->addAction(m_nodeMenu->removeAction());
    m_stack->addWidget(m_view);
    setCentralWidget(m_stack);

    m_model = new NodeTableModel(this);
    m_table = new NodeTableView(m_model, this);
    m_table->addAction(m_nodeMenu->removeAction());
    m_inspector = new NodeInspector(this);
    m_inspector->setHistory(&m_history);
    m_eventLog = new EventLogView(nullptr, this);

    // An empty tab widget looks broken; say how consoles come to be instead.
    auto *consolePage = new QStackedWidget(this);
    consolePage->setObjectName(QStringLiteral("consolePage"));
    auto *consoleHint = new QLabel(tr("No console open. Pick a node and choose Open Console "
                                      "(Ctrl+`), or double-click it."), consolePage);
    consoleHint->setObjectName(QStringLiteral("consoleHint"));
    consoleHint->setAlignment(Qt::AlignCenter);
    consoleHint->setWordWrap(true);
    consoleHint->setForegroundRole(QPalette::PlaceholderText);
    m_consoles = new ConsoleTabs(m_ssh, consolePage);
    consolePage->addWidget(consoleHint);
    consolePage->addWidget(m_consoles);
    connect(m_consoles, &ConsoleTabs::consoleCountChanged, consolePage, [consolePage](int count) {
        consolePage->setCurrentIndex(count > 0 ? 1 : 0);
    });

    m_docks = new DockLayout(this, m_table, m_inspector, m_eventLog, consolePage);
}

QWidget *MainWindow::createEmptyPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("emptyPage"));
    auto *icon = new QLabel(page);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/tandem.svg")).pixmap(64, 64));
    icon->setAlignment(Qt::AlignCenter);
    auto *title = new QLabel(tr("No nodes yet"), page);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    m_noticeLabel = new QLabel(defaultNotice(), page);
    m_noticeLabel->setObjectName(QStringLiteral("noticeLabel"));
    m_noticeLabel->setAlignment(Qt::AlignCenter);
    m_noticeLabel->setWordWrap(true);
    m_noticeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QAction *connectAction = m_actions->connectNode();
    auto *connectButton = new QPushButton(connectAction->icon(), tr("Connect to a Node…"), page);
    connectButton->setObjectName(QStringLiteral("emptyConnectButton"));
    connect(connectButton, &QPushButton::clicked, connectAction, &QAction::trigger);
    QAction *labAction = m_actions->startLab();
    m_emptyLabButton = new QPushButton(labAction->icon(), tr("Start a Local Lab"), page);
    m_emptyLabButton->setObjectName(QStringLiteral("emptyLabButton"));
    connect(m_emptyLabButton, &QPushButton::clicked, labAction, &QAction::trigger);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(connectButton);
    buttons->addWidget(m_emptyLabButton);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(page);
    layout->addStretch(2);
    layout->addWidget(icon);
    layout->addWidget(title);
    layout->addWidget(m_noticeLabel);
    layout->addSpacing(12);
    layout->addLayout(buttons);
    layout->addStretch(3);
    return page;
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(m_actions->connectionManager());
    file->addAction(m_actions->connectNode());
    file->addSeparator();
    file->addAction(m_actions->startLab());
    file->addSeparator();
    file->addAction(m_actions->openConfig());
    file->addAction(m_actions->exportTopology());
    file->addAction(m_exports->exportAction());
    file->addAction(m_actions->importTopology());
    file->addSeparator();
    file->addAction(m_help->preferencesAction());
    file->addSeparator();
    file->addAction(m_actions->quit());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addActions({m_view->zoomInAction(), m_view->zoomOutAction(), m_view->fitAction()});
    view->addSeparator();
    view->addAction(m_actions->showRemovedNodes());
    view->addSeparator();
    view->addActions(m_docks->toggleActions());

    QMenu *node = menuBar()->addMenu(tr("&Node"));
    node->setObjectName(QStringLiteral("nodeMenu"));
    node->addActions({m_nodeMenu->openConsoleAction(), m_nodeMenu->reconnectAction()});
    node->addSeparator();
    node->addActions({m_nodeMenu->editLiveConfigAction(), m_nodeMenu->editRemoteConfigAction()});
    node->addActions({m_nodeMenu->healthCheckAction(), m_nodeMenu->logViewAction()});
    node->addActions({m_nodeMenu->exportConfigAction(), m_nodeMenu->exportBundleAction()});
    node->addSeparator();
    node->addActions({m_nodeMenu->copyAddressAction(), m_nodeMenu->removeAction()});

    QMenu *ops = menuBar()->addMenu(tr("&Operations"));
    ops->setObjectName(QStringLiteral("operationsMenu"));
    ops->addActions({m_actions->setupReplication(), m_actions->migrate(), m_actions->undoMigration()});
    ops->addSeparator();
    ops->addActions({m_nodeMenu->promoteAction(), m_nodeMenu->failoverAction(), m_nodeMenu->fenceNowAction(),
                     m_nodeMenu->minReplicasAction(), m_nodeMenu->detachAction()});
    ops->addSeparator();
    ops->addActions({m_actions->recover(), m_actions->auditLog()});
    ops->addSeparator();
    ops->addAction(m_actions->askBeforeFencing());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    m_help->fillHelpMenu(help);
}

void MainWindow::createToolBar()
{
    QToolBar *toolBar = addToolBar(tr("Main Toolbar"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_actions->connectNode());
    toolBar->addAction(m_actions->connectionManager());
    toolBar->addAction(m_actions->startLab());
    toolBar->addSeparator();
    const QList<QAction *> zoom = {m_view->zoomInAction(), m_view->zoomOutAction(), m_view->fitAction()};
    for (QAction *action : zoom) {
        toolBar->addAction(action);
        if (auto *button = qobject_cast<QToolButton *>(toolBar->widgetForAction(action)))
            button->setToolButtonStyle(Qt::ToolButtonIconOnly);  // the icons say it; keep the bar short
    }
    if (QMenu *view = findChild<QMenu *>(QStringLiteral("viewMenu"))) {
        view->addSeparator();
        view->addAction(toolBar->toggleViewAction());
    }
}

void MainWindow::connectSignals()
{
    connect(m_monitor, &TopologyMonitor::topologyChanged, this, &MainWindow::onTopologyChanged);
    connect(m_monitor, &TopologyMonitor::eventsOccurred, m_eventLog, &EventLogView::appendEvents);
    connect(m_monitor, &TopologyMonitor::hostKeyUnknown, m_hostKeys, &HostKeyPrompter::askAboutUnknownKey);
    connect(m_hostKeys, &HostKeyPrompter::message, this, [this](const QString &text) {
        statusBar()->showMessage(text);
    });

    TopologyScene *scene = m_view->topologyScene();
    connect(scene, &TopologyScene::nodeSelected, this, &MainWindow::selectNode);
    connect(scene, &TopologyScene::nodeActivated, this, &MainWindow::openConsole);
    connect(scene, &TopologyScene::nodeContextMenuRequested, this, &MainWindow::showNodeContextMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onTableSelectionChanged);
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        openConsole(m_model->addressAt(index.row()));
    });
    connect(m_table, &QWidget::customContextMenuRequested, this, &MainWindow::showTableContextMenu);
    connect(m_inspector, &NodeInspector::consoleRequested, this, &MainWindow::openConsole);
    connect(m_inspector, &NodeInspector::nodeActivated, this, &MainWindow::selectNode);

    connect(m_ops, &OperationsController::message, statusBar(), &QStatusBar::showMessage);
    connect(m_ops, &OperationsController::eventsOccurred, m_eventLog, &EventLogView::appendEvents);
    connect(m_nodeMenu, &NodeContextMenu::consoleRequested, this, &MainWindow::openConsole);
    connect(m_nodeMenu, &NodeContextMenu::removeRequested, this, &MainWindow::removeNode);
    connect(m_nodeMenu, &NodeContextMenu::editLiveConfigRequested, m_configOpener, &NodeConfigOpener::editLive);
    connect(m_nodeMenu, &NodeContextMenu::editRemoteConfigRequested, m_configOpener, &NodeConfigOpener::editRemote);
    connect(m_configOpener, &NodeConfigOpener::auditLogRequested, m_ops, [this](const QString &id) { m_ops->openAuditLog(id); });
    connect(m_configOpener, &NodeConfigOpener::message, this, [this](const QString &text) {
        statusBar()->showMessage(text, 8000);
    });
    connect(m_nodeMenu, &NodeContextMenu::reconnectRequested, this, [this](const QString &address) {
        m_monitor->reconnect(address);
        statusBar()->showMessage(tr("%1 — reconnecting").arg(address), 5000);
    });

    connect(m_actions->connectNode(), &QAction::triggered, this, [this] { openConnectionDialog(); });
    connect(m_actions->connectionManager(), &QAction::triggered, this, [this] { openConnectionManager(); });
    connect(m_actions->startLab(), &QAction::triggered, this, [this] { startLab(); });
    connect(m_actions->exportTopology(), &QAction::triggered, this, [this] { m_exports->exportTopology(m_ops->audit()); });
    connect(m_exports, &ExportController::notice, this, [this](const QString &text, int ms) { statusBar()->showMessage(text, ms); });
    connect(m_actions->importTopology(), &QAction::triggered, this,
            [this] { (new TopologyImportDialog(m_profiles, this))->open(); });
    connect(m_actions->showRemovedNodes(), &QAction::triggered, this, &MainWindow::showRemovedNodes);
    connect(m_actions->openConfig(), &QAction::triggered, this, [this] {
        auto *editor = new ConfigEditorWindow(this, m_ssh);
        editor->setAuditLog(m_ops->audit());
        connect(editor, &ConfigEditorWindow::auditLogRequested, m_ops, [this](const QString &id) { m_ops->openAuditLog(id); });
        editor->show();
        editor->showOpenDialog();
    });
    connect(m_actions->quit(), &QAction::triggered, this, &QWidget::close);
}

void MainWindow::onTopologyChanged(const Topology &topology)
{
    // History first: the inspector's charts read it when they refresh.
    m_history.record(topology);
    m_model->setTopology(topology);
    m_view->setTopology(topology);
    m_inspector->setTopology(topology);
    const QStringList problems = m_problems.update(topology);
    if (!problems.isEmpty())
        statusBar()->showMessage(problems.join(QStringLiteral("; ")));
    m_hostKeys->checkForChangedKeys(topology);
    if (!m_selected.isEmpty() && !topology.node(m_selected))
        selectNode(QString());
    updateSummary(topology);
    updatePage();
}

void MainWindow::updateSummary(const Topology &topology)
{
    const int nodes = int(topology.nodes.size());
    const int up = int(std::count_if(topology.nodes.cbegin(), topology.nodes.cend(),
                                     [](const TopologyNode &n) { return n.isUp(); }));
    // No plural forms: without a loaded translation "%n node(s)" would show literally.
    m_summaryLabel->setText(nodes == 0 ? QString()
                                       : tr("Nodes: %1 · up: %2 · anomalies: %3")
                                             .arg(nodes)
                                             .arg(up)
                                             .arg(topology.anomalies.size()));
}

void MainWindow::updatePage()
{
    const bool hasNodes = m_model->rowCount() > 0;
    const bool wasEmpty = m_stack->currentIndex() == 0;
    m_stack->setCurrentIndex(hasNodes ? 1 : 0);
    if (hasNodes && wasEmpty && isActiveWindow())
        m_view->setFocus();  // keyboard users land on the nodes: Tab walks the cards
    m_actions->exportTopology()->setEnabled(hasNodes);
}

void MainWindow::updateLabControls()
{
    const bool labIdle = m_lab.isNull();
    m_actions->startLab()->setEnabled(labIdle);
    m_emptyLabButton->setEnabled(labIdle);
    m_actions->connectionManager()->setEnabled(m_profiles != nullptr);
    m_actions->importTopology()->setEnabled(m_profiles != nullptr);
}

void MainWindow::selectNode(const QString &address)
{
    if (m_syncingSelection)
        return;
    m_syncingSelection = true;
    m_selected = address;
    m_nodeMenu->setTarget(address);
    m_view->topologyScene()->selectAddress(address);
    const int row = m_model->rowOf(address);
    if (row >= 0) {
        m_table->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                                   QItemSelectionModel::ClearAndSelect
                                                       | QItemSelectionModel::Rows);
        m_table->scrollTo(m_model->index(row, 0));
    } else {
        m_table->selectionModel()->clearSelection();
    }
    m_inspector->showNode(address);
    m_syncingSelection = false;
}

void MainWindow::onTableSelectionChanged()
{
    if (m_syncingSelection)
        return;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    selectNode(rows.isEmpty() ? QString() : m_model->addressAt(rows.first().row()));
}

void MainWindow::showTableContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    selectNode(m_model->addressAt(index.row()));
    m_nodeMenu->popup(m_table->viewport()->mapToGlobal(pos));
}

void MainWindow::showNodeContextMenu(const QString &address, const QPoint &screenPos)
{
    selectNode(address);
    m_nodeMenu->popup(screenPos);
}

void MainWindow::openConsole(const QString &address)
{
    if (address.isEmpty())
        return;
    m_consoles->openConsole(address, m_monitor->profileFor(address));
    DockLayout::reveal(m_docks->consoleDock());
}

void MainWindow::addNode(const ConnectionProfile &profile)
{
    if (m_connector->checkInView(profile))
        return;  // watched and answering: the check adopts these settings only if they work
    m_monitor->addSeed(profile);
    m_actions->showRemovedNodes()->setEnabled(!m_monitor->removedNodes().isEmpty());
    statusBar()->showMessage(tr("Connecting to %1…").arg(profile.displayName()), 5000);
}

void MainWindow::removeNode(const QString &address)
{
    if (address.isEmpty())
        return;
    m_monitor->removeNode(address);
    m_problems.forget(address);
    m_actions->showRemovedNodes()->setEnabled(true);
    statusBar()->showMessage(tr("%1 removed from the view; View > Show Removed Nodes brings it back").arg(address),
                             8000);
}

void MainWindow::showRemovedNodes()
{
    const QStringList removed = m_monitor->removedNodes();
    m_monitor->restoreRemoved();
    m_actions->showRemovedNodes()->setEnabled(false);
    statusBar()->showMessage(tr("Watching %n removed node(s) again", nullptr, int(removed.size())), 5000);
}

void MainWindow::setHostKeyPrompt(HostKeyPrompt prompt)
{
    m_configOpener->setHostKeyPrompt(prompt);
    m_hostKeys->setPrompt(std::move(prompt));
}

void MainWindow::setPollInterval(int ms)
{
    m_monitor->setInterval(ms);
}

void MainWindow::setTransportFactory(TransportFactory factory)
{
    m_transportFactory = factory;
    m_connector->setTransportFactory(factory);
    m_monitor->setTransportFactory(factory);
    m_configOpener->setTransportFactory(factory);
    m_ops->setTransportFactory(factory);
    m_consoles->setTransportFactory(std::move(factory));
}

ConnectionDialog *MainWindow::openConnectionDialog()
{
    auto *dialog = new ConnectionDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSaveProfileOptionVisible(m_profiles != nullptr);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ConnectionProfile profile = dialog->profile();
        if (m_profiles && dialog->isSaveProfileRequested())
            saveQuickConnectProfile(profile);
        addNode(profile);
    });
    dialog->open();
    return dialog;
}

void MainWindow::saveQuickConnectProfile(const ConnectionProfile &profile)
{
    const QString name = profile.displayName();
    m_profiles->add(profile, this, [this, name](const SecretsResult &result) {
        if (result.ok())
            statusBar()->showMessage(tr("Saved the connection %1").arg(name), 5000);
        else
            statusBar()->showMessage(tr("Saved the connection %1 without its secrets: %2")
                                         .arg(name, result.error.isEmpty() ? tr("the keychain cannot keep them")
                                                                           : result.error));
    });
}

ConnectionManagerDialog *MainWindow::openConnectionManager()
{
    if (!m_profiles)
        return nullptr;
    if (m_manager) {
        m_manager->raise();
        m_manager->activateWindow();
        return m_manager;
    }
    m_manager = new ConnectionManagerDialog(m_profiles, this);
    m_manager->setAttribute(Qt::WA_DeleteOnClose);
    m_manager->setSsh(m_ssh);
    m_manager->setTransportFactory(m_transportFactory);
    connect(m_manager, &ConnectionManagerDialog::connectRequested, this, &MainWindow::addNode);
    m_manager->show();
    return m_manager;
}

void MainWindow::startLab(int replicas, int chainedReplicas)
{
    launchLab(replicas, chainedReplicas, 0);
}

void MainWindow::startStandaloneLab(int servers)
{
    launchLab(0, 0, servers);
}

void MainWindow::launchLab(int replicas, int chainedReplicas, int standalone)
{
    if (m_lab)
        return;
    m_lab = new LabLauncher(this);
    connect(m_lab, &LabLauncher::progress, this, &MainWindow::showNotice);
    connect(m_lab, &LabLauncher::started, this, [this, standalone](const QList<ConnectionProfile> &nodes) {
        // Unlinked servers: nothing to discover, each is watched on its own.
        for (const ConnectionProfile &p : nodes) {
            if (standalone > 0)
                addNode(p);
        }
        // The master alone: discovery finds the replicas the way it would in production.
        auto master = std::find_if(nodes.cbegin(), nodes.cend(), [](const ConnectionProfile &p) {
            return p.name == QLatin1String("master");
        });
        if (master == nodes.cend())
            master = nodes.cbegin();
        if (master != nodes.cend() && standalone == 0)
            addNode(*master);
        m_noticeLabel->setText(defaultNotice());  // progress is over; don't leave it on the empty page
        statusBar()->showMessage(tr("Local lab running in %1; it stops when Tandem quits.")
                                     .arg(QDir::toNativeSeparators(m_lab->directory())), 10000);
    });
    connect(m_lab, &LabLauncher::failed, this, [this](const QString &reason) {
        showNotice(tr("The local lab could not start: %1").arg(reason));
        // Forget the failed lab so the user can try again (e.g. after installing redis-server).
        m_lab->deleteLater();
        m_lab.clear();
        updateLabControls();
    });
    if (standalone > 0)
        m_lab->startStandalone(standalone);
    else
        m_lab->start(replicas, chainedReplicas);
    updateLabControls();
}

void MainWindow::showNotice(const QString &text)
{
    statusBar()->showMessage(text);
    m_noticeLabel->setText(text);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_layoutSized) {
        m_layoutSized = true;
        m_docks->applyDefaultSizes(m_table->preferredWidth());
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_docks->save();
    QMainWindow::closeEvent(event);
}
