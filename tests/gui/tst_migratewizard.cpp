// Migrate to a New Server from the main window, against real redis-servers: a master with a
// replica (keys in two databases, a writer following the master) and a standalone new server.
// The master's menu opens the wizard with it as the source; the target list offers only
// servers outside its group; preflight lists each check with what was observed and the
// clients on the source; the run shows the sync on one progress bar up to 100%; the result
// says each node's role, the write pause, and counts the writes a client still sends to the
// old address. The target ends the master with every key and every acknowledged write, the
// source its replica; Undo Migration swaps them back through the Promote dialog. A target
// that holds keys needs its address typed before the migration may go on.
#include "BlockingRedis.h"
#include "FollowingWriter.h"
#include "GuiTestHelpers.h"
#include "MainWindowTestHelpers.h"
#include "MainWindow.h"
#include "PinnedWriter.h"
#include "RedisServer.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/ExecutionReport.h"
#include "ops/MigrateRunPage.h"
#include "ops/MigrateWizard.h"
#include "ops/OperationsController.h"
#include "ops/PlanStepsView.h"
#include "ops/PromoteDialog.h"
#include "topology/TopologyMonitor.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

bool comboOffers(const QComboBox *combo, const QString &address)
{
    return combo->findData(address) >= 0;
}

// db number -> DBSIZE, for the dbs the test writes.
QList<qint64> dbSizes(const QString &address, const QList<int> &dbs)
{
    BlockingRedis r(address);
    QList<qint64> out;
    for (int db : dbs) {
        r.call({"SELECT", QByteArray::number(db)});
        out.append(r.call({"DBSIZE"}).text.toLongLong());
    }
    return out;
}

} // namespace

class tst_MigrateWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void progressLinesGiveThePercent();
    void targetWithKeysNeedsTypedConfirmation();
    void abortDuringTheSyncLeavesTheSourceTheMaster();
    void migratesUnderWritesAndUndoes();

private:
    std::unique_ptr<MainWindow> watch(const QStringList &extra);
    MigrateWizard *openFromMasterMenu(MainWindow *window);

    QTemporaryDir m_dir;
    ReplicationLab m_lab;   // m -> r1
    RedisServer m_target;   // the new server, empty
    RedisServer m_busy;     // a server that already holds a key
    RedisServer m_spare;    // the target of the aborted migration
};

void tst_MigrateWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    GuiTest::isolateSettings(m_dir);
    QVERIFY2(GuiTest::startOperationsLab(m_lab, 1, false), qPrintable(m_lab.errorString()));
    QVERIFY2(m_target.start(), qPrintable(m_target.errorString()));
    QVERIFY2(m_busy.start(), qPrintable(m_busy.errorString()));
    QVERIFY2(m_spare.start(), qPrintable(m_spare.errorString()));
    // Keys in db 0 (strings, some with a TTL, a hash) and db 3, about 6 MB to sync.
    BlockingRedis m(m_lab.address(QStringLiteral("m")));
    const QByteArray value(1000, 'v');
    for (int batch = 0; batch < 5; ++batch) {
        QByteArrayList mset{"MSET"};
        for (int i = 0; i < 1000; ++i)
            mset << "k:" + QByteArray::number(batch * 1000 + i) << value;
        QVERIFY(m.call(mset).ok);
    }
    for (int i = 0; i < 50; ++i)
        QVERIFY(m.call({"SET", "ttl:" + QByteArray::number(i), "x", "EX", "3600"}).ok);
    QVERIFY(m.call({"HSET", "h", "a", "1", "b", "2"}).ok);
    QVERIFY(m.call({"SELECT", "3"}).ok);
    QByteArrayList mset{"MSET"};
    for (int i = 0; i < 500; ++i)
        mset << "db3:" + QByteArray::number(i) << "y";
    QVERIFY(m.call(mset).ok);
    QVERIFY(BlockingRedis(QStringLiteral("127.0.0.1:%1").arg(m_busy.port())).call({"SET", "precious", "1"}).ok);
    QVERIFY(m_lab.waitLinked());
}

