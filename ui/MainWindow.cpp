#include "MainWindow.h"

#include "ConnectionDialog.h"
#include "HostKeyDialog.h"
#include "LabLauncher.h"
#include "NodeStatusText.h"
#include "NodeTableModel.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

// Q_INIT_RESOURCE must be called outside any namespace; tandem_ui is a static library, so
// without this reference the linker would drop the icons.
static void initTandemResources()
{
    Q_INIT_RESOURCE(tandem);
}

MainWindow::MainWindow(SshSessionPool *ssh, QWidget *parent)
    : QMainWindow(parent)
    , m_ssh(ssh)
    , m_model(new NodeTableModel(this))
{
    initTandemResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Tandem"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tandem.svg")));

    createActions();
    createTable();
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("centralStack"));
    m_stack->addWidget(createEmptyPage());
    m_stack->addWidget(m_table);
    setCentralWidget(m_stack);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    statusBar()->addPermanentWidget(m_summaryLabel);

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateView);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateView);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateSummary);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateView);
    updateView();
    resize(1180, 560);
}

MainWindow::~MainWindow()
{
    // Monitors first, quietly: nothing should react to their last signals.
    const QList<NodeMonitor *> monitors = m_model->monitors();
    for (NodeMonitor *monitor : monitors) {
        m_model->removeMonitor(monitor);
        monitor->disconnect(this);
        delete monitor;
    }
}

void MainWindow::createActions()
{
    m_connectAction = new QAction(QIcon(QStringLiteral(":/icons/connect.svg")), tr("&Connect…"), this);
    m_connectAction->setObjectName(QStringLiteral("connectAction"));
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_connectAction->setToolTip(tr("Connect to a Redis node (Ctrl+N)"));
    connect(m_connectAction, &QAction::triggered, this, [this] { openConnectionDialog(); });

    m_disconnectAction = new QAction(QIcon(QStringLiteral(":/icons/disconnect.svg")),
                                     tr("&Disconnect Selected"), this);
    m_disconnectAction->setObjectName(QStringLiteral("disconnectAction"));
    m_disconnectAction->setShortcut(QKeySequence::Delete);
    m_disconnectAction->setToolTip(tr("Stop watching the selected nodes (Delete)"));
    // Delete means "remove node" only where nodes are: not in a future text field.
    m_disconnectAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_disconnectAction, &QAction::triggered, this, &MainWindow::disconnectSelected);

    m_reconnectAction = new QAction(QIcon(QStringLiteral(":/icons/reconnect.svg")),
                                    tr("&Reconnect Selected"), this);
    m_reconnectAction->setObjectName(QStringLiteral("reconnectAction"));
    m_reconnectAction->setShortcut(QKeySequence::Refresh);
    m_reconnectAction->setToolTip(tr("Connect the selected nodes again (F5)"));
    connect(m_reconnectAction, &QAction::triggered, this, &MainWindow::reconnectSelected);

    m_labAction = new QAction(QIcon(QStringLiteral(":/icons/lab.svg")), tr("Start Local &Lab"), this);
    m_labAction->setObjectName(QStringLiteral("labAction"));
    m_labAction->setToolTip(tr("Start a local master with two replicas to try things safely"));
    connect(m_labAction, &QAction::triggered, this, [this] { startLab(); });

    m_quitAction = new QAction(QIcon(QStringLiteral(":/icons/quit.svg")), tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    QMenu *nodes = menuBar()->addMenu(tr("&Nodes"));
    nodes->setObjectName(QStringLiteral("nodesMenu"));
    nodes->addAction(m_connectAction);
    nodes->addAction(m_reconnectAction);
    nodes->addAction(m_disconnectAction);
    nodes->addSeparator();
    nodes->addAction(m_labAction);
    nodes->addSeparator();
    nodes->addAction(m_quitAction);

    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_connectAction);
    toolBar->addAction(m_reconnectAction);
    toolBar->addAction(m_disconnectAction);
}

