// The event log: a bounded model that passes the model tester, severity and text filters,
// following new rows unless the user scrolled up, copy and export.
#include "DarkPalette.h"
#include "GuiTestHelpers.h"
#include "TestRegistry.h"

#include "eventlog/EventLogFilterModel.h"
#include "eventlog/EventLogModel.h"
#include "eventlog/EventLogView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QIcon>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {

TopologyEvent makeEvent(int i, Anomaly::Severity severity = Anomaly::Severity::Info,
                    const QString &node = QStringLiteral("127.0.0.1:7001"))
{
    TopologyEvent e;
    e.kind = TopologyEvent::Kind::LinkDown;
    e.at = QDateTime::currentDateTimeUtc().addSecs(-3600 + i);
    e.node = node;
    e.severity = severity;
    e.message = QStringLiteral("event number %1").arg(i);
    return e;
}

QList<TopologyEvent> batch(int from, int count)
{
    QList<TopologyEvent> out;
    for (int i = from; i < from + count; ++i)
        out << makeEvent(i, Anomaly::Severity(i % 3));
    return out;
}

} // namespace

class tst_EventLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelPassesTester();
    void boundedOldestDropped();
    void filters();
    void followsUnlessScrolledUp();
    void copyRows();
    void exportToFile();
    void screenshots();
};

