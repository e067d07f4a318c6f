// The node inspector, fed hand-built topologies (INFO fixtures where real replies matter):
// role-specific replication facts, version-specific sync progress, the INFO tree, anomalies,
// and charts that fill up as topologies arrive.
#include "DarkPalette.h"
#include "GuiTestHelpers.h"
#include "TestRegistry.h"

#include "inspector/InfoTreeModel.h"
#include "inspector/MetricChart.h"
#include "inspector/NodeInspector.h"
#include "inspector/ReplicaTableModel.h"
#include "inspector/ReplicationText.h"

#include "info/InfoParser.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeView>

#include <cmath>

namespace {

const QString kMaster = QStringLiteral("127.0.0.1:17000");

QByteArray fixture(const QString &name)
{
    QFile f(QFINDTESTDATA(QStringLiteral("unit/data/info/") + name));
    if (!f.open(QIODevice::ReadOnly))
        qWarning("fixture %s missing", qPrintable(name));
    return f.readAll();
}

const QDateTime &t0()
{
    static const QDateTime t = QDateTime::currentDateTimeUtc().addSecs(-300);
    return t;
}

TopologyNode nodeFrom(const QString &address, const QString &fixtureName, qint64 sec)
{
    TopologyNode n;
    n.address = address;
    n.reachability = NodeReachability::Up;
    n.hasSnapshot = true;
    n.snapshot = InfoParser::parse(fixture(fixtureName), t0().addSecs(sec));
    n.role = n.snapshot.role;
    n.lastSeen = t0().addSecs(sec);
    if (n.snapshot.role == NodeSnapshot::Role::Replica)
        n.masterAddress = QStringLiteral("%1:%2").arg(n.snapshot.masterHost).arg(n.snapshot.masterPort);
    return n;
}

// A master with `replicas` replicas (17001...), all in sync, sampled at t0 + sec. The numbers
// move with time so the charts have something to draw.
Topology masterWithReplicas(int replicas, qint64 sec)
{
    Topology t;
    t.takenAt = t0().addSecs(sec);
    TopologyNode master = nodeFrom(kMaster, QStringLiteral("7.0.15-master.txt"), sec);
    NodeSnapshot &m = master.snapshot;
    const double wave = std::sin(double(sec) / 9.0);
    m.instantaneousOpsPerSec = qint64(1800 + 900 * wave + (sec % 7) * 40);
    m.usedMemory = 92 * 1024 * 1024 + sec * 48 * 1024;
    m.masterReplOffset = 7161 + sec * 150000;
    m.replBacklogHistlen = std::min<qint64>(m.replBacklogSize, m.masterReplOffset);
    m.uptimeSeconds = 3 * 3600 + 12 * 60 + sec;
    m.replicas.clear();
    t.groups.append(TopologyGroup{kMaster, {kMaster}, {}, {}});
    master.group = 0;
    t.nodes << master;
    for (int i = 1; i <= replicas; ++i) {
        const QString address = QStringLiteral("127.0.0.1:%1").arg(17000 + i);
        const qint64 lag = qint64(std::abs(std::sin(double(sec + i * 5) / 6.0)) * 40000 * i);
        ReplicaEntry entry;
        entry.ip = QStringLiteral("127.0.0.1");
        entry.port = quint16(17000 + i);
        entry.state = QStringLiteral("online");
        entry.offset = m.masterReplOffset - lag;
        entry.lagSeconds = lag > 60000 ? 1 : 0;
        m.replicas << entry;
        t.nodes[0].snapshot = m;

        TopologyNode r = nodeFrom(address, QStringLiteral("7.0.15-replica.txt"), sec);
        r.snapshot.tcpPort = entry.port;
        r.snapshot.replicaReplOffset = entry.offset;
        r.snapshot.replicaReadReplOffset = entry.offset;
        r.snapshot.instantaneousOpsPerSec = qint64(120 * i + 60 * std::cos(double(sec) / 13.0 + i));
        r.snapshot.usedMemory = m.usedMemory - 200 * 1024;
        r.snapshot.uptimeSeconds = 3 * 3600 + sec;
        r.group = 0;
        r.depth = 1;
        t.nodes << r;
        t.groups[0].nodes << address;

        TopologyEdge e;
        e.master = kMaster;
        e.replica = address;
        e.linkUp = true;
        e.lagBytes = lag;
        e.lagSeconds = entry.lagSeconds;
        e.state = entry.state;
        t.edges << e;
    }
    t.nodes[0].snapshot.connectedReplicas = replicas;
    return t;
}

// One replica of kMaster whose INFO comes from `fixtureName` (a sync in progress).
Topology syncingReplica(const QString &fixtureName, QString *address)
{
    Topology t = masterWithReplicas(0, 0);
    TopologyNode r = nodeFrom(QStringLiteral("127.0.0.1:17009"), fixtureName, 0);
    r.masterAddress = kMaster;
    t.nodes << r;
    TopologyEdge e;
    e.master = kMaster;
    e.replica = r.address;
    e.syncInProgress = true;
    t.edges << e;
    *address = r.address;
    return t;
}

QString text(const QWidget *root, const char *name)
{
    auto *label = root->findChild<QLabel *>(QLatin1String(name));
    return label ? label->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
}

bool shown(const QWidget *root, const char *name)
{
    auto *w = root->findChild<QWidget *>(QLatin1String(name));
    return w && w->isVisible();
}

// Lets pending layout requests run first: a grab right after a refresh shows stale geometry.
void snap(QWidget *widget, const QString &name)
{
    QCoreApplication::sendPostedEvents();
    QTest::qWait(30);
    GuiTest::screenshot(widget, name);
}

QXYSeries *firstSeries(const NodeInspector &inspector, const char *chart)
{
    auto *view = inspector.findChild<MetricChart *>(QLatin1String(chart));
    if (!view || view->chart()->series().isEmpty())
        return nullptr;
    return qobject_cast<QXYSeries *>(view->chart()->series().first());
}

} // namespace

