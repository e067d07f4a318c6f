// The default layout at a laptop's 1280x800: every cell of the node table reads in full, with
// a healthy group, while its master is down, and after a failover (down, fenced, was master);
// the event log shows the newest message whole. Screenshots when TANDEM_SCREENSHOT_DIR is set.
#include "GuiTestHelpers.h"
#include "MainWindow.h"
#include "NodeTableModel.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"
#include "eventlog/EventLogModel.h"
#include "ops/FailoverWizard.h"
#include "topology/TopologyMonitor.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QWizard>

#include <memory>

class tst_LayoutAt1280 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyColumnReadable();

private:
    // m -> r1, m -> r2
    ReplicationLab m_lab;
};

void tst_LayoutAt1280::initTestCase()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    QVERIFY2(m_lab.addMaster(QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r1"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY2(m_lab.addReplica(QStringLiteral("r2"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QVERIFY(m_lab.waitLinked());
}

// At 1280x800 with the default layout, nothing in the node table is cut, and the event log
// shows its newest message in full.
void tst_LayoutAt1280::everyColumnReadable()
{
    QTemporaryDir fresh;  // no remembered dock sizes
    QVERIFY(fresh.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, fresh.path());
    qputenv("TANDEM_DATA_DIR", fresh.filePath(QStringLiteral("data")).toUtf8());  // the failover's audit and fence
    auto window = std::make_unique<MainWindow>();
    window->resize(1280, 800);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    window->addNode(m_lab.profile(QStringLiteral("m")));
    const NodeTableModel *model = window->nodeModel();
    auto mastersShown = [&] {
        int withMaster = 0;
        for (int row = 0; row < model->rowCount(); ++row)
            withMaster += GuiTest::cell(model, row, NodeTableModel::MasterColumn).isEmpty() ? 0 : 1;
        return model->rowCount() == 3 && withMaster == 2;
    };
    QTRY_VERIFY_WITH_TIMEOUT(mastersShown(), 10000);
    QTableView *table = window->nodeTable();
    const QFontMetrics metrics = table->fontMetrics();
    const int iconRoom = table->style()->pixelMetric(QStyle::PM_SmallIconSize) + 4;
    auto everyCellFits = [&]() -> QString {
        for (int row = 0; row < model->rowCount(); ++row) {
            for (int column = 0; column < model->columnCount(); ++column) {
                const QString text = GuiTest::cell(model, row, column);
                const int room = table->columnWidth(column) - (column == NodeTableModel::StatusColumn ? iconRoom : 0);
                if (metrics.horizontalAdvance(text) + 8 > room)
                    return QStringLiteral("'%1' in a %2 px column").arg(text).arg(table->columnWidth(column));
            }
        }
        return {};
    };
    QString cut = everyCellFits();
    QVERIFY2(cut.isEmpty(), qPrintable(cut));
    auto *details = window->findChild<QLabel *>(QStringLiteral("eventDetails"));
    QVERIFY(details);
    // The newest event's whole message (whichever event came last).
    auto *events = window->findChild<EventLogModel *>();
    QVERIFY(events);
    auto newest = [events] {
        return events->index(events->rowCount() - 1, EventLogModel::MessageColumn).data().toString();
    };
    QTRY_VERIFY2(details->isVisible() && events->rowCount() >= 3 && details->text().endsWith(newest()),
                 qPrintable(details->text() + QStringLiteral(" / ") + newest()));
    GuiTest::screenshot(window.get(), QStringLiteral("main-1280x800"));

    // After a failover (the master died, the wizard promoted a replica, the old master is
    // fenced and down) every cell still reads in full: "Unreachable", "Fenced", "was master".
    m_lab.stop(QStringLiteral("m"));
    window->selectNode(m_lab.address(QStringLiteral("m")));
    QPushButton *fromAdvice = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((fromAdvice = window->findChild<QPushButton *>(QStringLiteral("anomalyFailoverButton"))), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(fromAdvice->isVisible(), 5000);
    const QString m = m_lab.address(QStringLiteral("m"));
    QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->topology().edgeTo(m_lab.address(QStringLiteral("r1")))
                                 && !window->monitor()->topology().edgeTo(m_lab.address(QStringLiteral("r1")))->linkUp,
                             10000);
    // The master down, its replicas' links down: still every cell in full.
    QTRY_COMPARE_WITH_TIMEOUT(GuiTest::cell(model, model->rowOf(m), NodeTableModel::StatusColumn), QStringLiteral("Unreachable"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(GuiTest::cell(model, model->rowOf(m_lab.address(QStringLiteral("r2"))), NodeTableModel::MasterColumn)
                                 .endsWith(QStringLiteral("(link down)")),
                             10000);
    cut = everyCellFits();
    QVERIFY2(cut.isEmpty(), qPrintable(cut));
    fromAdvice->click();
    auto *wizard = GuiTest::visibleChild<FailoverWizard>(window.get(), QStringLiteral("failoverWizard"));
    QVERIFY(wizard);
    wizard->next();
    wizard->next();
    if (auto *loss = wizard->findChild<QCheckBox *>(QStringLiteral("failoverLossCheck")); loss && !loss->isHidden())
        loss->setChecked(true);
    QVERIFY(wizard->button(QWizard::CommitButton)->isEnabled());
    wizard->next();
    QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::FinishButton)->isEnabled(), 20000);
    wizard->accept();
    QTRY_COMPARE_WITH_TIMEOUT(GuiTest::cell(model, model->rowOf(m), NodeTableModel::StatusColumn), QStringLiteral("Fenced"), 10000);
    QCOMPARE(GuiTest::cell(model, model->rowOf(m), NodeTableModel::RoleColumn), QStringLiteral("was master"));
    window->selectNode(m);
    QTest::qWait(300);
    cut = everyCellFits();
    QVERIFY2(cut.isEmpty(), qPrintable(cut));
    GuiTest::screenshot(window.get(), QStringLiteral("main-1280x800-after-failover"));
    window.reset();
}

TANDEM_TEST_MAIN(tst_LayoutAt1280)
#include "tst_layoutat1280.moc"
