// The main window around whole replication groups of real redis-server processes: a local lab
// found from its master, discovery from a replica, one selection across picture, table and
// inspector, consoles from the node menu, the event log, export, the dock layout, and the
// node table's incremental updates under QAbstractItemModelTester.
#include "DarkPalette.h"
#include "GuiTestHelpers.h"
#include "MainWindowTestHelpers.h"
#include "MainWindow.h"
#include "NodeTableModel.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"
#include "TopologyExportDialog.h"

#include "console/ConsoleInput.h"
#include "console/ConsoleTabs.h"
#include "console/ConsoleWidget.h"
#include "eventlog/EventLogModel.h"
#include "eventlog/EventLogView.h"
#include "inspector/NodeInspector.h"
#include "topology/EdgeItem.h"
#include "topology/NodeCardItem.h"
#include "topology/TopologyMonitor.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class tst_MainWindowTopology : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void labIsFoundFromItsMaster();
    void seedingAReplicaFindsItsMaster();
    void selectionIsOneThing();
    void consoleFromTheNodeMenu();
    void eventLogSeesAStoppedReplica();
    void exportWritesJsonAndDot();
    void docksAreToggledAndRemembered();
    void tableModelUpdatesInPlace();

private:
    std::unique_ptr<MainWindow> newWindow();
    // Seeds the lab's master and waits until its three nodes answer.
    std::unique_ptr<MainWindow> watchLab();
    static int edgeItems(const TopologyScene *scene);
    static QString cell(const MainWindow *window, const QString &address, int column);
    static void clickCard(MainWindow *window, const QString &address);

    QTemporaryDir m_config;
    // m -> r1, m -> r2
    ReplicationLab m_lab;
};

void tst_MainWindowTopology::initTestCase()
{
    QVERIFY(m_config.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
    if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
        return;
    QVERIFY2(m_lab.addMaster(QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r1"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r2"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY(m_lab.waitLinked());
}

void tst_MainWindowTopology::cleanup()
{
    // A test that failed halfway may have left a replica stopped.
    const QStringList names = m_lab.names();
    for (const QString &name : names) {
        if (!m_lab.server(name)->isRunning())
            QVERIFY2(m_lab.restart(name), qPrintable(m_lab.errorString()));
    }
    QVERIFY(m_lab.waitLinked());
}

std::unique_ptr<MainWindow> tst_MainWindowTopology::newWindow()
{
    return GuiTest::shownMainWindow();
}

std::unique_ptr<MainWindow> tst_MainWindowTopology::watchLab()
{
    auto window = newWindow();
    if (!window)
        return nullptr;
    window->addNode(m_lab.profile(QStringLiteral("m")));
    const bool up = QTest::qWaitFor([&] {
        const Topology t = window->monitor()->topology();
        return t.nodes.size() == 3 && std::all_of(t.nodes.cbegin(), t.nodes.cend(), [](const TopologyNode &n) {
                   return n.isUp() && n.hasSnapshot;
               });
    }, 10000);
    return up ? std::move(window) : nullptr;
}

int tst_MainWindowTopology::edgeItems(const TopologyScene *scene)
{
    const QList<QGraphicsItem *> items = scene->items();
    return int(std::count_if(items.cbegin(), items.cend(),
                             [](const QGraphicsItem *item) { return item->type() == EdgeItem::Type; }));
}

QString tst_MainWindowTopology::cell(const MainWindow *window, const QString &address, int column)
{
    const int row = window->nodeModel()->rowOf(address);
    return row < 0 ? QString() : GuiTest::cell(window->nodeModel(), row, column);
}

void tst_MainWindowTopology::clickCard(MainWindow *window, const QString &address)
{
    TopologyView *view = window->topologyView();
    NodeCardItem *card = view->topologyScene()->card(address);
    QVERIFY2(card, qPrintable(address));
    view->ensureVisible(card);
    const QPoint at = view->mapFromScene(card->mapToScene(card->cardRect().center()));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
}

void tst_MainWindowTopology::labIsFoundFromItsMaster()
{
    auto window = newWindow();
    QVERIFY(window);
    window->startLab(3, 1);
    QVERIFY2(!window->findChild<QAction *>(QStringLiteral("labAction"))->isEnabled(), "one lab per window");
    // Only the master is seeded; discovery finds three replicas and the chained one.
    TopologyScene *scene = window->topologyView()->topologyScene();
    QTRY_COMPARE_WITH_TIMEOUT(window->nodeModel()->rowCount(), 5, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(scene->cardCount(), 5, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(edgeItems(scene), 4, 5000);
    const Topology topology = window->monitor()->topology();
    QCOMPARE(topology.groups.size(), 1);
    const QString master = topology.groups.first().master;
    QCOMPARE(cell(window.get(), master, NodeTableModel::RoleColumn), QStringLiteral("master"));
    const int deepest = std::max_element(topology.nodes.cbegin(), topology.nodes.cend(),
                                         [](const TopologyNode &a, const TopologyNode &b) {
                                             return a.depth < b.depth;
                                         })->depth;
    QCOMPARE(deepest, 2);
    auto *summary = window->findChild<QLabel *>(QStringLiteral("summaryLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(summary->text().startsWith(QStringLiteral("Nodes: 5 · up: 5 · anomalies: ")), 5000);
    QVERIFY(window->topologyView()->isVisible());
    GuiTest::screenshot(window.get(), QStringLiteral("mainwindow-lab"));

    // The lab belongs to the window: closing it stops the servers.
    const quint16 masterPort = window->monitor()->profileFor(master).port;
    window.reset();
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, masterPort);
    QVERIFY(!probe.waitForConnected(1000));
}

void tst_MainWindowTopology::seedingAReplicaFindsItsMaster()
{
    auto window = newWindow();
    QVERIFY(window);
    window->addNode(m_lab.profile(QStringLiteral("r1")));
    const QString master = m_lab.address(QStringLiteral("m"));
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), master, NodeTableModel::RoleColumn), QStringLiteral("master"), 5000);
    // ... and through the master, the other replica.
    QTRY_COMPARE_WITH_TIMEOUT(window->nodeModel()->rowCount(), 3, 5000);
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), r1, NodeTableModel::MasterColumn),
                              QStringLiteral("%1 (link up)").arg(master), 5000);
    QCOMPARE(window->nodeModel()->addressAt(0), master);  // topology order: the master leads
    QCOMPARE(window->topologyView()->topologyScene()->cardCount(), 3);
}