class tst_NodeInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyState();
    void replicaInSync();
    void fullSyncShowsPercentage();
    void disklessSyncSizeUnknown();
    void firstSyncWaitingIsProgress();
    void olderVersionShowsBytesLeft();
    void masterListsReplicas();
    void chartsFillUp();
    void sharedHistory();
    void anomaliesWithAdvice();
    void unreachableNodeShowsError();
    void infoTreeFilterAndExpansion();
    void linkToMaster();
    void modelsPassTester();
    void screenshots();
};

void tst_NodeInspector::emptyState()
{
    NodeInspector inspector;
    inspector.show();
    QVERIFY(shown(&inspector, "inspectorEmpty"));
    inspector.setTopology(masterWithReplicas(1, 0));
    inspector.showNode(QStringLiteral("10.9.9.9:6379"));
    QVERIFY(shown(&inspector, "inspectorEmpty"));
    QVERIFY(text(&inspector, "inspectorEmpty").contains(QLatin1String("10.9.9.9:6379")));
    inspector.showNode(kMaster);
    QVERIFY(!shown(&inspector, "inspectorEmpty"));
    inspector.showNode(QString());
    QVERIFY(shown(&inspector, "inspectorEmpty"));
}

void tst_NodeInspector::replicaInSync()
{
    NodeInspector inspector;
    inspector.resize(520, 900);
    inspector.show();
    Topology t = masterWithReplicas(1, 0);
    t.edges[0].lagBytes = 1234;
    t.edges[0].lagSeconds = 0;
    inspector.setTopology(t);
    inspector.showNode(QStringLiteral("127.0.0.1:17001"));

    QCOMPARE(text(&inspector, "inspectorRole"), QStringLiteral("replica"));
    QCOMPARE(text(&inspector, "inspectorAddress"), QStringLiteral("127.0.0.1:17001"));
    QCOMPARE(text(&inspector, "inspectorVersion"), QStringLiteral("Redis 7.0.15"));
    QCOMPARE(text(&inspector, "inspectorStatus"), QStringLiteral("Up"));
    QVERIFY(text(&inspector, "inspectorUptime").startsWith(QLatin1String("up 3 h")));
    QVERIFY(text(&inspector, "inspectorMaster").contains(kMaster));
    QVERIFY2(text(&inspector, "inspectorLink").startsWith(QLatin1String("up")), qPrintable(text(&inspector, "inspectorLink")));
    QVERIFY2(text(&inspector, "inspectorLagBytes").contains(QLatin1String("1.2 KiB")), qPrintable(text(&inspector, "inspectorLagBytes")));
    QVERIFY(text(&inspector, "inspectorLagBytes").contains(QLatin1String("1,234")));
    QCOMPARE(text(&inspector, "inspectorLagSeconds"), QStringLiteral("0 s ago"));
    QVERIFY(text(&inspector, "inspectorOffset").contains(QLatin1String("7,161")) || !text(&inspector, "inspectorOffset").isEmpty());
    QVERIFY(!shown(&inspector, "inspectorSync"));       // no sync running
    QVERIFY(!shown(&inspector, "inspectorReplicaTable"));  // no replicas of its own
    QVERIFY(!shown(&inspector, "inspectorBacklog"));

    // INFO tree: every section of the fixture, "role:slave" under Replication.
    auto *tree = inspector.findChild<QTreeView *>(QStringLiteral("inspectorInfoTree"));
    QVERIFY(tree);
    const QAbstractItemModel *model = tree->model();
    QVERIFY(model->rowCount() >= 8);
    QModelIndex replication;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data().toString() == QLatin1String("Replication"))
            replication = model->index(row, 0);
    }
    QVERIFY(replication.isValid());
    bool found = false;
    for (int row = 0; row < model->rowCount(replication); ++row) {
        if (model->index(row, 0, replication).data().toString() == QLatin1String("role"))
            found = model->index(row, 1, replication).data().toString() == QLatin1String("slave");
    }
    QVERIFY(found);
}

