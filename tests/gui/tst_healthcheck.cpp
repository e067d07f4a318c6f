// Node → Health Check… on a real replica that cannot log in to its master: the dialog shows
// the finding with its evidence and fix, and "Apply Fix…" runs the CONFIG SET plan through
// the window's operations, after which the replica is linked and the finding is gone.
#include "GuiTestHelpers.h"
#include "LabProbe.h"
#include "MainWindow.h"
#include "MainWindowTestHelpers.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "doctor/HealthCheckDialog.h"
#include "doctor/LogView.h"
#include "ops/PlanRunDialog.h"
#include "topology/TopologyMonitor.h"

#include <QAction>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

#include <memory>

class TestHealthCheck : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ReplicationLab m_lab;

    static QTreeWidgetItem *row(QTreeWidget *list, const QString &code)
    {
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            if (list->topLevelItem(i)->text(1) == code)
                return list->topLevelItem(i);
        }
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        GuiTest::isolateSettings(m_dir);
        QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
        m_lab.setPassword(QStringLiteral("hc-secret"));
        QVERIFY2(m_lab.addMaster(QStringLiteral("m")), qPrintable(m_lab.errorString()));
        m_lab.setPassword(QString());  // the replica has no masterauth
        QVERIFY2(m_lab.addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
    }

    void findingIsShownAndItsFixLinksTheReplica()
    {
        auto window = GuiTest::shownMainWindow();
        QVERIFY(window);
        ConnectionProfile master = m_lab.profile(QStringLiteral("m"));
        master.password = QStringLiteral("hc-secret");  // the lab's password now is the replica's: none
        window->addNode(master);
        window->addNode(m_lab.profile(QStringLiteral("r")));
        const QString r = m_lab.address(QStringLiteral("r"));
        QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->topology().node(r) && window->monitor()->topology().node(r)->isUp(),
                                 10000);
        window->selectNode(r);
        auto *action = window->findChild<QAction *>(QStringLiteral("healthCheckAction"));
        QVERIFY(action && action->isEnabled());
        action->trigger();
        HealthCheckDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = GuiTest::visibleChild<HealthCheckDialog>(window.get(),
                                                                                     QStringLiteral("healthCheckDialog"))),
                                 5000);
        auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("healthFindingsList"));
        QTRY_VERIFY2_WITH_TIMEOUT(!dialog->isChecking() && row(list, QStringLiteral("replica-masterauth")),
                                  qPrintable(dialog->findChild<QLabel *>(QStringLiteral("healthStatusLabel"))->text() + QLatin1Char(' ')
                                             + QString::fromUtf8(QJsonDocument(dialog->report().toJson()).toJson())),
                                  10000);
        QTreeWidgetItem *item = row(list, QStringLiteral("replica-masterauth"));
        QCOMPARE(item->text(0), QStringLiteral("Critical"));
        QVERIFY(row(list, QStringLiteral("replica-link-down")));
        list->setCurrentItem(item);
        const QString details = dialog->findChild<QTextBrowser *>(QStringLiteral("healthFindingDetails"))->toPlainText();
        QVERIFY2(details.contains(QLatin1String("masterauth on this replica differs")), qPrintable(details));
        QVERIFY(details.contains(QLatin1String("Set masterauth on the replica")));
        QVERIFY(!details.contains(QLatin1String("hc-secret")));
        const QString status = dialog->findChild<QLabel *>(QStringLiteral("healthStatusLabel"))->text();
        QVERIFY2(status.contains(QLatin1String("No SSH host")), qPrintable(status));
        GuiTest::screenshot(dialog, QStringLiteral("health-check"));

        auto *apply = dialog->findChild<QPushButton *>(QStringLiteral("healthApplyFixButton"));
        QVERIFY(apply->isEnabled());
        QTest::mouseClick(apply, Qt::LeftButton);
        PlanRunDialog *fix = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((fix = GuiTest::visibleChild<PlanRunDialog>(window.get(), QStringLiteral("doctorFixDialog"))),
                                 5000);
        QCOMPARE(fix->plan().operation, QStringLiteral("doctor-fix"));
        QVERIFY(fix->plan().steps.first().commands.contains(QStringLiteral("CONFIG SET masterauth <hidden>")));
        fix->confirm();
        auto linked = [&] {
            return LabProbe::call(m_lab, QStringLiteral("r"), {"INFO", "replication"}).value.bytes()
                .contains("master_link_status:up");
        };
        QTRY_VERIFY_WITH_TIMEOUT(linked(), 15000);
        // The dialog checks again when the plan ends: the finding is gone.
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isChecking() && !row(list, QStringLiteral("replica-masterauth"))
                                     && !row(list, QStringLiteral("replica-link-down")),
                                 15000);
        dialog->close();
        fix->close();
    }

    void logViewNeedsSsh()
    {
        auto window = GuiTest::shownMainWindow();
        QVERIFY(window);
        window->addNode(m_lab.profile(QStringLiteral("r")));
        window->selectNode(m_lab.address(QStringLiteral("r")));
        auto *action = window->findChild<QAction *>(QStringLiteral("logViewAction"));
        QVERIFY(action && action->isEnabled());
        action->trigger();
        LogView *view = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((view = GuiTest::visibleChild<LogView>(window.get(), QStringLiteral("logView"))), 5000);
        const QString status = view->findChild<QLabel *>(QStringLiteral("logStatusLabel"))->text();
        QVERIFY2(status.contains(QLatin1String("SSH settings")), qPrintable(status));
    }
};

TANDEM_TEST_MAIN(TestHealthCheck)
#include "tst_healthcheck.moc"