void tst_MainWindowTopology::selectionIsOneThing()
{
    auto window = watchLab();
    QVERIFY(window);
    const QString m = m_lab.address(QStringLiteral("m"));
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    const QString r2 = m_lab.address(QStringLiteral("r2"));
    TopologyScene *scene = window->topologyView()->topologyScene();
    QTableView *table = window->nodeTable();
    auto *role = window->inspector()->findChild<QLabel *>(QStringLiteral("inspectorRole"));
    auto *shown = window->inspector()->findChild<QLabel *>(QStringLiteral("inspectorAddress"));
    QVERIFY(role && shown);
    auto selectedRow = [table] {
        const QModelIndexList rows = table->selectionModel()->selectedRows();
        return rows.size() == 1 ? rows.first().row() : -1;
    };

    // Picture -> inspector and table.
    clickCard(window.get(), r1);
    QTRY_COMPARE(window->selectedNode(), r1);
    QCOMPARE(scene->selectedAddress(), r1);
    QCOMPARE(window->inspector()->currentNode(), r1);
    QCOMPARE(shown->text(), r1);
    QCOMPARE(role->text(), QStringLiteral("replica"));
    QCOMPARE(selectedRow(), window->nodeModel()->rowOf(r1));
    GuiTest::screenshot(window.get(), QStringLiteral("mainwindow-selected-replica"));

    // Table -> picture and inspector.
    table->selectRow(window->nodeModel()->rowOf(m));
    QCOMPARE(window->selectedNode(), m);
    QCOMPARE(scene->selectedAddress(), m);
    QCOMPARE(role->text(), QStringLiteral("master"));

    // A link followed in the inspector moves the selection too.
    Q_EMIT window->inspector()->nodeActivated(r2);
    QCOMPARE(scene->selectedAddress(), r2);
    QCOMPARE(selectedRow(), window->nodeModel()->rowOf(r2));

    // The selection survives polls (rows are updated, not rebuilt).
    QTest::qWait(700);
    QCOMPARE(selectedRow(), window->nodeModel()->rowOf(r2));
    QCOMPARE(scene->selectedAddress(), r2);

    // Escape in the picture clears it everywhere.
    window->topologyView()->setFocus();
    QTest::keyClick(window->topologyView(), Qt::Key_Escape);
    QTRY_VERIFY(window->selectedNode().isEmpty());
    QCOMPARE(selectedRow(), -1);
    QVERIFY(window->inspector()->currentNode().isEmpty());
    QVERIFY(!window->findChild<QAction *>(QStringLiteral("openConsoleAction"))->isEnabled());
}