void tst_NodeInspector::fullSyncShowsPercentage()
{
    NodeInspector inspector;
    inspector.show();
    QString address;
    inspector.setTopology(syncingReplica(QStringLiteral("6.2.14-replica-syncing.txt"), &address));
    inspector.showNode(address);
    QVERIFY(shown(&inspector, "inspectorSync"));
    const QString sync = text(&inspector, "inspectorSync");
    QVERIFY2(sync.contains(QLatin1String("42.0 %")), qPrintable(sync));
    QVERIFY2(sync.contains(QLatin1String("168.0 MiB of 400.0 MiB")), qPrintable(sync));
    auto *bar = inspector.findChild<QProgressBar *>(QStringLiteral("inspectorSyncProgress"));
    QVERIFY(bar && bar->isVisible());
    QCOMPARE(bar->value(), 420);
    QVERIFY(text(&inspector, "inspectorLink").startsWith(QLatin1String("down")));
}

void tst_NodeInspector::disklessSyncSizeUnknown()
{
    NodeInspector inspector;
    inspector.show();
    QString address;
    inspector.setTopology(syncingReplica(QStringLiteral("7.0.15-replica-syncing.txt"), &address));
    inspector.showNode(address);
    const QString sync = text(&inspector, "inspectorSync");
    QVERIFY2(sync.startsWith(QLatin1String("diskless transfer, size unknown")), qPrintable(sync));
    QVERIFY2(!sync.contains(QLatin1Char('-')), "7.0 reports negative bytes left: never show them");
    auto *bar = inspector.findChild<QProgressBar *>(QStringLiteral("inspectorSyncProgress"));
    QCOMPARE(bar->maximum(), 0);  // indeterminate
}

