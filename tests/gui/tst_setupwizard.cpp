// Set Up Replication from the main window on a standalone lab (three unlinked redis-servers,
// each from its own redis.conf, as `tandem --lab-standalone 3` starts them): dragging a
// standalone card onto another with the mouse highlights the target (Escape cancels) and the
// drop opens the wizard prefilled; the user adds a second replica, preflight shows every check with its
// observed value and wants the replica holding a key typed before it goes on, a password is
// typed twice (Generate shows one once), the plan is reviewed with the password masked, the
// run links both replicas with auth, the result says what changed and where the password
// went, the audit log holds the run, and the window follows the group with the new password.
// Then Detach on a replica's menu makes it a standalone master again through its own plan;
// Make Replica of… and Operations ▸ Set Up Replication… open the wizard prefilled. A node not
// in view joins through New Connection…, and Cancel during the full sync puts every node back.
#include "BlockingRedis.h"
#include "ConnectionDialog.h"
#include "GuiTestHelpers.h"
#include "MainWindowTestHelpers.h"
#include "MainWindow.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/AuditLog.h"
#include "ops/OperationProgress.h"
#include "ops/OperationsController.h"
#include "ops/PlanRunDialog.h"
#include "ops/PlanStepsView.h"
#include "ops/SetupHealthPanel.h"
#include "ops/SetupRunPage.h"
#include "ops/SetupWizard.h"
#include "profile/MemorySecretStore.h"
#include "profile/ProfileStore.h"
#include "topology/CardLinkDrag.h"
#include "topology/NodeCardItem.h"
#include "topology/TopologyMonitor.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTableWidget>
#include <QTreeWidget>

#include <algorithm>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct-horse-battery-staple");

QStringList upNodes(const MainWindow &window)
{
    QStringList out;
    for (const TopologyNode &n : window.monitor()->topology().nodes) {
        if (n.isUp() && !n.placeholder)
            out.append(n.address);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void checkReplica(QListWidget *list, const QString &address)
{
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->data(Qt::UserRole).toString() == address)
            list->item(i)->setCheckState(Qt::Checked);
    }
}

QStringList checkedReplicas(const QListWidget *list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i) {
        if (!list->item(i)->isHidden() && list->item(i)->checkState() == Qt::Checked)
            out.append(list->item(i)->data(Qt::UserRole).toString());
    }
    return out;
}

} // namespace

class tst_SetupWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void setsUpAGroupFromStandaloneServers();
    void cancelDuringTheSyncPutsEveryNodeBack();

private:
    void dragOpensTheWizard(MainWindow *window, const QString &master, const QString &replica);

    QTemporaryDir m_dir;
};

void tst_SetupWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    GuiTest::isolateSettings(m_dir);
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
}

void tst_SetupWizard::dragOpensTheWizard(MainWindow *window, const QString &master, const QString &replica)
{
    TopologyScene *scene = window->topologyView()->topologyScene();
    QTRY_VERIFY_WITH_TIMEOUT(scene->card(master) && scene->card(replica), 10000);
    CardLinkDrag *drag = scene->linkDrag();
    QVERIFY(drag->canStartFrom(replica));
    const QPointF onMaster = scene->card(master)->sceneBoundingRect().center();

    // Dragged over the master: a visible highlight there; Escape cancels, nothing opens.
    QVERIFY(drag->begin(replica, scene->card(replica)->sceneBoundingRect().center()));
    drag->move(onMaster);
    QCOMPARE(drag->target(), master);
    QVERIFY(scene->card(master)->isDropHighlighted());
    window->topologyView()->setFocus();
    QTest::keyClick(window->topologyView(), Qt::Key_Escape);
    QVERIFY(!drag->isActive());
    QVERIFY(!scene->card(master)->isDropHighlighted());
    QVERIFY(!window->operations()->setupWizard());

    // With the mouse: press on the standalone card, move onto the master, release.
    QGraphicsView *view = window->topologyView();
    view->ensureVisible(scene->card(replica));
    const QPoint from = view->mapFromScene(scene->card(replica)->sceneBoundingRect().center());
    const QPoint to = view->mapFromScene(onMaster);
    QTest::mousePress(view->viewport(), Qt::LeftButton, {}, from);
    QTest::mouseMove(view->viewport(), from + QPoint(12, 12));
    QTest::mouseMove(view->viewport(), to);
    QVERIFY2(drag->isActive(), "the mouse started the drag");
    QCOMPARE(drag->target(), master);
    QVERIFY(scene->card(master)->isDropHighlighted());
    GuiTest::screenshot(window, QStringLiteral("setup-0-drag"));
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, to);
    QTRY_VERIFY(window->operations()->setupWizard());
    SetupWizard *wizard = window->operations()->setupWizard();
    QTRY_VERIFY(wizard->isVisible());
    auto *masterCombo = wizard->findChild<QComboBox *>(QStringLiteral("setupMasterCombo"));
    QCOMPARE(masterCombo->currentData().toString(), master);
    QCOMPARE(checkedReplicas(wizard->findChild<QListWidget *>(QStringLiteral("setupReplicaList"))), QStringList{replica});
}

