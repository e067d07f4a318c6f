// The real state of every node, against real redis-server processes: a dead old master is
// drawn down (not as the master of a group of its own) in the picture, the node table and the
// inspector, with the age of its data; a fenced node says so; a maxmemory-policy changed on the
// master only is a config drift whose "apply to the group" plan fixes it.
#include "GuiTestHelpers.h"
#include "MainWindowTestHelpers.h"

#include "BlockingRedis.h"
#include "MainWindow.h"
#include "NodeTableModel.h"
#include "ReplicationLab.h"
#include "TestRegistry.h"

#include "inspector/NodeInspector.h"
#include "ops/AuditLog.h"
#include "ops/DriftDialog.h"
#include "ops/MasterFence.h"
#include "ops/OperationsController.h"
#include "ops/PlanStepsView.h"
#include "topology/NodeCardItem.h"
#include "topology/TopologyMonitor.h"
#include "topology/TopologyScene.h"
#include "topology/TopologyView.h"

#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

class tst_NodeState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void deadFormerMasterIsDrawnDown();
    void driftIsAppliedToTheGroup();

private:
    static QString cell(const MainWindow *window, const QString &address, int column)
    {
        const int row = window->nodeModel()->rowOf(address);
        return row < 0 ? QString() : GuiTest::cell(window->nodeModel(), row, column);
    }
    static const NodeCardContent *card(const MainWindow *window, const QString &address)
    {
        const NodeCardItem *item = window->topologyView()->topologyScene()->card(address);
        return item ? &item->content() : nullptr;
    }
    static QString label(const MainWindow *window, const char *name)
    {
        const auto *l = window->inspector()->findChild<QLabel *>(QLatin1String(name));
        return l && l->isVisible() ? l->text() : QString();
    }
    static bool hasAnomaly(const MainWindow *window, const QString &kind)
    {
        const QList<Anomaly> anomalies = window->monitor()->topology().anomalies;
        return std::any_of(anomalies.cbegin(), anomalies.cend(), [&kind](const Anomaly &a) { return a.kind == kind; });
    }

    QTemporaryDir m_dir;
    ReplicationLab m_lab;       // m -> r1, r2: the master dies, r1 takes over
    ReplicationLab m_driftLab;  // m -> r
};

void tst_NodeState::initTestCase()
{
    QVERIFY(m_dir.isValid());
    GuiTest::isolateSettings(m_dir);
    QVERIFY2(GuiTest::startOperationsLab(m_lab, 2, false), qPrintable(m_lab.errorString()));
    QVERIFY2(GuiTest::startOperationsLab(m_driftLab, 0, false), qPrintable(m_driftLab.errorString()));
    QVERIFY2(m_driftLab.addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(m_driftLab.errorString()));
    QVERIFY(m_driftLab.waitLinked());
}