void tst_MigrateWizard::progressLinesGiveThePercent()
{
    // What the sync and verify steps report, as the bar reads it.
    QCOMPARE(MigrateRunPage::percentOf(QStringLiteral("127.0.0.1:7001: full sync: 12.0 MB of 100.0 MB (12%), 50.0 MB/s, "
                                                      "ETA 2 s")),
             12);
    QCOMPARE(MigrateRunPage::percentOf(QStringLiteral("127.0.0.1:7001: loading the copy: 40%")), 40);
    QCOMPARE(MigrateRunPage::percentOf(QStringLiteral("127.0.0.1:7001: synced (100%), lag 0 bytes")), 100);
    QCOMPARE(MigrateRunPage::percentOf(QStringLiteral("compared 250 of 1000 keys")), 25);
    QCOMPARE(MigrateRunPage::percentOf(QStringLiteral("comparing keys: 45% (450 of 1000 checks)")), 45);
    const QString snapshot = QStringLiteral("127.0.0.1:7001: waiting for the master's snapshot (master: wait_bgsave; its "
                                            "snapshot: 90000 of 200001 keys written (45%))");
    QCOMPARE(MigrateRunPage::percentOf(snapshot), 45);
    QCOMPARE(MigrateRunPage::phaseOf(QStringLiteral("sync"), snapshot), QStringLiteral("Source's snapshot"));
    QCOMPARE(MigrateRunPage::percentOf(QStringLiteral("127.0.0.1:7001: waiting for the master's snapshot")), -1);
    QCOMPARE(MigrateRunPage::phaseOf(QStringLiteral("sync"), QStringLiteral("x: loading the copy: 40%")),
             QStringLiteral("Loading the copy"));
    QCOMPARE(MigrateRunPage::phaseOf(QStringLiteral("verify-data"), QStringLiteral("comparing keys: 50% (1 of 2 checks)")),
             QStringLiteral("Verifying keys"));
}

std::unique_ptr<MainWindow> tst_MigrateWizard::watch(const QStringList &extra)
{
    auto window = GuiTest::shownMainWindow();
    if (!window)
        return nullptr;
    window->addNode(m_lab.profile(QStringLiteral("m")));
    for (const QString &a : extra) {
        ConnectionProfile p;
        QString error;
        if (ConnectionProfile::parseAddress(a, &p, &error))
            window->addNode(p);
    }
    const bool up = QTest::qWaitFor([&] {
        const Topology t = window->monitor()->topology();
        return GuiTest::everyNodeAnswers(t, 2 + extra.size()) && t.edges.size() == 1 && t.edges.first().linkUp;
    }, 15000);
    return up ? std::move(window) : nullptr;
}

MigrateWizard *tst_MigrateWizard::openFromMasterMenu(MainWindow *window)
{
    auto *action = window->findChild<QAction *>(QStringLiteral("migrateNodeAction"));
    if (!action || !window->findChild<QMenu *>(QStringLiteral("nodeContextMenu"))->actions().contains(action))
        return nullptr;
    window->selectNode(m_lab.address(QStringLiteral("r1")));
    if (action->isEnabled())
        return nullptr;  // offered on masters only
    window->selectNode(m_lab.address(QStringLiteral("m")));
    if (!QTest::qWaitFor([action] { return action->isEnabled(); }, 5000))
        return nullptr;
    action->trigger();
    MigrateWizard *wizard = window->operations()->migrateWizard();
    return wizard && QTest::qWaitFor([wizard] { return wizard->isVisible(); }, 5000) ? wizard : nullptr;
}