// During repl-diskless-sync-delay the replica's own INFO says only "link down": the master's
// wait_bgsave line (edge.syncWaiting) makes it the start of a sync, not a lost link.
void tst_NodeInspector::firstSyncWaitingIsProgress()
{
    NodeInspector inspector;
    inspector.show();
    QString address;
    Topology t = syncingReplica(QStringLiteral("7.0.15-replica-syncing.txt"), &address);
    TopologyNode &r = t.nodes.last();
    r.snapshot.masterSyncInProgress = false;
    r.snapshot.masterLinkStatus = QStringLiteral("down");
    t.edges.last().syncWaiting = true;
    inspector.setTopology(t);
    inspector.showNode(address);
    QVERIFY(shown(&inspector, "inspectorSync"));
    QCOMPARE(text(&inspector, "inspectorSync"), QStringLiteral("initial sync: waiting for the master's snapshot"));
    QCOMPARE(text(&inspector, "inspectorLink"), QStringLiteral("initial sync (not a lost link)"));
}

void tst_NodeInspector::olderVersionShowsBytesLeft()
{
    QString address;
    const Topology t = syncingReplica(QStringLiteral("6.0.20-replica-syncing.txt"), &address);
    const ReplicationText::SyncProgress p = ReplicationText::syncProgress(t.node(address)->snapshot);
    QVERIFY(p.inProgress);
    QVERIFY(!p.percent.has_value());
    QVERIFY2(p.text.endsWith(QLatin1String(" left")) && p.text.contains(QLatin1String("MiB")), qPrintable(p.text));
    const Topology old = syncingReplica(QStringLiteral("2.8.24-replica-syncing.txt"), &address);
    QVERIFY(ReplicationText::syncProgress(old.node(address)->snapshot).text.endsWith(QLatin1String(" left")));
}

void tst_NodeInspector::masterListsReplicas()
{
    NodeInspector inspector;
    inspector.resize(520, 900);
    inspector.show();
    inspector.setTopology(masterWithReplicas(3, 10));
    inspector.showNode(kMaster);
    QCOMPARE(text(&inspector, "inspectorRole"), QStringLiteral("master"));
    QVERIFY(!shown(&inspector, "inspectorLagBytes"));
    auto *table = inspector.findChild<QTableView *>(QStringLiteral("inspectorReplicaTable"));
    QVERIFY(table && table->isVisible());
    const QAbstractItemModel *model = table->model();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->index(0, ReplicaTableModel::AddressColumn).data().toString(), QStringLiteral("127.0.0.1:17001"));
    QCOMPARE(model->index(2, ReplicaTableModel::StateColumn).data().toString(), QStringLiteral("online"));
    QVERIFY(!model->index(1, ReplicaTableModel::LagBytesColumn).data().toString().isEmpty());
    QCOMPARE(text(&inspector, "inspectorReplicasTitle"), QStringLiteral("Replicas (3)"));
    QVERIFY2(text(&inspector, "inspectorBacklog").contains(QLatin1String("of 1.0 MiB")), qPrintable(text(&inspector, "inspectorBacklog")));
    QCOMPARE(text(&inspector, "inspectorFailover"), QStringLiteral("none"));

    // Refreshing with the same replicas keeps the selection.
    table->selectRow(1);
    inspector.setTopology(masterWithReplicas(3, 11));
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(table->selectionModel()->selectedRows().first().row(), 1);

    // Double-click a replica to inspect it.
    QSignalSpy activated(&inspector, &NodeInspector::nodeActivated);
    Q_EMIT table->doubleClicked(model->index(2, 0));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(inspector.currentNode(), QStringLiteral("127.0.0.1:17003"));
    QCOMPARE(text(&inspector, "inspectorRole"), QStringLiteral("replica"));
}