void tst_MainWindowTopology::consoleFromTheNodeMenu()
{
    auto window = watchLab();
    QVERIFY(window);
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    NodeCardItem *card = window->topologyView()->topologyScene()->card(r1);
    QVERIFY(card);
    // Right click on the card: the same menu the table and the Node menu offer.
    card->requestContextMenu(window->mapToGlobal(QPoint(200, 200)));
    QMenu *menu = nullptr;
    QTRY_VERIFY((menu = GuiTest::visibleChild<QMenu>(window.get(), QStringLiteral("nodeContextMenu"))));
    QCOMPARE(window->selectedNode(), r1);
    QAction *open = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->objectName() == QLatin1String("openConsoleAction"))
            open = action;
    }
    QVERIFY(open && open->isEnabled());
    menu->close();
    open->trigger();

    ConsoleWidget *console = window->consoles()->console(r1);
    QVERIFY(console);
    auto *dock = window->findChild<QDockWidget *>(QStringLiteral("consoleDock"));
    QTRY_VERIFY(dock->isVisible() && console->isVisible());
    auto *input = console->findChild<ConsoleInput *>(QStringLiteral("consoleInput"));
    QVERIFY(input);
    input->setFocus();
    QTest::keyClicks(input, QStringLiteral("PING"));
    QTest::keyClick(input, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(console->outputText().contains(QLatin1String("PONG")), 3000);
    GuiTest::screenshot(window.get(), QStringLiteral("mainwindow-console"));

    // Enter on a table row opens that node's console as well; one tab per node.
    const QString m = m_lab.address(QStringLiteral("m"));
    QTableView *table = window->nodeTable();
    table->setFocus();
    table->selectRow(window->nodeModel()->rowOf(m));
    QTest::keyClick(table, Qt::Key_Return);
    QTRY_VERIFY(window->consoles()->console(m));
    QCOMPARE(window->consoles()->count(), 2);
    table->selectRow(window->nodeModel()->rowOf(r1));
    window->findChild<QAction *>(QStringLiteral("openConsoleAction"))->trigger();
    QCOMPARE(window->consoles()->count(), 2);
    QCOMPARE(window->consoles()->currentWidget(), static_cast<QWidget *>(console));

    // For eyeballing: the same window on a dark palette.
    const QPalette light = QApplication::palette();
    QApplication::setPalette(TestPalette::dark());
    QTest::qWait(100);
    GuiTest::screenshot(window.get(), QStringLiteral("mainwindow-dark"));
    QApplication::setPalette(light);
}

void tst_MainWindowTopology::eventLogSeesAStoppedReplica()
{
    auto window = watchLab();
    QVERIFY(window);
    QAbstractItemModelTester tester(window->nodeModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const EventLogModel *events = window->eventLog()->model();
    QTRY_VERIFY(events->rowCount() >= 3);  // each node joining is an event
    const int before = events->rowCount();
    const QString r2 = m_lab.address(QStringLiteral("r2"));
    auto eventsAbout = [&](const QString &address) {
        int count = 0;
        for (int row = before; row < events->rowCount(); ++row)
            count += events->event(row).node == address ? 1 : 0;
        return count;
    };

    m_lab.stop(QStringLiteral("r2"));
    QTRY_VERIFY_WITH_TIMEOUT(eventsAbout(r2) > 0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), r2, NodeTableModel::StatusColumn), QStringLiteral("Unreachable"), 5000);
    auto *summary = window->findChild<QLabel *>(QStringLiteral("summaryLabel"));
    QVERIFY2(summary->text().startsWith(QStringLiteral("Nodes: 3 · up: 2 · ")), qPrintable(summary->text()));
    QVERIFY(window->statusBar()->currentMessage().contains(r2));
    GuiTest::screenshot(window.get(), QStringLiteral("mainwindow-replica-down"));

    QVERIFY2(m_lab.restart(QStringLiteral("r2")), qPrintable(m_lab.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), r2, NodeTableModel::StatusColumn), QStringLiteral("Up"), 10000);
}