void tst_MigrateWizard::targetWithKeysNeedsTypedConfirmation()
{
    const QString busy = QStringLiteral("127.0.0.1:%1").arg(m_busy.port());
    auto window = watch({busy});
    QVERIFY(window);
    MigrateWizard *wizard = openFromMasterMenu(window.get());
    QVERIFY(wizard);
    auto *target = wizard->findChild<QComboBox *>(QStringLiteral("migrateTargetCombo"));
    target->setCurrentIndex(target->findData(busy));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(MigrateWizard::PreflightPage));
    QLineEdit *confirm = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((confirm = GuiTest::visibleChild<QLineEdit>(wizard, QStringLiteral("migrateDiscardConfirm"))),
                             15000);
    QVERIFY(wizard->findChild<QLabel *>(QStringLiteral("migrateDiscardLabel"))->text().contains(QLatin1String("1 key")));
    QVERIFY2(!wizard->currentPage()->isComplete(), "refused until the target's keys may be discarded");
    QTest::keyClicks(confirm, QStringLiteral("127.0.0.1:1"));
    QVERIFY(!wizard->currentPage()->isComplete());
    QVERIFY(!wizard->options().discardTargetData);
    confirm->clear();
    QTest::keyClicks(confirm, busy);
    QVERIFY(wizard->options().discardTargetData);
    QTRY_VERIFY2(wizard->currentPage()->isComplete(),
                 qPrintable(wizard->findChild<QLabel *>(QStringLiteral("migratePreflightStatus"))->text()));
    GuiTest::screenshot(wizard, QStringLiteral("migrate-2b-discard"));
    wizard->reject();
    QTRY_VERIFY(!window->operations()->migrateWizard());
    QCOMPARE(BlockingRedis(busy).call({"GET", "precious"}).text, QByteArray("1"));  // nothing ran
}

void tst_MigrateWizard::abortDuringTheSyncLeavesTheSourceTheMaster()
{
    const QString m = m_lab.address(QStringLiteral("m"));
    const QString spare = QStringLiteral("127.0.0.1:%1").arg(m_spare.port());
    auto window = watch({spare});
    QVERIFY(window);
    // The source waits 5 s before it streams the copy: time to press Abort during the sync.
    QVERIFY(BlockingRedis(m).call({"CONFIG", "SET", "repl-diskless-sync", "yes", "repl-diskless-sync-delay", "5"}).ok);
    MigrateWizard *wizard = window->operations()->openMigrate(m);
    QVERIFY(wizard);
    QTRY_VERIFY(wizard->isVisible());
    auto *targets = wizard->findChild<QComboBox *>(QStringLiteral("migrateTargetCombo"));
    targets->setCurrentIndex(targets->findData(spare));
    wizard->next();
    QTRY_VERIFY_WITH_TIMEOUT(wizard->currentPage()->isComplete(), 15000);
    wizard->next();
    wizard->next();
    QCOMPARE(wizard->currentId(), int(MigrateWizard::RunPage));
    int sync = -1;
    for (int i = 0; i < wizard->runningPlan().steps.size(); ++i) {
        if (wizard->runningPlan().steps.at(i).id == QLatin1String("sync"))
            sync = i;
    }
    QVERIFY(sync >= 0);
    auto *steps = wizard->findChild<PlanStepsView *>(QStringLiteral("migrateProgressView"));
    QTRY_VERIFY_WITH_TIMEOUT(steps->statusText(sync).startsWith(QLatin1String("running")), 10000);
    auto *abort = wizard->findChild<QPushButton *>(QStringLiteral("migrateAbortButton"));
    QVERIFY(abort->isVisible() && abort->isEnabled());
    abort->click();
    QTRY_VERIFY_WITH_TIMEOUT(wizard->hasReport(), 20000);
    QCOMPARE(wizard->report().outcome, ExecutionReport::Outcome::Cancelled);
    QCOMPARE(wizard->findChild<QProgressBar *>(QStringLiteral("migrateProgress"))->format(),
             QStringLiteral("Cancelled, changes undone"));
    GuiTest::screenshot(wizard, QStringLiteral("migrate-4b-aborted"));
    // The source is the master it was, the target detached again (the default on abort).
    QCOMPARE(BlockingRedis(m).infoField("replication", "role"), QByteArray("master"));
    QCOMPARE(BlockingRedis(spare).infoField("replication", "role"), QByteArray("master"));
    QVERIFY(BlockingRedis(m).call({"CONFIG", "SET", "repl-diskless-sync-delay", "0"}).ok);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(MigrateWizard::ResultPage));
    QVERIFY(!wizard->findChild<QPushButton *>(QStringLiteral("undoMigration"))->isVisible());
    QVERIFY(!window->findChild<QAction *>(QStringLiteral("undoMigrationAction"))->isEnabled());
    wizard->accept();
    QTRY_VERIFY(!window->operations()->migrateWizard());
    QVERIFY(m_lab.waitLinked());
}

