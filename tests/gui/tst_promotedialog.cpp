// Promote from the main window against real redis-server processes: the node menu and the
// inspector offer it on replicas only; the dialog shows the plan, the lag and the risks; a
// replica with replica-priority 0 is refused with Confirm disabled; confirming runs the plan
// with progress on the cards and ends with a summary that includes the write pause, while
// the window's topology shows the new master with the others following it.
#include "GuiTestHelpers.h"
#include "MainWindowTestHelpers.h"
#include "MainWindow.h"
#include "NodeContextMenu.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "inspector/NodeInspector.h"
#include "ops/OperationProgress.h"
#include "ops/OperationsController.h"
#include "ops/PlanStepsView.h"
#include "ops/PromoteDialog.h"
#include "topology/NodeCardItem.h"
#include "topology/TopologyMonitor.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class tst_PromoteDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void offeredOnReplicasOnly();
    void priorityZeroIsRefused();
    void inspectorButtonOpensTheDialog();
    void confirmPromotesAndShowsTheWritePause();

private:
    std::unique_ptr<MainWindow> watchLab();
    PromoteDialog *openFromMenu(MainWindow *window, const QString &address);

    QTemporaryDir m_dir;
    // m -> r1, r2, r0 (replica-priority 0)
    ReplicationLab m_lab;
};

void tst_PromoteDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    GuiTest::isolateSettings(m_dir);
    QVERIFY2(GuiTest::startOperationsLab(m_lab), qPrintable(m_lab.errorString()));
}

std::unique_ptr<MainWindow> tst_PromoteDialog::watchLab()
{
    auto window = GuiTest::shownMainWindow();
    if (!window)
        return nullptr;
    window->addNode(m_lab.profile(QStringLiteral("m")));
    const bool up = QTest::qWaitFor([&] {
        const Topology t = window->monitor()->topology();
        if (t.nodes.size() != 4 || t.edges.size() != 3)
            return false;
        for (const TopologyNode &n : t.nodes) {
            if (!n.isUp() || !n.hasSnapshot)
                return false;
        }
        for (const TopologyEdge &e : t.edges) {
            if (!e.linkUp)
                return false;
        }
        return true;
    }, 10000);
    return up ? std::move(window) : nullptr;
}

PromoteDialog *tst_PromoteDialog::openFromMenu(MainWindow *window, const QString &address)
{
    window->selectNode(address);
    auto *action = window->findChild<QAction *>(QStringLiteral("promoteAction"));
    if (!action || !action->isEnabled())
        return nullptr;
    action->trigger();
    return GuiTest::visibleChild<PromoteDialog>(window, QStringLiteral("promoteDialog"));
}

void tst_PromoteDialog::offeredOnReplicasOnly()
{
    auto window = watchLab();
    QVERIFY(window);
    auto *promote = window->findChild<QAction *>(QStringLiteral("promoteAction"));
    auto *failover = window->findChild<QAction *>(QStringLiteral("failoverAction"));
    QVERIFY(promote && failover);
    QVERIFY2(window->findChild<QMenu *>(QStringLiteral("nodeContextMenu"))->actions().contains(promote),
             "the context menu offers Promote");
    window->selectNode(m_lab.address(QStringLiteral("m")));
    QVERIFY2(!promote->isEnabled(), "a master cannot be promoted");
    QVERIFY2(!failover->isEnabled(), "the master is up: nothing to fail over");
    window->selectNode(m_lab.address(QStringLiteral("r1")));
    QVERIFY(promote->isEnabled());
    QVERIFY(!failover->isEnabled());
    window->selectNode(QString());
    QVERIFY(!promote->isEnabled());
}

void tst_PromoteDialog::priorityZeroIsRefused()
{
    auto window = watchLab();
    QVERIFY(window);
    PromoteDialog *dialog = openFromMenu(window.get(), m_lab.address(QStringLiteral("r0")));
    QVERIFY(dialog);
    auto *confirm = dialog->findChild<QPushButton *>(QStringLiteral("confirmPromoteButton"));
    auto *refusal = dialog->findChild<QLabel *>(QStringLiteral("promoteRefusalLabel"));
    QVERIFY(confirm && refusal);
    QVERIFY2(!confirm->isEnabled(), "a refused plan cannot be confirmed");
    QVERIFY(refusal->isVisible());
    QVERIFY2(refusal->text().contains(QStringLiteral("priority")), qPrintable(refusal->text()));
    GuiTest::screenshot(dialog, QStringLiteral("promote-refused"));
    dialog->reject();
    QVERIFY(!dialog->isVisible());
}