QString MainWindow::defaultNotice()
{
    return tr("Connect to a Redis node, or start a local lab to try Tandem without touching a "
              "real server.");
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

    auto *connectButton = new QPushButton(m_connectAction->icon(), tr("Connect to a Node…"), page);
    connectButton->setObjectName(QStringLiteral("emptyConnectButton"));
    connect(connectButton, &QPushButton::clicked, m_connectAction, &QAction::trigger);
    m_emptyLabButton = new QPushButton(m_labAction->icon(), tr("Start a Local Lab"), page);
    m_emptyLabButton->setObjectName(QStringLiteral("emptyLabButton"));
    connect(m_emptyLabButton, &QPushButton::clicked, m_labAction, &QAction::trigger);

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

void MainWindow::createTable()
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("nodeTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false);  // Tab leaves the table, arrows move inside it
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    // Widths from the font, so they hold at any DPI; the Master column takes what is left.
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setMinimumSectionSize(m_table->fontMetrics().horizontalAdvance(QStringLiteral("0000000")));
    const int ch = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const int padding = 24;  // cell margins plus room for the status icon
    const QList<QPair<int, int>> widths = {
        {NodeTableModel::NodeColumn, 27},   {NodeTableModel::StatusColumn, 22},
        {NodeTableModel::RoleColumn, 8},    {NodeTableModel::VersionColumn, 8},
        {NodeTableModel::UptimeColumn, 10}, {NodeTableModel::MemoryColumn, 10},
        {NodeTableModel::ClientsColumn, 8},
    };
    for (const auto &[column, chars] : widths)
        header->resizeSection(column, chars * ch + padding);

    m_table->addAction(m_disconnectAction);
    m_table->addAction(m_reconnectAction);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
}

void MainWindow::updateView()
{
    const bool hasNodes = m_model->rowCount() > 0;
    const bool wasEmpty = m_stack->currentIndex() == 0;
    m_stack->setCurrentIndex(hasNodes ? 1 : 0);
    if (hasNodes && wasEmpty) {
        // Keyboard users land on the nodes, ready for arrows and Delete.
        m_table->setFocus();
        // A current row without selecting it: Delete right away must not remove a node.
        if (!m_table->currentIndex().isValid())
            m_table->selectionModel()->setCurrentIndex(m_model->index(0, 0),
                                                       QItemSelectionModel::NoUpdate);
    }
    const bool selection = m_table->selectionModel()->hasSelection();
    m_disconnectAction->setEnabled(selection);
    m_reconnectAction->setEnabled(selection);
    const bool labIdle = m_lab.isNull();
    m_labAction->setEnabled(labIdle);
    m_emptyLabButton->setEnabled(labIdle);
    updateSummary();
}

void MainWindow::updateSummary()
{
    const QList<NodeMonitor *> monitors = m_model->monitors();
    int up = 0;
    for (const NodeMonitor *monitor : monitors)
        up += monitor->status() == NodeMonitor::Status::Up ? 1 : 0;
    // No plural forms: without a loaded translation "%n node(s)" would show literally.
    m_summaryLabel->setText(monitors.isEmpty()
                                ? QString()
                                : tr("Nodes: %1 · up: %2").arg(monitors.size()).arg(up));
}

NodeMonitor *MainWindow::addNode(const ConnectionProfile &profile)
{
    auto *monitor = new NodeMonitor(profile, m_ssh, this);
    monitor->setInterval(m_pollIntervalMs);
    if (m_transportFactory)
        monitor->setTransportFactory(m_transportFactory);
    connect(monitor, &NodeMonitor::statusChanged, this, [this, monitor] { onStatusChanged(monitor); });
    m_model->addMonitor(monitor);
    monitor->start();
    return monitor;
}

void MainWindow::removeNode(NodeMonitor *monitor)
{
    m_model->removeMonitor(monitor);
    m_promptOpen.remove(monitor);
    m_reportedProblem.remove(monitor);
    monitor->disconnect(this);
    monitor->stop();
    monitor->deleteLater();
}

void MainWindow::setPollInterval(int ms)
{
    m_pollIntervalMs = ms;
    const QList<NodeMonitor *> monitors = m_model->monitors();
    for (NodeMonitor *monitor : monitors)
        monitor->setInterval(ms);
}

ConnectionDialog *MainWindow::openConnectionDialog()
{
    auto *dialog = new ConnectionDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { addNode(dialog->profile()); });
    dialog->open();
    return dialog;
}

