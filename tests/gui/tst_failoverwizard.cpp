// The failover wizard from the main window against real redis-server processes: the master is
// stopped, "Fail over…" becomes available on its group, the wizard explains why, ranks the
// replicas with the best preselected and the priority-0 one disabled, asks for the loss
// acknowledgement when writes may be lost, offers the SSH fence (off without SSH settings) and
// min-replicas-to-write (explained; checked, its step joins the plan), runs the plan, and
// leaves a new master that the window's topology shows with the other replica following it
// and the old master fenced; Fence Now on the dead old master opens its own plan; when the
// old master returns, the fence prompt (Prompt mode) demotes it.
#include "GuiTestHelpers.h"
#include "LabProbe.h"
#include "MainWindowTestHelpers.h"
#include "MainWindow.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/FailoverCandidatesPage.h"
#include "ops/FailoverWizard.h"
#include "ops/MasterFence.h"
#include "ops/OperationsController.h"
#include "ops/PlanRunDialog.h"
#include "topology/TopologyMonitor.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class tst_FailoverWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void failsOverAfterTheMasterDies();

private:
    QTemporaryDir m_dir;
    // m -> r1, r2, r0 (replica-priority 0)
    ReplicationLab m_lab;
};

void tst_FailoverWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    GuiTest::isolateSettings(m_dir);
    QVERIFY2(GuiTest::startOperationsLab(m_lab), qPrintable(m_lab.errorString()));
}