void tst_SetupWizard::setsUpAGroupFromStandaloneServers()
{
    QSettings settings;
    MemorySecretStore secrets;
    ProfileStore profiles(&settings, &secrets);
    auto window = std::make_unique<MainWindow>(nullptr, &profiles);
    window->setPollInterval(250);
    window->resize(1400, 900);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));

    window->startStandaloneLab(3);
    QTRY_COMPARE_WITH_TIMEOUT(upNodes(*window).size(), 3, 30000);
    const QStringList nodes = upNodes(*window);
    const QString master = nodes.at(0);
    const QString r1 = nodes.at(1);
    const QString r2 = nodes.at(2);
    QVERIFY2(window->monitor()->topology().edges.isEmpty(), "a standalone lab has no links");
    {
        // r1 holds a key: REPLICAOF would discard it, so the user must say so by typing.
        BlockingRedis r(r1);
        QVERIFY(r.call({"SET", "precious", "1"}).ok);
    }
    BlockingRedis(master).call({"SET", "kept", "on-master"});

    dragOpensTheWizard(window.get(), master, r2);
    SetupWizard *wizard = window->operations()->setupWizard();

    // 1. Nodes: the drop chose master and r2; add r1.
    checkReplica(wizard->findChild<QListWidget *>(QStringLiteral("setupReplicaList")), r1);
    GuiTest::screenshot(wizard, QStringLiteral("setup-1-nodes"));
    QVERIFY(wizard->currentPage()->isComplete());
    wizard->next();

    // 2. Preflight: every check with what was observed; r1's key needs its address typed.
    QCOMPARE(wizard->currentId(), int(SetupWizard::PreflightPage));
    auto *checks = wizard->findChild<QTableWidget *>(QStringLiteral("setupPreconditionList"));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->hasFacts() && checks->rowCount() > 0, 15000);
    QLineEdit *confirm = nullptr;
    QTRY_VERIFY2((confirm = GuiTest::visibleChild<QLineEdit>(wizard, QStringLiteral("setupDiscardConfirm:") + r1)),
                 "a replica holding keys asks for a typed confirmation");
    QVERIFY(!wizard->findChild<QLineEdit *>(QStringLiteral("setupDiscardConfirm:") + r2));
    QVERIFY2(!wizard->currentPage()->isComplete(), "refused until the key's loss is consented to");
    QTest::keyClicks(confirm, QStringLiteral("not-the-address"));
    QVERIFY(!wizard->currentPage()->isComplete());
    confirm->clear();
    QTest::keyClicks(confirm, r1);
    // The Doctor's findings on the chosen nodes, listed below the checks (they never block).
    auto *health = wizard->findChild<SetupHealthPanel *>(QStringLiteral("setupHealthPanel"));
    QVERIFY(health && health->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!health->isChecking() && !health->statusText().contains(QLatin1String("checking")), 15000);
    auto *findings = wizard->findChild<QTreeWidget *>(QStringLiteral("setupHealthList"));
    QCOMPARE(findings->topLevelItemCount(), int(health->report().findings.size()));
    QCOMPARE(findings->isVisible(), findings->topLevelItemCount() > 0);  // an empty list takes no room
    if (health->report().findings.isEmpty())
        QVERIFY2(health->statusText().contains(QLatin1String("no findings")), qPrintable(health->statusText()));
    for (const QString &n : {master, r1, r2})
        QVERIFY2(health->statusText().contains(n + QStringLiteral(" checked: server")), qPrintable(health->statusText()));
    GuiTest::screenshot(wizard, QStringLiteral("setup-2-preflight"));
    for (int i = 0; i < checks->rowCount(); ++i)
        QVERIFY2(!checks->item(i, 1)->text().isEmpty(), qPrintable(checks->item(i, 0)->text()));
    QTRY_VERIFY2(wizard->currentPage()->isComplete(),
                 qPrintable(wizard->findChild<QLabel *>(QStringLiteral("setupPreflightStatus"))->text()));
    wizard->next();

    // 3. Security: Generate shows a password once, with Copy; then the user types their own.
    QCOMPARE(wizard->currentId(), int(SetupWizard::SecurityPage));
    QVERIFY(!wizard->currentPage()->isComplete());
    wizard->findChild<QPushButton *>(QStringLiteral("setupGeneratePassword"))->click();
    auto *generated = wizard->findChild<QLineEdit *>(QStringLiteral("setupGeneratedPassword"));
    QVERIFY(generated->isVisible());
    QVERIFY(generated->text().size() >= 43);
    QVERIFY(wizard->currentPage()->isComplete());
    GuiTest::screenshot(wizard, QStringLiteral("setup-3-security"));
    GuiTest::typeInto(wizard, QStringLiteral("setupPassword"), kPassword);
    QVERIFY2(!wizard->currentPage()->isComplete(), "the two fields differ now");
    GuiTest::typeInto(wizard, QStringLiteral("setupPasswordRepeat"), kPassword);
    QVERIFY(!generated->isVisible());
    QVERIFY(wizard->currentPage()->isComplete());
    wizard->next();

    // 4. Settings, each with its reason.
    QCOMPARE(wizard->currentId(), int(SetupWizard::SettingsPage));
    QVERIFY(!wizard->findChild<QLabel *>(QStringLiteral("setupKeepaliveReason"))->text().isEmpty());
    QVERIFY(wizard->findChild<QLabel *>(QStringLiteral("setupPersistenceReason"))->text().contains(QLatin1String("wipe")));
    GuiTest::screenshot(wizard, QStringLiteral("setup-4-settings"));
    wizard->next();

    // 5. Review: the steps with their commands, the password masked everywhere.
    QCOMPARE(wizard->currentId(), int(SetupWizard::ReviewPage));
    auto *planView = wizard->findChild<PlanStepsView *>(QStringLiteral("setupPlanView"));
    QVERIFY(planView->topLevelItemCount() > 3);
    planView->expandAll();
    for (QTreeWidgetItemIterator it(planView); *it; ++it)
        QVERIFY2(!(*it)->text(0).contains(kPassword), qPrintable((*it)->text(0)));
    QVERIFY(wizard->findChild<QLabel *>(QStringLiteral("setupFactsLabel"))->text().contains(QLatin1String("backlog")));
    QVERIFY(wizard->currentPage()->isComplete());
    GuiTest::screenshot(wizard, QStringLiteral("setup-5-review"));
    wizard->next();

    // 6. Run, per replica, until the report.
    QCOMPARE(wizard->currentId(), int(SetupWizard::RunPage));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->hasReport(), 90000);
    GuiTest::screenshot(wizard, QStringLiteral("setup-6-run"));
    QVERIFY2(wizard->report().ok(), qPrintable(wizard->report().message));
    wizard->next();

    // 7. Result: the outcome, what changed on each node, where the password went.
    QCOMPARE(wizard->currentId(), int(SetupWizard::ResultPage));
    auto *result = wizard->findChild<QLabel *>(QStringLiteral("setupResultLabel"));
    QVERIFY(result->text().contains(QLatin1String("Succeeded")));
    QVERIFY(result->text().contains(QLatin1String("audit:")));
    const QString changes = wizard->findChild<QLabel *>(QStringLiteral("setupChangesLabel"))->text();
    for (const QString &a : {master, r1, r2})
        QVERIFY2(changes.contains(a), qPrintable(changes));
    auto *fate = wizard->findChild<QLabel *>(QStringLiteral("setupPasswordFateLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(fate->text().contains(QLatin1String("connections of")), 5000);
    QVERIFY(!fate->text().contains(kPassword));
    QTest::qWait(50);  // the label's new height is laid out at the next pass
    GuiTest::screenshot(wizard, QStringLiteral("setup-7-result"));

    // The servers: both replicas linked to the master with auth; AUTH required everywhere.
    const quint16 masterPort = master.section(QLatin1Char(':'), 1).toUShort();
    for (const QString &r : {r1, r2}) {
        BlockingRedis replica(r, kPassword);
        QCOMPARE(replica.infoField("replication", "role"), QByteArray("slave"));
        QCOMPARE(replica.infoField("replication", "master_port"), QByteArray::number(masterPort));
        QCOMPARE(replica.infoField("replication", "master_link_status"), QByteArray("up"));
        QCOMPARE(replica.call({"GET", "kept"}).text, QByteArray("on-master"));
        QVERIFY2(replica.call({"EXISTS", "precious"}).text == "0", "REPLICAOF replaced r1's data");
    }
    for (const QString &a : {master, r1, r2}) {
        BlockingRedis anonymous(a);
        const BlockingRedis::Reply reply = anonymous.call({"GET", "kept"});
        QVERIFY2(reply.error && reply.text.startsWith("NOAUTH"), qPrintable(a + QStringLiteral(": ") + QString::fromUtf8(reply.text)));
    }
    // The audit log has the run, and no line holds the password.
    const QList<QJsonObject> audit = window->operations()->audit()->read();
    bool started = false;
    bool finished = false;
    for (const QJsonObject &line : audit) {
        if (line.value(QStringLiteral("op")).toString() != wizard->report().operationId)
            continue;
        started = started || (line.value(QStringLiteral("event")).toString() == QLatin1String("op_started")
                              && line.value(QStringLiteral("plan")).toObject().value(QStringLiteral("operation")).toString()
                                     == QLatin1String("setup"));
        finished = finished || line.value(QStringLiteral("event")).toString() == QLatin1String("op_finished");
    }
    QVERIFY(started);
    QVERIFY(finished);
    QFile auditFile(window->operations()->audit()->path());
    QVERIFY(auditFile.open(QIODevice::ReadOnly));
    QVERIFY2(!auditFile.readAll().contains(kPassword.toUtf8()), "the password never reaches the audit log");
    // The saved connections carry the password (in the secret store, not in settings).
    QCOMPARE(profiles.count(), 3);
    settings.sync();
    QFile settingsFile(settings.fileName());
    if (settingsFile.open(QIODevice::ReadOnly))
        QVERIFY(!settingsFile.readAll().contains(kPassword.toUtf8()));

    // The window follows the new group with the password: two links up.
    QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->topology().edges.size() == 2
                                 && std::all_of(window->monitor()->topology().edges.cbegin(),
                                                window->monitor()->topology().edges.cend(),
                                                [](const TopologyEdge &e) { return e.linkUp; }),
                             15000);
    wizard->button(QWizard::FinishButton)->click();
    QTRY_VERIFY(!window->operations()->setupWizard());

    // Detach r2: its own reviewed plan; it ends a master that keeps its data.
    window->selectNode(r2);
    auto *detach = window->findChild<QAction *>(QStringLiteral("detachAction"));
    QTRY_VERIFY(detach->isEnabled());
    detach->trigger();
    auto *dialog = window->findChild<PlanRunDialog *>(QStringLiteral("detachDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    GuiTest::screenshot(dialog, QStringLiteral("setup-8-detach"));
    auto *run = dialog->findChild<QPushButton *>(QStringLiteral("planRunButton"));
    QVERIFY(run->isEnabled());
    run->click();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning() && dialog->findChild<QLabel *>(QStringLiteral("planRunResult"))->isVisible(),
                             15000);
    BlockingRedis detached(r2, kPassword);
    QCOMPARE(detached.infoField("replication", "role"), QByteArray("master"));
    QCOMPARE(detached.call({"GET", "kept"}).text, QByteArray("on-master"));
    dialog->close();

    // Node ▸ Make Replica of… opens the wizard with the node as the replica...
    window->selectNode(r2);
    window->findChild<QAction *>(QStringLiteral("makeReplicaAction"))->trigger();
    QTRY_VERIFY(window->operations()->setupWizard() && window->operations()->setupWizard()->isVisible());
    wizard = window->operations()->setupWizard();
    QCOMPARE(checkedReplicas(wizard->findChild<QListWidget *>(QStringLiteral("setupReplicaList"))), QStringList{r2});
    wizard->reject();
    QTRY_VERIFY(!window->operations()->setupWizard());
    // ...and Operations ▸ Set Up Replication… with the selected node as the master.
    window->selectNode(master);
    window->findChild<QAction *>(QStringLiteral("setupReplicationAction"))->trigger();
    QTRY_VERIFY(window->operations()->setupWizard() && window->operations()->setupWizard()->isVisible());
    wizard = window->operations()->setupWizard();
    QCOMPARE(wizard->findChild<QComboBox *>(QStringLiteral("setupMasterCombo"))->currentData().toString(), master);
    wizard->reject();
}

void tst_SetupWizard::cancelDuringTheSyncPutsEveryNodeBack()
{
    auto window = GuiTest::shownMainWindow();
    QVERIFY(window);
    window->startStandaloneLab(3);
    QTRY_COMPARE_WITH_TIMEOUT(upNodes(*window).size(), 3, 30000);
    const QString master = upNodes(*window).at(0);
    const QString replica = upNodes(*window).at(1);
    const QString other = upNodes(*window).at(2);
    window->removeNode(other);  // not in view: it joins through New Connection…
    QTRY_COMPARE(upNodes(*window).size(), 2);
    // The master waits 5 s before it streams a full sync: time to press Cancel during it.
    QVERIFY(BlockingRedis(master).call({"CONFIG", "SET", "repl-diskless-sync", "yes", "repl-diskless-sync-delay", "5"}).ok);

    SetupWizard *wizard = window->operations()->openSetup(master, {replica});
    QTRY_VERIFY(wizard->isVisible());
    wizard->findChild<QPushButton *>(QStringLiteral("setupNewConnectionButton"))->click();
    ConnectionDialog *connect = nullptr;
    QTRY_VERIFY((connect = GuiTest::visibleChild<ConnectionDialog>(wizard, QStringLiteral("setupConnectionDialog"))));
    GuiTest::typeInto(connect, QStringLiteral("addressEdit"), other);
    connect->findChild<QPushButton *>(QStringLiteral("okButton"))->click();
    auto *list = wizard->findChild<QListWidget *>(QStringLiteral("setupReplicaList"));
    QTRY_COMPARE(checkedReplicas(list), (QStringList{replica, other}));
    QTRY_VERIFY_WITH_TIMEOUT(upNodes(*window).contains(other), 10000);  // the window watches it again
    wizard->next();
    QTRY_VERIFY_WITH_TIMEOUT(wizard->currentPage()->isComplete(), 15000);
    wizard->next();
    GuiTest::typeInto(wizard, QStringLiteral("setupPassword"), kPassword);
    GuiTest::typeInto(wizard, QStringLiteral("setupPasswordRepeat"), kPassword);
    wizard->next();
    wizard->next();
    QCOMPARE(wizard->currentId(), int(SetupWizard::ReviewPage));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(SetupWizard::RunPage));
    auto *steps = wizard->findChild<PlanStepsView *>(QStringLiteral("setupProgressView"));
    int sync = -1;
    for (int i = 0; i < wizard->runningPlan().steps.size(); ++i) {
        if (wizard->runningPlan().steps.at(i).id == QLatin1String("sync"))
            sync = i;  // one wait for both replicas' full syncs
    }
    QVERIFY(sync >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(steps->statusText(sync).startsWith(QLatin1String("running")), 10000);
    // The card says what is happening to the node; the replica's row what the sync does.
    QCOMPARE(window->operations()->progress()->noteOf(replica), QStringLiteral("full sync…"));
    auto *runPage = qobject_cast<SetupRunPage *>(wizard->currentPage());
    // Both replicas' rows live at once: each waits for the master's snapshot.
    for (const QString &r : {replica, other})
        QTRY_VERIFY2_WITH_TIMEOUT(runPage->replicaText(r).contains(QLatin1String("master")), qPrintable(runPage->replicaText(r)), 5000);
    QCOMPARE(window->operations()->progress()->noteOf(other), QStringLiteral("full sync…"));
    GuiTest::screenshot(wizard, QStringLiteral("setup-6b-syncing"));
    QVERIFY(wizard->button(QWizard::CancelButton)->isEnabled());
    wizard->button(QWizard::CancelButton)->click();
    QTRY_VERIFY_WITH_TIMEOUT(wizard->hasReport(), 20000);
    QCOMPARE(wizard->report().outcome, ExecutionReport::Outcome::Cancelled);
    GuiTest::screenshot(wizard, QStringLiteral("setup-9-cancelled"));
    QVERIFY2(wizard->isVisible(), "the wizard stays to show what was undone");

    // Every node as it was: the replicas masters again, no password anywhere.
    for (const QString &a : {replica, other}) {
        BlockingRedis r(a);
        QCOMPARE(r.infoField("replication", "role"), QByteArray("master"));
        QCOMPARE(r.call({"CONFIG", "GET", "requirepass"}).elements.value(1), QByteArray());
    }
    BlockingRedis m(master);
    QCOMPARE(m.call({"CONFIG", "GET", "requirepass"}).elements.value(1), QByteArray());
    QCOMPARE(m.call({"CONFIG", "GET", "masterauth"}).elements.value(1), QByteArray());
    wizard->next();
    QCOMPARE(wizard->currentId(), int(SetupWizard::ResultPage));
    QVERIFY(wizard->findChild<QLabel *>(QStringLiteral("setupPasswordFateLabel"))->text().contains(QLatin1String("undone")));
}

TANDEM_TEST_MAIN(tst_SetupWizard)
#include "tst_setupwizard.moc"