void tst_NodeInspector::chartsFillUp()
{
    NodeInspector inspector;
    inspector.resize(520, 900);
    inspector.show();
    inspector.showNode(kMaster);
    for (int s = 0; s < 5; ++s) {
        inspector.setTopology(masterWithReplicas(3, s));
        inspector.setTopology(masterWithReplicas(3, s));  // repeats add nothing
    }
    QXYSeries *ops = firstSeries(inspector, "opsChart");
    QVERIFY(ops);
    QCOMPARE(ops->count(), 5);
    QCOMPARE(ops->at(4).y(), double(masterWithReplicas(3, 4).nodes.first().snapshot.instantaneousOpsPerSec));
    auto *lag = inspector.findChild<MetricChart *>(QStringLiteral("lagChart"));
    QCOMPARE(lag->lineCount(), 3);  // one line per replica
    QVERIFY(lag->chart()->legend()->isVisible());
    QVERIFY(firstSeries(inspector, "memoryChart")->count() == 5);
    auto *opsView = inspector.findChild<MetricChart *>(QStringLiteral("opsChart"));
    QVERIFY2(opsView->chart()->title().contains(QLatin1String("now")), qPrintable(opsView->chart()->title()));

    // The same series objects are reused.
    QXYSeries *before = firstSeries(inspector, "opsChart");
    inspector.setTopology(masterWithReplicas(3, 5));
    QCOMPARE(firstSeries(inspector, "opsChart"), before);
    QCOMPARE(before->count(), 6);

    // A replica charts its own lag.
    inspector.showNode(QStringLiteral("127.0.0.1:17002"));
    QCOMPARE(lag->lineCount(), 1);
    QCOMPARE(firstSeries(inspector, "lagChart")->count(), 6);
}

void tst_NodeInspector::sharedHistory()
{
    MetricHistory shared;
    NodeInspector inspector;
    inspector.show();
    inspector.setHistory(&shared);
    inspector.showNode(kMaster);
    for (int s = 0; s < 3; ++s) {
        const Topology t = masterWithReplicas(1, s);
        shared.record(t);  // the owner records first
        inspector.setTopology(t);
    }
    QCOMPARE(firstSeries(inspector, "opsChart")->count(), 3);
    QCOMPARE(shared.samples(kMaster).size(), 3);  // the inspector did not record a second time
    inspector.setHistory(nullptr);  // back to its own, empty history
    QCOMPARE(firstSeries(inspector, "opsChart")->count(), 0);
}

void tst_NodeInspector::anomaliesWithAdvice()
{
    NodeInspector inspector;
    inspector.show();
    Topology t = masterWithReplicas(2, 0);
    Anomaly a;
    a.kind = QStringLiteral("backlog_small");
    a.severity = Anomaly::Severity::Warning;
    a.nodes = {kMaster};
    a.message = QStringLiteral("The backlog holds less than a minute of writes.");
    a.advice = QStringLiteral("Raise repl-backlog-size to at least 64mb.");
    Anomaly other = a;
    other.nodes = {QStringLiteral("127.0.0.1:17002")};
    other.message = QStringLiteral("Not for the master");
    t.anomalies << a << other;
    inspector.setTopology(t);
    inspector.showNode(kMaster);
    const QList<QLabel *> messages = inspector.findChildren<QLabel *>(QStringLiteral("anomalyMessage"));
    QCOMPARE(messages.size(), 1);
    QCOMPARE(messages.first()->text(), a.message);
    QCOMPARE(inspector.findChild<QLabel *>(QStringLiteral("anomalyAdvice"))->text(), a.advice);
    QVERIFY(!shown(&inspector, "anomalyNone"));
    inspector.showNode(QStringLiteral("127.0.0.1:17001"));
    QVERIFY(shown(&inspector, "anomalyNone"));
}