void tst_EventLog::modelPassesTester()
{
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    EventLogFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxRows(5);
    model.append(batch(0, 3));
    model.append(batch(3, 4));  // 7 > 5: the two oldest go
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.event(0).message, QStringLiteral("event number 2"));
    model.append(batch(100, 12));  // a batch larger than the bound keeps its newest
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.event(4).message, QStringLiteral("event number 111"));
    QCOMPARE(model.event(0).message, QStringLiteral("event number 107"));
    filter.setMinimumSeverity(Anomaly::Severity::Critical);
    filter.setText(QStringLiteral("number 1"));
    model.append({});
    model.clear();
    QCOMPARE(model.rowCount(), 0);

    model.append({makeEvent(1, Anomaly::Severity::Critical)});
    QCOMPARE(model.columnCount(), int(EventLogModel::ColumnCount));
    QCOMPARE(model.index(0, EventLogModel::NodeColumn).data().toString(), QStringLiteral("127.0.0.1:7001"));
    QCOMPARE(model.index(0, EventLogModel::SeverityColumn).data().toString(), QStringLiteral("Critical"));
    QVERIFY(!model.index(0, EventLogModel::SeverityColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
    QCOMPARE(model.index(0, 0).data(EventLogModel::SeverityRole).toInt(), int(Anomaly::Severity::Critical));
    QVERIFY(!model.index(0, EventLogModel::TimeColumn).data().toString().isEmpty());
}

void tst_EventLog::boundedOldestDropped()
{
    EventLogModel model;
    QCOMPARE(model.maxRows(), 10000);
    for (int i = 0; i < 101; ++i)
        model.append(batch(i * 100, 100));
    QCOMPARE(model.rowCount(), 10000);
    QCOMPARE(model.event(0).message, QStringLiteral("event number 100"));
    QCOMPARE(model.event(9999).message, QStringLiteral("event number 10099"));
}

void tst_EventLog::filters()
{
    EventLogView view;
    view.show();
    view.appendEvents({makeEvent(1, Anomaly::Severity::Info, QStringLiteral("10.0.0.1:6379")),
                       makeEvent(2, Anomaly::Severity::Warning, QStringLiteral("10.0.0.2:6379")),
                       makeEvent(3, Anomaly::Severity::Critical, QStringLiteral("10.0.0.2:6379")),
                       makeEvent(4, Anomaly::Severity::Info, QStringLiteral("10.0.0.3:6379"))});
    QTableView *table = view.table();
    QCOMPARE(table->model()->rowCount(), 4);
    auto *severity = view.findChild<QComboBox *>(QStringLiteral("eventSeverityFilter"));
    severity->setCurrentIndex(1);
    QCOMPARE(table->model()->rowCount(), 2);
    severity->setCurrentIndex(2);
    QCOMPARE(table->model()->rowCount(), 1);
    severity->setCurrentIndex(0);
    GuiTest::typeInto(&view, QStringLiteral("eventTextFilter"), QStringLiteral("10.0.0.2"));
    QCOMPARE(table->model()->rowCount(), 2);
    QCOMPARE(view.findChild<QLabel *>(QStringLiteral("eventCount"))->text(), QStringLiteral("2 of 4 events"));
    GuiTest::typeInto(&view, QStringLiteral("eventTextFilter"), QStringLiteral("NUMBER 4"));  // message, any case
    QCOMPARE(table->model()->rowCount(), 1);
    // New events are filtered as they arrive.
    view.appendEvents({makeEvent(40, Anomaly::Severity::Info, QStringLiteral("x"))});
    QCOMPARE(table->model()->rowCount(), 2);
}

void tst_EventLog::followsUnlessScrolledUp()
{
    EventLogView view;
    view.resize(700, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QScrollBar *bar = view.table()->verticalScrollBar();
    view.appendEvents(batch(0, 200));
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(view.isFollowing());

    // The user scrolls up to read: new rows must not yank the view away.
    bar->setValue(10);
    QVERIFY(!view.isFollowing());
    view.appendEvents(batch(200, 50));
    QTest::qWait(50);
    QCOMPARE(bar->value(), 10);

    // Back at the bottom, it follows again.
    bar->setValue(bar->maximum());
    QVERIFY(view.isFollowing());
    view.appendEvents(batch(250, 50));
    QTRY_COMPARE(bar->value(), bar->maximum());
    QCOMPARE(view.table()->model()->rowCount(), 300);
}

void tst_EventLog::copyRows()
{
    EventLogView view;
    view.show();
    view.appendEvents(batch(0, 5));
    view.table()->selectRow(1);
    view.table()->selectionModel()->select(view.table()->model()->index(3, 0),
                                           QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QString text = view.selectedText();
    const QStringList lines = text.split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.at(0).endsWith(QLatin1String("\tevent number 1")));
    QVERIFY(lines.at(1).endsWith(QLatin1String("\tevent number 3")));
    QCOMPARE(lines.at(0).split(QLatin1Char('\t')).size(), 4);
    view.table()->setFocus();
    QTest::keyClick(view.table(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), text);
    view.table()->clearSelection();
    QCOMPARE(view.selectedText().split(QLatin1Char('\n')).size(), 5);  // nothing selected: all
}

void tst_EventLog::exportToFile()
{
    EventLogView view;
    view.appendEvents(batch(0, 6));
    view.filterModel()->setMinimumSeverity(Anomaly::Severity::Critical);  // 2, 5
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("events.txt"));
    QString error;
    QVERIFY2(view.exportTo(path, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), QStringLiteral("Time\tSeverity\tNode\tMessage"));
    QVERIFY(lines.at(1).endsWith(QLatin1String("Critical\t127.0.0.1:7001\tevent number 2")));
    QVERIFY(!view.exportTo(dir.filePath(QStringLiteral("no/such/dir/x.txt")), &error));
    QVERIFY(!error.isEmpty());
}

void tst_EventLog::screenshots()
{
    for (const bool dark : {false, true}) {
        EventLogView view;
        if (dark)
            view.setPalette(TestPalette::dark());
        view.resize(760, 260);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QList<TopologyEvent> events;
        const struct { TopologyEvent::Kind kind; Anomaly::Severity severity; const char *node; const char *message; } rows[] = {
            {TopologyEvent::Kind::NodeAdded, Anomaly::Severity::Info, "127.0.0.1:17003", "Node added: replica of 127.0.0.1:17000"},
            {TopologyEvent::Kind::FullSyncStarted, Anomaly::Severity::Info, "127.0.0.1:17003", "Full sync started from 127.0.0.1:17000"},
            {TopologyEvent::Kind::FullSyncFinished, Anomaly::Severity::Info, "127.0.0.1:17003", "Full sync finished (412 MiB in 38 s)"},
            {TopologyEvent::Kind::AnomalyRaised, Anomaly::Severity::Warning, "127.0.0.1:17000", "Replication backlog holds only about 7 s of writes"},
            {TopologyEvent::Kind::LinkDown, Anomaly::Severity::Critical, "127.0.0.1:17002", "Link to master 127.0.0.1:17000 is down"},
            {TopologyEvent::Kind::NodeDown, Anomaly::Severity::Critical, "127.0.0.1:17002", "Node unreachable: connection refused"},
            {TopologyEvent::Kind::NodeUp, Anomaly::Severity::Info, "127.0.0.1:17002", "Node is up again"},
            {TopologyEvent::Kind::LinkUp, Anomaly::Severity::Info, "127.0.0.1:17002", "Link to master is up (partial resync)"},
        };
        int i = 0;
        for (const auto &r : rows) {
            TopologyEvent e;
            e.kind = r.kind;
            e.severity = r.severity;
            e.node = QLatin1String(r.node);
            e.message = QLatin1String(r.message);
            e.at = QDateTime::currentDateTimeUtc().addSecs(-600 + 45 * i++);
            events << e;
        }
        view.appendEvents(events);
        QTest::qWait(30);
        GuiTest::screenshot(&view, dark ? QStringLiteral("eventlog-dark") : QStringLiteral("eventlog-light"));
    }
}

TANDEM_TEST_MAIN(tst_EventLog)
#include "tst_eventlog.moc"