void MainWindow::startLab(int replicas, int chainedReplicas)
{
    if (m_lab)
        return;
    m_lab = new LabLauncher(this);
    connect(m_lab, &LabLauncher::progress, this, &MainWindow::showNotice);
    connect(m_lab, &LabLauncher::started, this, [this](const QList<ConnectionProfile> &nodes) {
        for (const ConnectionProfile &profile : nodes)
            addNode(profile);
        m_noticeLabel->setText(defaultNotice());  // progress is over; don't leave it on the empty page
        statusBar()->showMessage(tr("Local lab running in %1; it stops when Tandem quits.")
                                     .arg(m_lab->directory()));
    });
    connect(m_lab, &LabLauncher::failed, this, [this](const QString &reason) {
        showNotice(tr("The local lab could not start: %1").arg(reason));
        // Forget the failed lab so the user can try again (e.g. after installing redis-server).
        m_lab->deleteLater();
        m_lab.clear();
        updateView();
    });
    m_lab->start(replicas, chainedReplicas);
    updateView();
}

void MainWindow::showNotice(const QString &text)
{
    statusBar()->showMessage(text);
    m_noticeLabel->setText(text);
}

QList<NodeMonitor *> MainWindow::selectedMonitors() const
{
    QList<NodeMonitor *> result;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows) {
        if (NodeMonitor *monitor = m_model->monitorAt(index.row()))
            result.append(monitor);
    }
    return result;
}

void MainWindow::disconnectSelected()
{
    const QList<NodeMonitor *> monitors = selectedMonitors();
    for (NodeMonitor *monitor : monitors)
        removeNode(monitor);
}

void MainWindow::reconnectSelected()
{
    const QList<NodeMonitor *> monitors = selectedMonitors();
    for (NodeMonitor *monitor : monitors)
        monitor->reconnect();
}

void MainWindow::onStatusChanged(NodeMonitor *monitor)
{
    const NodeMonitor::Status status = monitor->status();
    if (NodeStatusText::isProblem(status)) {
        m_reportedProblem.insert(monitor);
        statusBar()->showMessage(tr("%1 — %2").arg(
            monitor->displayName(), NodeStatusText::sentence(status, monitor->lastError(),
                                                               monitor->profile().displayName())));
    } else if (status == NodeMonitor::Status::Up && m_reportedProblem.remove(monitor)) {
        statusBar()->showMessage(tr("%1 — connected").arg(monitor->displayName()), 5000);
    }
    if (status == NodeMonitor::Status::HostKeyUnknown
        || status == NodeMonitor::Status::HostKeyChanged)
        askAboutHostKey(monitor);
}

void MainWindow::askAboutHostKey(NodeMonitor *monitor)
{
    if (m_promptOpen.contains(monitor))
        return;
    m_promptOpen.insert(monitor);
    const bool unknown = monitor->status() == NodeMonitor::Status::HostKeyUnknown;
    const QString fingerprint = monitor->lastError().detail;
    QPointer<NodeMonitor> guard(monitor);
    auto answer = [this, guard, unknown, fingerprint](bool accept) {
        if (!guard)
            return;  // the node was removed while the question was open
        m_promptOpen.remove(guard.data());
        if (!unknown)
            return;  // a changed key is refused whatever the answer
        if (accept) {
            guard->acceptHostKey(fingerprint);
        } else {
            statusBar()->showMessage(tr("%1 — host key %2 rejected; not connecting")
                                         .arg(guard->displayName(), fingerprint));
        }
    };
    if (m_hostKeyPrompt)
        m_hostKeyPrompt(monitor, answer);
    else
        showHostKeyDialog(monitor, answer);
}

void MainWindow::showHostKeyDialog(NodeMonitor *monitor, std::function<void(bool)> answer)
{
    const SshOptions &ssh = monitor->profile().ssh;
    ConnectionProfile sshEndpoint;  // for address(): host:port with IPv6 brackets
    sshEndpoint.host = ssh.host;
    sshEndpoint.port = ssh.port;
    const auto mode = monitor->status() == NodeMonitor::Status::HostKeyChanged
        ? HostKeyDialog::Mode::Changed
        : HostKeyDialog::Mode::Unknown;
    auto *dialog = new HostKeyDialog(mode, monitor->displayName(), sshEndpoint.address(),
                                     monitor->lastError().detail, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [answer](int result) {
        answer(result == QDialog::Accepted);
    });
    dialog->open();
}