void tst_NodeInspector::unreachableNodeShowsError()
{
    NodeInspector inspector;
    inspector.show();
    Topology t = masterWithReplicas(1, 0);
    t.nodes[1].reachability = NodeReachability::Unreachable;
    t.nodes[1].error = QStringLiteral("connection to 127.0.0.1:17001 refused");
    t.nodes[1].lastSeen = QDateTime::currentDateTimeUtc().addSecs(-90);
    t.takenAt = QDateTime::currentDateTimeUtc();
    inspector.setTopology(t);
    inspector.showNode(QStringLiteral("127.0.0.1:17001"));
    QCOMPARE(text(&inspector, "inspectorStatus"), QStringLiteral("Unreachable"));
    QVERIFY(shown(&inspector, "inspectorError"));
    QVERIFY(text(&inspector, "inspectorError").contains(QLatin1String("refused")));
    QVERIFY2(text(&inspector, "inspectorUptime").startsWith(QLatin1String("last seen 1 min")), qPrintable(text(&inspector, "inspectorUptime")));
    // Down: no current role, and its last values are marked with their age.
    QCOMPARE(text(&inspector, "inspectorRole"), QStringLiteral("down (was replica)"));
    QVERIFY(shown(&inspector, "inspectorReplicationStale"));
    QVERIFY2(text(&inspector, "inspectorReplicationStale").contains(QLatin1String("stale (1 min old)")),
             qPrintable(text(&inspector, "inspectorReplicationStale")));
}

void tst_NodeInspector::infoTreeFilterAndExpansion()
{
    NodeInspector inspector;
    inspector.show();
    inspector.setTopology(masterWithReplicas(1, 0));
    inspector.showNode(kMaster);
    auto *tree = inspector.findChild<QTreeView *>(QStringLiteral("inspectorInfoTree"));
    const QAbstractItemModel *model = tree->model();
    auto sectionRow = [&](const QString &name) {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data().toString() == name)
                return row;
        }
        return -1;
    };
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Server"));  // INFO's order
    QVERIFY(tree->isExpanded(model->index(sectionRow(QStringLiteral("Replication")), 0)));
    QVERIFY(!tree->isExpanded(model->index(sectionRow(QStringLiteral("Memory")), 0)));
    tree->expand(model->index(sectionRow(QStringLiteral("Memory")), 0));

    // A refresh with new values keeps what the user opened.
    inspector.setTopology(masterWithReplicas(1, 7));
    QVERIFY(tree->isExpanded(model->index(sectionRow(QStringLiteral("Memory")), 0)));

    GuiTest::typeInto(&inspector, QStringLiteral("inspectorInfoFilter"), QStringLiteral("used_memory_peak"));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Memory"));
    QVERIFY(model->rowCount(model->index(0, 0)) >= 1);
    GuiTest::typeInto(&inspector, QStringLiteral("inspectorInfoFilter"), QStringLiteral("persistence"));
    QCOMPARE(model->rowCount(), 1);  // the section name matches: all its keys come along
    QVERIFY(model->rowCount(model->index(0, 0)) > 10);
    inspector.findChild<QLineEdit *>(QStringLiteral("inspectorInfoFilter"))->clear();
    QVERIFY(model->rowCount() >= 8);
    QVERIFY(tree->isExpanded(model->index(sectionRow(QStringLiteral("Memory")), 0)));
}

void tst_NodeInspector::linkToMaster()
{
    NodeInspector inspector;
    inspector.show();
    inspector.setTopology(masterWithReplicas(2, 0));
    inspector.showNode(QStringLiteral("127.0.0.1:17002"));
    QSignalSpy activated(&inspector, &NodeInspector::nodeActivated);
    QSignalSpy console(&inspector, &NodeInspector::consoleRequested);
    auto *master = inspector.findChild<QLabel *>(QStringLiteral("inspectorMaster"));
    Q_EMIT master->linkActivated(kMaster);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(inspector.currentNode(), kMaster);
    QTest::mouseClick(inspector.findChild<QWidget *>(QStringLiteral("inspectorConsoleButton")), Qt::LeftButton);
    QCOMPARE(console.size(), 1);
    QCOMPARE(console.first().first().toString(), kMaster);
}