void tst_FailoverWizard::failsOverAfterTheMasterDies()
{
    auto window = GuiTest::shownMainWindow();
    QVERIFY(window);
    window->addNode(m_lab.profile(QStringLiteral("m")));
    QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->topology().edges.size(), 3, 10000);
    const QString m = m_lab.address(QStringLiteral("m"));
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    const QString r2 = m_lab.address(QStringLiteral("r2"));
    const QString r0 = m_lab.address(QStringLiteral("r0"));
    QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->topology().node(r1) && window->monitor()->topology().node(r1)->isUp(), 10000);

    auto *failover = window->findChild<QAction *>(QStringLiteral("failoverAction"));
    window->selectNode(r1);
    QVERIFY2(!failover->isEnabled(), "the master is up");
    m_lab.stop(QStringLiteral("m"));
    QTRY_VERIFY_WITH_TIMEOUT(failover->isEnabled(), 10000);
    // The replicas must have noticed too (the planner wants their links down).
    QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->topology().edgeTo(r1) && !window->monitor()->topology().edgeTo(r1)->linkUp,
                             10000);
    // The anomaly's advice offers the action that does it: Fail Over… right there.
    QPushButton *fromAdvice = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((fromAdvice = window->findChild<QPushButton *>(QStringLiteral("anomalyFailoverButton"))),
                             10000);
    fromAdvice->click();
    auto *wizard = GuiTest::visibleChild<FailoverWizard>(window.get(), QStringLiteral("failoverWizard"));
    QVERIFY(wizard);

    // 1: why.
    auto *reason = wizard->findChild<QLabel *>(QStringLiteral("failoverReasonLabel"));
    QVERIFY2(reason->text().contains(m) && reason->text().contains(QStringLiteral("unreachable since")),
             qPrintable(reason->text()));
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->next();

    // 2: the ranked candidates, the best preselected, the priority-0 replica not selectable.
    auto *table = wizard->findChild<QTableWidget *>(QStringLiteral("failoverCandidatesTable"));
    QCOMPARE(table->rowCount(), 3);
    auto *page = qobject_cast<FailoverCandidatesPage *>(wizard->currentPage());
    QVERIFY(page);
    const QList<FailoverCandidate> ranked = wizard->candidates();
    QVERIFY(ranked.first().eligible);
    QCOMPARE(page->selectedCandidate(), ranked.first().address);
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text() == r0) {
            QVERIFY2(!(table->item(row, 0)->flags() & Qt::ItemIsEnabled), "priority 0 cannot be chosen");
            QVERIFY(!table->item(row, FailoverCandidatesPage::ReasonColumn)->text().isEmpty());
        }
    }
    GuiTest::screenshot(wizard, QStringLiteral("failover-candidates"));
    const QString chosen = page->selectedCandidate();
    const QString other = chosen == r1 ? r2 : r1;
    wizard->next();

    // 3: review; the loss acknowledgement when the estimate is above zero.
    QCOMPARE(wizard->currentId(), int(FailoverWizard::ReviewPage));
    auto *loss = wizard->findChild<QCheckBox *>(QStringLiteral("failoverLossCheck"));
    const qint64 estimate = wizard->plan().facts.value(QStringLiteral("estimated_loss_bytes")).toInteger(-1);
    QCOMPARE(!loss->isHidden(), estimate > 0);
    if (estimate > 0) {
        QVERIFY(!wizard->button(QWizard::CommitButton)->isEnabled());
        loss->setChecked(true);
    }
    QVERIFY(wizard->button(QWizard::CommitButton)->isEnabled());
    // No SSH settings for the old master: the SSH fence is shown but cannot be chosen.
    auto *sshFence = wizard->findChild<QCheckBox *>(QStringLiteral("failoverSshFenceCheck"));
    QVERIFY(sshFence && sshFence->isVisible() && !sshFence->isEnabled() && !sshFence->isChecked());
    // min-replicas-to-write, explained, adds its step to the reviewed plan.
    auto *minReplicas = wizard->findChild<QCheckBox *>(QStringLiteral("failoverMinReplicasCheck"));
    auto *minHelp = wizard->findChild<QLabel *>(QStringLiteral("failoverMinReplicasHelp"));
    QVERIFY(minReplicas && !minReplicas->isChecked());
    QVERIFY2(minHelp->isVisible() && minHelp->text().contains(QLatin1String("NOREPLICAS")), qPrintable(minHelp->text()));
    auto hasStep = [&](const QString &id) {
        for (const PlanStep &step : wizard->plan().steps)
            if (step.id == id)
                return true;
        return false;
    };
    QVERIFY(!hasStep(QStringLiteral("min-replicas")));
    minReplicas->setChecked(true);
    QVERIFY(hasStep(QStringLiteral("min-replicas")));
    wizard->next();

    // 4: the run and its result.
    QCOMPARE(wizard->currentId(), int(FailoverWizard::RunPage));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->hasReport(), 15000);
    QVERIFY2(wizard->report().ok(), qPrintable(wizard->report().message));
    auto *result = wizard->findChild<QLabel *>(QStringLiteral("failoverResultLabel"));
    QVERIFY2(result->text().contains(chosen), qPrintable(result->text()));
    auto *fenceLabel = wizard->findChild<QLabel *>(QStringLiteral("failoverFenceLabel"));
    QVERIFY(fenceLabel->isVisible());
    QVERIFY2(fenceLabel->text().contains(m), qPrintable(fenceLabel->text()));
    QVERIFY(window->operations()->fence()->isFenced(m));
    // The survivors now refuse writes when they lose every replica.
    QCOMPARE(LabProbe::call(m_lab, chosen == r1 ? QStringLiteral("r1") : QStringLiteral("r2"),
                           {"CONFIG", "GET", "min-replicas-to-write"}).value.elements().value(1).bytes(),
             QByteArray("1"));
    GuiTest::screenshot(wizard, QStringLiteral("failover-result"));

    auto promoted = [&] {
        const Topology t = window->monitor()->topology();
        const TopologyNode *n = t.node(chosen);
        const TopologyEdge *e = t.edgeTo(other);
        return n && n->role == NodeSnapshot::Role::Master && e && e->master == chosen && e->linkUp;
    };
    QTRY_VERIFY_WITH_TIMEOUT(promoted(), 5000);
    QVERIFY(wizard->button(QWizard::FinishButton)->isEnabled());
    wizard->accept();

    // Fence Now on the fenced, down old master: a reviewed plan of its own, which says what it
    // needs when the node has no SSH settings.
    window->selectNode(m);
    auto *fenceNow = window->findChild<QAction *>(QStringLiteral("fenceNowAction"));
    QTRY_VERIFY_WITH_TIMEOUT(fenceNow->isEnabled(), 5000);
    fenceNow->trigger();
    PlanRunDialog *fenceDialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((fenceDialog = GuiTest::visibleChild<PlanRunDialog>(window.get(), QStringLiteral("fenceNowDialog"))),
                             5000);
    QCOMPARE(fenceDialog->plan().operation, QStringLiteral("fence-config"));
    QVERIFY(!fenceDialog->findChild<QPushButton *>(QStringLiteral("planRunButton"))->isEnabled());
    auto *summary = fenceDialog->findChild<QLabel *>(QStringLiteral("planRunSummary"));
    QVERIFY2(summary->text().contains(QLatin1String("SSH")), qPrintable(summary->text()));
    fenceDialog->close();

    // The old master comes back as a writable master: in Prompt mode a non-modal notice
    // offers "Demote Now", and demoting makes it follow the new master.
    // The user switches it in the Operations menu; the choice is kept for the next start.
    auto *ask = window->findChild<QAction *>(QStringLiteral("askBeforeFencingAction"));
    QVERIFY(ask && ask->isCheckable() && !ask->isChecked());
    ask->trigger();
    QCOMPARE(window->operations()->fence()->mode(), MasterFence::Mode::Prompt);
    QCOMPARE(QSettings().value(QStringLiteral("operations/fenceMode")).toString(), QStringLiteral("prompt"));
    QVERIFY2(m_lab.restart(QStringLiteral("m")), qPrintable(m_lab.errorString()));
    QMessageBox *notice = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((notice = GuiTest::visibleChild<QMessageBox>(window.get(), QStringLiteral("fenceNotice"))),
                             10000);
    QVERIFY2(notice->text().contains(m), qPrintable(notice->text()));
    QVERIFY(!notice->isModal());
    auto *demote = notice->findChild<QPushButton *>(QStringLiteral("demoteNowButton"));
    QVERIFY(demote);
    QSignalSpy messages(window->operations(), &OperationsController::message);
    QTest::mouseClick(demote, Qt::LeftButton);
    auto follows = [&] {
        const TopologyEdge *e = window->monitor()->topology().edgeTo(m);
        return e && e->master == chosen;
    };
    QTRY_VERIFY_WITH_TIMEOUT(follows(), 10000);
    // The window says what the node did as a master, measured on it: no client wrote to it.
    auto said = [&] {
        for (const QList<QVariant> &args : std::as_const(messages)) {
            const QString text = args.first().toString();
            if (text.contains(m) && text.contains(QLatin1String("writable master for at most"))
                && text.contains(QLatin1String("acknowledged no writes")))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(said(), 5000);
}

TANDEM_TEST_MAIN(tst_FailoverWizard)
#include "tst_failoverwizard.moc"