void tst_PromoteDialog::inspectorButtonOpensTheDialog()
{
    auto window = watchLab();
    QVERIFY(window);
    window->selectNode(m_lab.address(QStringLiteral("r2")));
    auto *button = window->inspector()->findChild<QPushButton *>(QStringLiteral("inspectorPromoteButton"));
    QVERIFY(button);
    QTRY_VERIFY(button->isVisible() && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    auto *dialog = GuiTest::visibleChild<PromoteDialog>(window.get(), QStringLiteral("promoteDialog"));
    QVERIFY(dialog);
    QCOMPARE(dialog->candidate(), m_lab.address(QStringLiteral("r2")));
    QCOMPARE(dialog->windowModality(), Qt::WindowModal);
    dialog->reject();

    window->selectNode(m_lab.address(QStringLiteral("m")));
    QTRY_VERIFY2(!button->isVisible(), "no Promote button on a master");
}

void tst_PromoteDialog::confirmPromotesAndShowsTheWritePause()
{
    auto window = watchLab();
    QVERIFY(window);
    const QString m = m_lab.address(QStringLiteral("m"));
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    const QString r2 = m_lab.address(QStringLiteral("r2"));
    PromoteDialog *dialog = openFromMenu(window.get(), r1);
    QVERIFY(dialog);
    QList<TopologyEvent> events;
    connect(window->monitor(), &TopologyMonitor::eventsOccurred, this,
            [&events](const QList<TopologyEvent> &e) { events += e; });

    // The review: the plan with its commands, the lag, the risks.
    auto *lag = dialog->findChild<QLabel *>(QStringLiteral("promoteLagLabel"));
    QVERIFY2(lag->text().contains(QStringLiteral("Lag now:")) && lag->text().contains(m), qPrintable(lag->text()));
    PlanStepsView *steps = dialog->stepsView();
    QVERIFY(steps->topLevelItemCount() >= 4);
    bool hasCommand = false;
    for (int i = 0; i < steps->topLevelItemCount(); ++i) {
        for (int c = 0; c < steps->topLevelItem(i)->childCount(); ++c)
            hasCommand = hasCommand || steps->topLevelItem(i)->child(c)->text(0).contains(QStringLiteral("REPLICAOF"));
    }
    QVERIFY2(hasCommand, "the exact commands are in the plan");
    QVERIFY(dialog->findChild<QComboBox *>(QStringLiteral("promoteStrategyCombo")));
    auto *confirm = dialog->findChild<QPushButton *>(QStringLiteral("confirmPromoteButton"));
    QVERIFY(confirm->isEnabled());
    GuiTest::screenshot(dialog, QStringLiteral("promote-review"));

    // Progress shows on the cards while it runs.
    TopologyScene *scene = window->topologyView()->topologyScene();
    QStringList notes;
    auto *progress = window->operations()->progress();
    progress->setLingerMs(60000);
    QTest::mouseClick(confirm, Qt::LeftButton);
    QCOMPARE(dialog->stage(), PromoteDialog::Stage::Running);
    QVERIFY(scene->card(r1)->isOperationHighlighted());
    QTRY_COMPARE_WITH_TIMEOUT(dialog->stage(), PromoteDialog::Stage::Done, 15000);
    QVERIFY2(dialog->report().ok(), qPrintable(dialog->report().message));
    QCOMPARE(scene->card(r1)->operationNote(), QStringLiteral("new master"));
    QCOMPARE(scene->card(r2)->operationNote(), QStringLiteral("following new master"));

    // The summary: new master, final roles, the measured write pause.
    auto *result = dialog->findChild<QLabel *>(QStringLiteral("promoteResultLabel"));
    QVERIFY(result->isVisible());
    QVERIFY2(result->text().contains(QStringLiteral("Writes paused for ")), qPrintable(result->text()));
    QVERIFY2(result->text().contains(r1), qPrintable(result->text()));
    QVERIFY(dialog->report().metrics.contains(QStringLiteral("write_pause_ms")));
    for (int i = 0; i < steps->topLevelItemCount() && i < dialog->plan().steps.size(); ++i)
        QCOMPARE(steps->statusText(i), QStringLiteral("done"));
    GuiTest::screenshot(dialog, QStringLiteral("promote-result"));

    // The window's own topology follows within a moment: r1 master, m and r2 replicas of it.
    auto followsR1 = [&] {
        const Topology t = window->monitor()->topology();
        const TopologyNode *n1 = t.node(r1);
        const TopologyEdge *e0 = t.edgeTo(m);
        const TopologyEdge *e2 = t.edgeTo(r2);
        return n1 && n1->role == NodeSnapshot::Role::Master && e0 && e0->master == r1 && e0->linkUp && e2
            && e2->master == r1 && e2->linkUp;
    };
    QTRY_VERIFY_WITH_TIMEOUT(followsR1(), 5000);
    // The promote's role changes are logged as planned: Info, with their node, never a Warning.
    QList<TopologyEvent> roleChanges;
    for (const TopologyEvent &e : std::as_const(events)) {
        if (e.kind == TopologyEvent::Kind::RoleChanged)
            roleChanges.append(e);
    }
    QVERIFY(!roleChanges.isEmpty());
    for (const TopologyEvent &e : std::as_const(roleChanges)) {
        QVERIFY2(e.severity == Anomaly::Severity::Info && !e.node.isEmpty()
                     && e.message.contains(QStringLiteral("(planned: Promote ")),
                 qPrintable(e.message));
    }
    auto *close = dialog->findChild<QPushButton *>(QStringLiteral("closePromoteButton"));
    QVERIFY(close && close->isEnabled());
    QTest::mouseClick(close, Qt::LeftButton);
    QTRY_VERIFY(!dialog || !dialog->isVisible());
}

TANDEM_TEST_MAIN(tst_PromoteDialog)
#include "tst_promotedialog.moc"