void tst_NodeInspector::modelsPassTester()
{
    InfoTreeModel info;
    QAbstractItemModelTester infoTester(&info, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const NodeSnapshot master = InfoParser::parse(fixture(QStringLiteral("7.0.15-master.txt")));
    info.setSections(master.sections);
    QMap<QString, QMap<QString, QString>> changed = master.sections;
    changed[QStringLiteral("memory")][QStringLiteral("used_memory")] = QStringLiteral("1");
    changed[QStringLiteral("stats")][QStringLiteral("total_commands_processed")] = QStringLiteral("2");
    QSignalSpy resets(&info, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&info, &QAbstractItemModel::dataChanged);
    info.setSections(changed);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(changes.size(), 2);
    changed[QStringLiteral("replication")][QStringLiteral("slave2")] = QStringLiteral("ip=x,port=1");
    info.setSections(changed);
    QCOMPARE(resets.size(), 1);
    info.setSections(InfoParser::parse(fixture(QStringLiteral("7.0.15-master-everything-syncing.txt"))).sections);
    info.clear();

    ReplicaTableModel replicas;
    QAbstractItemModelTester replicaTester(&replicas, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ReplicaTableModel::Row a{QStringLiteral("a:1"), QStringLiteral("online"), true, 10, 0, 0};
    ReplicaTableModel::Row b{QStringLiteral("b:1"), QStringLiteral("send_bulk"), true, 5, 5, 1};
    replicas.setRows({a, b});
    b.lagBytes = 0;
    replicas.setRows({a, b});
    replicas.setRows({b});
    replicas.setRows({});
}

void tst_NodeInspector::screenshots()
{
    // With TANDEM_SCREENSHOT_DIR set: a replica in sync and a master with three replicas, a
    // few minutes of charts, in the light and the dark palette.
    for (const bool dark : {false, true}) {
        NodeInspector inspector;
        if (dark)
            inspector.setPalette(TestPalette::dark());
        inspector.resize(540, 1180);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inspector));
        inspector.showNode(QStringLiteral("127.0.0.1:17001"));
        for (int s = 0; s <= 240; s += 2) {
            Topology t = masterWithReplicas(3, s);
            if (s == 240) {
                Anomaly a;
                a.kind = QStringLiteral("backlog_small");
                a.nodes = {kMaster};
                a.message = tr("The replication backlog holds only about 7 s of writes.");
                a.advice = tr("A replica that disconnects for longer needs a full sync. Raise "
                              "repl-backlog-size to cover a minute of writes (about 64 MiB here).");
                t.anomalies << a;
            }
            inspector.setTopology(t);
        }
        const QString suffix = dark ? QStringLiteral("-dark") : QStringLiteral("-light");
        snap(&inspector, QStringLiteral("inspector-replica") + suffix);
        inspector.showNode(kMaster);
        snap(&inspector, QStringLiteral("inspector-master") + suffix);
        if (!dark) {
            // Docked next to the topology view it is often this narrow.
            inspector.resize(380, 1180);
            snap(&inspector, QStringLiteral("inspector-master-narrow"));
            const QWidget *overview = inspector.findChild<QWidget *>(QStringLiteral("inspectorReplication"));
            QVERIFY2(overview->minimumSizeHint().width() <= 360, "the overview must fit a narrow dock");
            inspector.resize(540, 1180);
        }
        inspector.findChild<QTabWidget *>(QStringLiteral("inspectorTabs"))->setCurrentIndex(1);
        snap(&inspector, QStringLiteral("inspector-info") + suffix);
        QString address;
        inspector.setTopology(syncingReplica(QStringLiteral("6.2.14-replica-syncing.txt"), &address));
        inspector.showNode(address);
        inspector.findChild<QTabWidget *>(QStringLiteral("inspectorTabs"))->setCurrentIndex(0);
        snap(&inspector, QStringLiteral("inspector-syncing") + suffix);
    }
}

TANDEM_TEST_MAIN(tst_NodeInspector)
#include "tst_nodeinspector.moc"