void tst_NodeState::deadFormerMasterIsDrawnDown()
{
    auto window = GuiTest::shownMainWindow();
    QVERIFY(window);
    const QString m = m_lab.address(QStringLiteral("m"));
    const QString r1 = m_lab.address(QStringLiteral("r1"));
    const QString r2 = m_lab.address(QStringLiteral("r2"));
    window->addNode(m_lab.profile(QStringLiteral("m")));
    QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->topology().edges.size(), 2, 10000);

    // The master dies and r1 takes over (what a failover does).
    m_lab.stop(QStringLiteral("m"));
    QTRY_VERIFY_WITH_TIMEOUT(!window->monitor()->topology().node(m)->isUp(), 10000);
    QVERIFY(BlockingRedis(r1).call({"REPLICAOF", "NO", "ONE"}).ok);
    QVERIFY(BlockingRedis(r2).call({"REPLICAOF", "127.0.0.1", QByteArray::number(m_lab.port(QStringLiteral("r1")))}).ok);

    // One group, r1's; the dead master is in it, drawn down, not the master of a group 2.
    QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->topology().groups.size() == 1
                                 && window->monitor()->topology().groups.first().master == r1,
                             10000);
    const Topology t = window->monitor()->topology();
    QVERIFY(t.groups.first().nodes.contains(m));
    QVERIFY(!hasAnomaly(window.get(), QStringLiteral("split_brain")));

    QTRY_VERIFY_WITH_TIMEOUT(card(window.get(), m) && card(window.get(), m)->badge == QLatin1String("DOWN"), 5000);
    QVERIFY(card(window.get(), m)->down);
    QVERIFY2(card(window.get(), m)->status.startsWith(QStringLiteral("Down · data stale (")),
             qPrintable(card(window.get(), m)->status));
    QCOMPARE(card(window.get(), r1)->badge, QStringLiteral("MASTER"));
    QCOMPARE(cell(window.get(), m, NodeTableModel::StatusColumn), QStringLiteral("Unreachable"));
    QCOMPARE(cell(window.get(), m, NodeTableModel::RoleColumn), QStringLiteral("was master"));
    QTRY_COMPARE_WITH_TIMEOUT(cell(window.get(), r2, NodeTableModel::RoleColumn), QStringLiteral("replica"), 5000);

    window->selectNode(m);
    QTRY_COMPARE_WITH_TIMEOUT(label(window.get(), "inspectorRole"), QStringLiteral("down (was master)"), 5000);
    // Its last INFO (replicas online, offsets) is not shown as current.
    const QString stale = label(window.get(), "inspectorReplicationStale");
    QVERIFY2(stale.contains(QLatin1String("stale (")), qPrintable(stale));
    const QString infoStale = window->inspector()->findChild<QLabel *>(QStringLiteral("inspectorInfoStale"))->text();
    QVERIFY2(infoStale.contains(QLatin1String("stale (")), qPrintable(infoStale));

    // Fenced: the fence's state shows in the card, the table and the inspector.
    window->operations()->fence()->add(m, r1);
    QTRY_COMPARE_WITH_TIMEOUT(card(window.get(), m)->badge, QStringLiteral("FENCED"), 5000);
    QVERIFY(card(window.get(), m)->status.contains(r1));
    QCOMPARE(cell(window.get(), m, NodeTableModel::StatusColumn), QStringLiteral("Fenced"));
    QCOMPARE(cell(window.get(), m, NodeTableModel::RoleColumn), QStringLiteral("was master"));
    QTRY_VERIFY_WITH_TIMEOUT(label(window.get(), "inspectorFence").startsWith(
                                 QStringLiteral("Fenced: becomes a replica of %1 as soon as it answers").arg(r1)),
                             5000);
    QCOMPARE(label(window.get(), "inspectorRole"), QStringLiteral("fenced (was master)"));
    window->operations()->fence()->remove(m);
}

void tst_NodeState::driftIsAppliedToTheGroup()
{
    auto window = GuiTest::shownMainWindow();
    QVERIFY(window);
    const QString m = m_driftLab.address(QStringLiteral("m"));
    const QString r = m_driftLab.address(QStringLiteral("r"));
    window->addNode(m_driftLab.profile(QStringLiteral("m")));
    QTRY_VERIFY_WITH_TIMEOUT(window->monitor()->isSettled() && window->monitor()->topology().node(r)
                                 && window->monitor()->topology().node(r)->settings.known,
                             10000);
    QVERIFY(!hasAnomaly(window.get(), QStringLiteral("config_drift")));

    // Changed on the master only: INFO shows the new policy, so the settings are read again.
    QVERIFY(BlockingRedis(m).call({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"}).ok);
    QTRY_VERIFY_WITH_TIMEOUT(hasAnomaly(window.get(), QStringLiteral("config_drift")), 5000);

    window->selectNode(r);
    QPushButton *apply = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((apply = window->inspector()->findChild<QPushButton *>(QStringLiteral("anomalyApplyButton")))
                                 && apply->isVisible(),
                             5000);
    apply->click();
    DriftDialog *dialog = window->operations()->driftDialog();
    QVERIFY(dialog);
    QVERIFY2(dialog->plan().canRun(), qPrintable(dialog->plan().refusal()));
    QCOMPARE(dialog->plan().steps.first().commands,
             QStringList{r + QStringLiteral(": CONFIG SET maxmemory-policy allkeys-lru")});
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("driftSummaryLabel"))->text().contains(
        QLatin1String("The master's value wins")));
    dialog->findChild<QPushButton *>(QStringLiteral("confirmApplyButton"))->click();
    auto *result = dialog->findChild<QLabel *>(QStringLiteral("driftResultLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible(), 10000);

    QCOMPARE(BlockingRedis(r).call({"CONFIG", "GET", "maxmemory-policy"}).elements.value(1), QByteArray("allkeys-lru"));
    // A later poll reads the settings again: the anomaly is gone.
    QTRY_VERIFY_WITH_TIMEOUT(!hasAnomaly(window.get(), QStringLiteral("config_drift")), 5000);
    // Audited, like every change.
    const QList<QJsonObject> audit = window->operations()->audit()->read();
    const bool audited = std::any_of(audit.cbegin(), audit.cend(), [](const QJsonObject &e) {
        return QJsonDocument(e).toJson().contains("apply_settings");
    });
    QVERIFY(audited);
    dialog->close();
}

TANDEM_TEST_MAIN(tst_NodeState)
#include "tst_nodestate.moc"
