// The audit log in the app: after a promote run from the main window, Operations ▸ Audit Log
// lists it newest first with its outcome and write pause, and selecting it shows its steps
// with nodes, commands and messages. An operation the log shows started but never finished
// appears as "interrupted", and a window started afterwards says so and offers Recover.
#include "GuiTestHelpers.h"
#include "MainWindowTestHelpers.h"
#include "MainWindow.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/AuditLog.h"
#include "ops/AuditLogModel.h"
#include "ops/AuditLogView.h"
#include "ops/OperationsController.h"
#include "ops/PromoteDialog.h"
#include "topology/TopologyMonitor.h"

#include <QAction>
#include <QDialog>
#include <QLabel>
#include <QApplication>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

class tst_AuditLogView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsTheRunWithItsSteps();
    void interruptedOperationIsFlaggedAtStart();

private:
    std::unique_ptr<MainWindow> newWindow();

    QTemporaryDir m_dir;
    ReplicationLab m_lab;   // m -> r1
};

void tst_AuditLogView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    GuiTest::isolateSettings(m_dir);
    QVERIFY2(GuiTest::startOperationsLab(m_lab, 1, false), qPrintable(m_lab.errorString()));
}

std::unique_ptr<MainWindow> tst_AuditLogView::newWindow()
{
    return GuiTest::shownMainWindow();
}

void tst_AuditLogView::listsTheRunWithItsSteps()
{
    auto window = newWindow();
    QVERIFY(window);
    window->addNode(m_lab.profile(QStringLiteral("m")));
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->topology().edgeTo(r1) && window->monitor()->topology().edgeTo(r1)->linkUp,
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->topology().node(r1)->hasSnapshot, 5000);
    PromoteDialog *dialog = window->operations()->openPromote(r1);
    QVERIFY(dialog);
    QVERIFY2(dialog->plan().canRun(), qPrintable(dialog->plan().refusal()));
    dialog->confirm();
    QTRY_COMPARE_WITH_TIMEOUT(dialog->stage(), PromoteDialog::Stage::Done, 15000);
    QVERIFY2(dialog->report().ok(), qPrintable(dialog->report().message));
    const QString id = dialog->report().operationId;
    dialog->close();

    window->findChild<QAction *>(QStringLiteral("auditLogAction"))->trigger();
    // A top-level window of its own (a window-modal Promote dialog must not block it).
    AuditLogView *view = nullptr;
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *w : windows) {
        if (w->objectName() == QLatin1String("auditLogView") && w->isVisible())
            view = qobject_cast<AuditLogView *>(w);
    }
    QVERIFY(view);
    AuditLogModel *model = view->model();
    QVERIFY(model->rowCount() >= 1);
    QCOMPARE(model->data(model->index(0, 0), AuditLogModel::OperationIdRole).toString(), id);  // newest first
    QCOMPARE(GuiTest::cell(model, 0, AuditLogModel::OutcomeColumn), QStringLiteral("succeeded"));
    QVERIFY(GuiTest::cell(model, 0, AuditLogModel::OperationColumn).contains(r1));
    QVERIFY2(GuiTest::cell(model, 0, AuditLogModel::PauseColumn).endsWith(QStringLiteral(" ms")),
             qPrintable(GuiTest::cell(model, 0, AuditLogModel::PauseColumn)));
    QCOMPARE(view->selectedOperation(), id);

    QTreeWidget *steps = view->stepsView();
    QCOMPARE(steps->topLevelItemCount(), int(dialog->report().steps.size()));
    bool promoteStep = false;
    for (int i = 0; i < steps->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = steps->topLevelItem(i);
        QCOMPARE(item->text(2), QStringLiteral("succeeded"));
        QVERIFY(!item->text(3).isEmpty());  // started at
        if (item->text(1) == r1 && item->childCount() > 0 && item->child(0)->text(0).contains(QStringLiteral("REPLICAOF NO ONE")))
            promoteStep = true;
    }
    QVERIFY2(promoteStep, "the promote step names its node and its exact command");
    GuiTest::screenshot(view, QStringLiteral("auditlog"));

    // An entry written meanwhile shows after Refresh, as interrupted while it has no end.
    AuditLog log(AuditLog::defaultPath());
    const QString lost = AuditLog::newOperationId();
    QVERIFY(log.append(lost, QStringLiteral("op_started"),
                       QJsonObject{{QStringLiteral("plan"), QJsonObject{{QStringLiteral("operation"), QStringLiteral("promote")},
                                                                        {QStringLiteral("title"), QStringLiteral("Promote elsewhere")}}}}));
    QTest::mouseClick(view->findChild<QPushButton *>(QStringLiteral("auditRefreshButton")), Qt::LeftButton);
    const int row = model->rowOf(lost);
    QVERIFY(row >= 0);
    QCOMPARE(GuiTest::cell(model, row, AuditLogModel::OutcomeColumn), QStringLiteral("interrupted"));
    QVERIFY(log.closeInterrupted(lost, QStringLiteral("test")));
}

void tst_AuditLogView::interruptedOperationIsFlaggedAtStart()
{
    AuditLog log(AuditLog::defaultPath());
    const QString lost = AuditLog::newOperationId();
    QVERIFY(log.append(lost, QStringLiteral("op_started"),
                       QJsonObject{{QStringLiteral("plan"), QJsonObject{{QStringLiteral("operation"), QStringLiteral("promote")},
                                                                        {QStringLiteral("title"), QStringLiteral("Promote the lost one")}}}}));
    auto window = newWindow();
    QVERIFY(window);
    QTRY_VERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("interrupted")),
                 qPrintable(window->statusBar()->currentMessage()));
    QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("Promote the lost one")));
    QVERIFY(window->findChild<QAction *>(QStringLiteral("recoverAction"))->isEnabled());
    AuditLogView *view = window->operations()->openAuditLog(lost);
    QCOMPARE(view->selectedOperation(), lost);
    QCOMPARE(GuiTest::cell(view->model(), view->model()->rowOf(lost), AuditLogModel::OutcomeColumn),
             QStringLiteral("interrupted"));
    // Recover explains what it found (RecoveryPlanner) before offering anything.
    window->findChild<QAction *>(QStringLiteral("recoverAction"))->trigger();
    auto *recovery = GuiTest::visibleChild<QDialog>(window.get(), QStringLiteral("recoveryDialog"));
    QVERIFY(recovery);
    auto *diagnosis = recovery->findChild<QLabel *>(QStringLiteral("recoveryDiagnosisLabel"));
    QVERIFY2(diagnosis->text().contains(QStringLiteral("<li>")), qPrintable(diagnosis->text()));
    recovery->reject();
    QVERIFY(log.closeInterrupted(lost, QStringLiteral("test")));
}

TANDEM_TEST_MAIN(tst_AuditLogView)
#include "tst_auditlogview.moc"