void tst_MigrateWizard::migratesUnderWritesAndUndoes()
{
    const QString m = m_lab.address(QStringLiteral("m"));
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    const QString target = QStringLiteral("127.0.0.1:%1").arg(m_target.port());
    auto window = watch({target});
    QVERIFY(window);
    window->resize(1280, 800);
    const QList<qint64> before = dbSizes(m, {0, 3});
    QCOMPARE(before.at(1), 500);

    FollowingWriter writer({m, target});
    writer.start();
    QVERIFY(writer.waitForMore(50, 5000));

    // Operations offers Migrate and (not yet) Undo Migration.
    auto *operations = window->findChild<QMenu *>(QStringLiteral("operationsMenu"));
    auto *undo = window->findChild<QAction *>(QStringLiteral("undoMigrationAction"));
    QVERIFY(operations->actions().contains(window->findChild<QAction *>(QStringLiteral("migrateAction"))));
    QVERIFY(operations->actions().contains(undo));
    QVERIFY2(!undo->isEnabled(), "nothing was migrated yet");

    // 1. From the master's menu: the source preset, the target outside its group.
    MigrateWizard *wizard = openFromMasterMenu(window.get());
    QVERIFY(wizard);
    auto *source = wizard->findChild<QComboBox *>(QStringLiteral("migrateSourceCombo"));
    QCOMPARE(source->currentData().toString(), m);
    QVERIFY2(!comboOffers(source, r1), "a replica is no source");
    auto *targets = wizard->findChild<QComboBox *>(QStringLiteral("migrateTargetCombo"));
    QVERIFY(comboOffers(targets, target));
    QVERIFY2(!comboOffers(targets, r1) && !comboOffers(targets, m), "the source's group already holds the data");
    targets->setCurrentIndex(targets->findData(target));
    GuiTest::screenshot(wizard, QStringLiteral("migrate-1-nodes"));
    wizard->next();

    // 2. Preflight: every check with its observed value; the writer among the source's clients.
    QCOMPARE(wizard->currentId(), int(MigrateWizard::PreflightPage));
    auto *checks = wizard->findChild<QTableWidget *>(QStringLiteral("migratePreconditionList"));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->hasFacts() && checks->rowCount() > 0, 15000);
    for (int i = 0; i < checks->rowCount(); ++i)
        QVERIFY2(!checks->item(i, 1)->text().isEmpty(), qPrintable(checks->item(i, 0)->text()));
    QVERIFY(!GuiTest::visibleChild<QLineEdit>(wizard, QStringLiteral("migrateDiscardConfirm")));
    auto *clients = wizard->findChild<QTableWidget *>(QStringLiteral("migrateClientList"));
    QVERIFY(clients->isVisible() && clients->rowCount() >= 1);
    const QString heading = wizard->findChild<QLabel *>(QStringLiteral("migrateClientsLabel"))->text();
    QVERIFY2(heading.contains(QLatin1String("repointed to ") + target), qPrintable(heading));
    QTRY_VERIFY2(wizard->currentPage()->isComplete(),
                 qPrintable(wizard->findChild<QLabel *>(QStringLiteral("migratePreflightStatus"))->text()));
    GuiTest::screenshot(wizard, QStringLiteral("migrate-2-preflight"));
    wizard->next();

    // 3. Review: the steps with their commands.
    QCOMPARE(wizard->currentId(), int(MigrateWizard::ReviewPage));
    QVERIFY(wizard->findChild<PlanStepsView *>(QStringLiteral("migratePlanView"))->topLevelItemCount() > 5);
    QVERIFY(wizard->currentPage()->isComplete());
    GuiTest::screenshot(wizard, QStringLiteral("migrate-3-review"));

    // 4. Run: the bar follows the sync to 100%.
    auto *bar = wizard->findChild<QProgressBar *>(QStringLiteral("migrateProgress"));
    int peakBeforeEnd = 0;
    connect(bar, &QProgressBar::valueChanged, this, [&peakBeforeEnd, wizard](int v) {
        if (!wizard->hasReport())
            peakBeforeEnd = qMax(peakBeforeEnd, v);
    });
    bool shot = false;
    connect(wizard, &MigrateWizard::stepProgress, this, [&shot, wizard](int, const QString &text) {
        if (!shot && MigrateRunPage::percentOf(text) >= 0) {
            shot = true;  // the bar and the line mid-run
            GuiTest::screenshot(wizard, QStringLiteral("migrate-4a-running"));
        }
    });
    wizard->next();
    QCOMPARE(wizard->currentId(), int(MigrateWizard::RunPage));
    QVERIFY(wizard->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(wizard->hasReport(), 120000);
    GuiTest::screenshot(wizard, QStringLiteral("migrate-4-run"));
    QVERIFY2(wizard->report().ok(), qPrintable(wizard->report().message));
    QCOMPARE(peakBeforeEnd, 100);
    QCOMPARE(bar->value(), 100);

    // 5. Result: each node's role, the pause, the clients, the writes reaching the old server.
    PinnedWriter pinned(m);
    pinned.start();
    QVERIFY(pinned.waitForRefusals(5, 5000));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(MigrateWizard::ResultPage));
    const QString result = wizard->findChild<QLabel *>(QStringLiteral("migrateResultLabel"))->text();
    QVERIFY2(result.contains(QLatin1String("Succeeded")) && result.contains(target), qPrintable(result));
    QVERIFY(wizard->report().metrics.contains(QStringLiteral("write_pause_ms")));
    QVERIFY2(result.contains(QLatin1String("Writes paused for ")), qPrintable(result));
    QVERIFY(wizard->findChild<QTableWidget *>(QStringLiteral("migrateResultClientList"))->rowCount() >= 1);
    auto *attempts = wizard->findChild<QLabel *>(QStringLiteral("oldServerAttempts"));
    QTRY_VERIFY2_WITH_TIMEOUT(attempts->text().contains(QLatin1String("still reach the old server")),
                              qPrintable(attempts->text()), 10000);
    QVERIFY(pinned.acknowledged() == 0);
    GuiTest::screenshot(wizard, QStringLiteral("migrate-5-result"));
    pinned.stop();

    // The servers: the target the master with every key and acknowledged write, the source its replica.
    QVERIFY(writer.waitForAcksOn(target, 50, 10000));
    writer.stop();
    QString why;
    QVERIFY2(BlockingRedis::waitConverged(target, {m}, QString(), 15000, &why), qPrintable(why));
    BlockingRedis t(target);
    QCOMPARE(t.infoField("replication", "role"), QByteArray("master"));
    BlockingRedis s(m);
    QCOMPARE(s.infoField("replication", "role"), QByteArray("slave"));
    QCOMPARE(s.infoField("replication", "master_port"), QByteArray::number(m_target.port()));
    QCOMPARE(dbSizes(target, {0, 3}), dbSizes(m, {0, 3}));
    QCOMPARE(dbSizes(target, {0, 3}).at(1), 500);
    QVERIFY(dbSizes(target, {0, 3}).at(0) >= before.at(0));
    QCOMPARE(writer.missingOn(target), 0);
    QVERIFY(writer.acknowledged() > 50);

    // Undo Migration: the old server takes the master role back through Promote's dialog.
    QTRY_VERIFY_WITH_TIMEOUT(undo->isEnabled(), 10000);
    wizard->findChild<QPushButton *>(QStringLiteral("undoMigration"))->click();
    QTRY_VERIFY(!window->operations()->migrateWizard());
    PromoteDialog *dialog = window->operations()->promoteDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->candidate(), m);
    dialog->findChild<QPushButton *>(QStringLiteral("confirmPromoteButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(dialog->stage(), PromoteDialog::Stage::Done, 20000);
    QVERIFY2(dialog->report().ok(), qPrintable(dialog->report().message));
    QCOMPARE(BlockingRedis(m).infoField("replication", "role"), QByteArray("master"));
    QCOMPARE(BlockingRedis(target).infoField("replication", "master_port"),
             QByteArray::number(m_lab.port(QStringLiteral("m"))));
    QTRY_VERIFY_WITH_TIMEOUT(!undo->isEnabled(), 10000);
    dialog->reject();
}

TANDEM_TEST_MAIN(tst_MigrateWizard)
#include "tst_migratewizard.moc"