void tst_MainWindowTopology::exportWritesJsonAndDot()
{
    auto window = watchLab();
    QVERIFY(window);
    QTemporaryDir dir;
    auto exportTo = [&](const QString &path) {
        window->findChild<QAction *>(QStringLiteral("exportTopologyAction"))->trigger();
        TopologyExportDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = GuiTest::visibleChild<TopologyExportDialog>(window.get(), QStringLiteral("exportTopologyDialog"))));
        dialog->selectFile(path);
        static_cast<QDialog *>(dialog)->accept();  // as the Save button does
        QTRY_VERIFY(QFile::exists(path));
    };

    const QString jsonPath = dir.filePath(QStringLiteral("topology.json"));
    exportTo(jsonPath);
    if (QTest::currentTestFailed())
        return;
    QFile json(jsonPath);
    QVERIFY(json.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(json.readAll(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonArray nodes = root.value(QStringLiteral("nodes")).toArray();
    QCOMPARE(nodes.size(), 3);
    QStringList addresses;
    for (const QJsonValue &node : nodes)
        addresses << node.toObject().value(QStringLiteral("address")).toString();
    QVERIFY(addresses.contains(m_lab.address(QStringLiteral("m"))));
    QCOMPARE(root.value(QStringLiteral("edges")).toArray().size(), 2);
    QVERIFY(window->statusBar()->currentMessage().contains(QLatin1String("exported")));

    const QString dotPath = dir.filePath(QStringLiteral("topology.dot"));
    exportTo(dotPath);
    QFile dot(dotPath);
    QVERIFY(dot.open(QIODevice::ReadOnly));
    QVERIFY(dot.readAll().contains("digraph"));
}

void tst_MainWindowTopology::docksAreToggledAndRemembered()
{
    auto window = newWindow();
    QVERIFY(window);
    QHash<QString, QDockWidget *> docks;
    for (const char *name : {"nodesDock", "inspectorDock", "eventLogDock", "consoleDock"}) {
        auto *dock = window->findChild<QDockWidget *>(QLatin1String(name));
        QVERIFY2(dock, name);
        QVERIFY(dock->features() & QDockWidget::DockWidgetClosable);
        docks.insert(QLatin1String(name), dock);
    }
    QCOMPARE(window->dockWidgetArea(docks[QStringLiteral("inspectorDock")]), Qt::RightDockWidgetArea);
    QCOMPARE(window->dockWidgetArea(docks[QStringLiteral("nodesDock")]), Qt::BottomDockWidgetArea);
    QCOMPARE(window->dockWidgetArea(docks[QStringLiteral("eventLogDock")]), Qt::BottomDockWidgetArea);
    QVERIFY(window->tabifiedDockWidgets(docks[QStringLiteral("eventLogDock")]).contains(docks[QStringLiteral("consoleDock")]));
    QVERIFY2(!docks[QStringLiteral("eventLogDock")]->visibleRegion().isEmpty(), "the event log is the front tab");

    // The View menu hides and shows them; the window remembers.
    QAction *toggle = window->findChild<QAction *>(QStringLiteral("inspectorDockToggle"));
    QVERIFY(toggle && toggle->isChecked());
    toggle->trigger();
    QVERIFY(!docks[QStringLiteral("inspectorDock")]->isVisible());
    window->close();
    window.reset();

    auto again = newWindow();
    QVERIFY(again);
    auto *inspector = again->findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    QVERIFY(!inspector->isVisible());
    again->findChild<QAction *>(QStringLiteral("inspectorDockToggle"))->trigger();
    QVERIFY(inspector->isVisible());
    QCOMPARE(again->dockWidgetArea(inspector), Qt::RightDockWidgetArea);
    again->close();  // leave the default arrangement for whoever comes next
}

namespace {

TopologyNode node(const QString &address, NodeSnapshot::Role role, int depth)
{
    TopologyNode n;
    n.address = address;
    n.reachability = NodeReachability::Up;
    n.hasSnapshot = true;
    n.snapshot.role = role;
    n.snapshot.version = QStringLiteral("7.2.4");
    n.snapshot.uptimeSeconds = 60;
    n.role = role;
    n.group = 0;
    n.depth = depth;
    return n;
}

TopologyEdge edge(const QString &master, const QString &replica)
{
    TopologyEdge e;
    e.master = master;
    e.replica = replica;
    e.linkUp = true;
    e.lagBytes = 0;
    e.lagSeconds = 1;
    return e;
}

} // namespace

void tst_MainWindowTopology::tableModelUpdatesInPlace()
{
    NodeTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    const QString a = QStringLiteral("10.0.0.1:6379"), b = QStringLiteral("10.0.0.2:6379"),
                  c = QStringLiteral("10.0.0.3:6379"), d = QStringLiteral("10.0.0.4:6379");
    Topology first;
    first.nodes = {node(a, NodeSnapshot::Role::Master, 0), node(b, NodeSnapshot::Role::Replica, 1),
                   node(c, NodeSnapshot::Role::Replica, 1)};
    first.edges = {edge(a, b), edge(a, c)};
    model.setTopology(first);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(NodeTableModel::ColumnCount));
    QCOMPARE(inserted.size(), 1);  // one burst, one insertion
    QCOMPARE(GuiTest::cell(&model, 1, NodeTableModel::MasterColumn), QStringLiteral("%1 (link up)").arg(a));
    QCOMPARE(GuiTest::cell(&model, 1, NodeTableModel::LagColumn), QStringLiteral("0 B / 1 s"));
    QCOMPARE(GuiTest::cell(&model, 0, NodeTableModel::RoleColumn), QStringLiteral("master"));
    QCOMPARE(GuiTest::cell(&model, 0, NodeTableModel::AnomaliesColumn), QString());

    // The same nodes with new numbers: only dataChanged.
    const QPersistentModelIndex cRow = model.index(2, 0);
    inserted.clear();
    changed.clear();
    first.nodes[2].snapshot.uptimeSeconds = 120;
    first.nodes[2].reachability = NodeReachability::Unreachable;
    first.nodes[2].error = QStringLiteral("10.0.0.3:6379 did not answer within 1000 ms");
    Anomaly anomaly;
    anomaly.kind = QStringLiteral("replica_down");
    anomaly.nodes = {c, a};
    anomaly.message = QStringLiteral("A replica is down");
    first.anomalies = {anomaly};
    model.setTopology(first);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(GuiTest::cell(&model, 2, NodeTableModel::UptimeColumn), QStringLiteral("2 min"));
    QCOMPARE(GuiTest::cell(&model, 2, NodeTableModel::StatusColumn), QStringLiteral("Unreachable"));
    QVERIFY(model.data(model.index(2, NodeTableModel::StatusColumn), Qt::ToolTipRole).toString().contains(QLatin1String("did not answer")));
    QCOMPARE(GuiTest::cell(&model, 2, NodeTableModel::AnomaliesColumn), QStringLiteral("1"));
    QCOMPARE(GuiTest::cell(&model, 0, NodeTableModel::AnomaliesColumn), QStringLiteral("1"));

    // b leaves, d arrives in front of c, c moves after it: one removal, one insertion, one move.
    Topology second;
    second.nodes = {node(a, NodeSnapshot::Role::Master, 0), node(d, NodeSnapshot::Role::Replica, 1),
                    node(c, NodeSnapshot::Role::Replica, 2)};
    second.edges = {edge(a, d), edge(d, c)};
    model.setTopology(second);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.addressAt(1), d);
    QCOMPARE(model.addressAt(2), c);
    QVERIFY(cRow.isValid());
    QCOMPARE(cRow.row(), 2);  // a view's selection of c follows it
    QCOMPARE(GuiTest::cell(&model, 2, NodeTableModel::MasterColumn), QStringLiteral("%1 (link up)").arg(d));

    // Reordering alone moves rows.
    Topology third = second;
    std::swap(third.nodes[1], third.nodes[2]);
    model.setTopology(third);
    QVERIFY(!moved.isEmpty());
    QCOMPARE(model.addressAt(1), c);
    QCOMPARE(cRow.row(), 1);
    QCOMPARE(model.rowOf(d), 2);

    model.setTopology(Topology());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.size(), 0);
}

TANDEM_TEST_MAIN(tst_MainWindowTopology)
#include "tst_mainwindowtopology.moc"
