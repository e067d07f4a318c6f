// min-replicas-to-write as a group setting: the plan sets it live and saves it in every
// node's redis.conf; a master restarted without any replica then refuses writes with
// NOREPLICAS instead of acknowledging writes that a resync would discard.
#include "LabProbe.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/AuditLog.h"
#include "ops/Executor.h"
#include "ops/MinReplicasPlanner.h"
#include "ops/NodeClients.h"
#include "topology/TopologyMonitor.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_MinReplicas : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loneRestartedMasterRefusesWrites();

private:
    QTemporaryDir m_dir;
};

void tst_MinReplicas::initTestCase()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    QVERIFY(m_dir.isValid());
}

void tst_MinReplicas::loneRestartedMasterRefusesWrites()
{
    ReplicationLab lab;
    for (const QString &n : {QStringLiteral("m"), QStringLiteral("r")}) {
        const QString conf = m_dir.filePath(n + QStringLiteral(".conf"));
        QVERIFY(!TestEnv::writeFile(conf, "# " + n.toUtf8() + "'s redis.conf\n").isEmpty());
        lab.setConfigFile(n, conf);
    }
    QVERIFY2(lab.addMaster(QStringLiteral("m")) && lab.addReplica(QStringLiteral("r"), QStringLiteral("m")) && lab.waitLinked(),
             qPrintable(lab.errorString()));
    TopologyMonitor monitor;
    monitor.setInterval(200);
    monitor.addSeed(lab.profile(QStringLiteral("m")));
    QTRY_VERIFY_WITH_TIMEOUT(monitor.isSettled() && monitor.topology().node(lab.address(QStringLiteral("r"))), 5000);

    const Plan plan = MinReplicasPlanner::plan(monitor.topology(), lab.address(QStringLiteral("m")));
    QVERIFY2(plan.canRun(), qPrintable(plan.render()));
    QVERIFY(plan.risks.join(QLatin1Char(' ')).contains(QLatin1String("NOREPLICAS")));
    NodeClients clients(nullptr, [&monitor](const QString &a) { return monitor.profileFor(a); });
    AuditLog audit(m_dir.filePath(QStringLiteral("audit.jsonl")));
    Executor e(plan, &clients, &audit);
    QSignalSpy done(&e, &Executor::finished);
    e.start();
    QVERIFY(done.wait(10000));
    const ExecutionReport report = done.first().first().value<ExecutionReport>();
    QVERIFY2(report.ok(), qPrintable(report.message));
    QFile conf(m_dir.filePath(QStringLiteral("m.conf")));
    QVERIFY(conf.open(QIODevice::ReadOnly));
    const QByteArray saved = conf.readAll();
    // (max-lag 10 is redis' default, which CONFIG REWRITE leaves out.)
    QVERIFY2(saved.contains("min-replicas-to-write 1"), saved.constData());

    // With its replica linked the master takes writes as before.
    QVERIFY(LabProbe::call(lab, QStringLiteral("m"), {"SET", "k", "v"}).value.bytes() == "OK");
    // Its replicas gone, it comes back alone from its file: it refuses instead of losing.
    lab.stop(QStringLiteral("r"));
    QVERIFY2(lab.restart(QStringLiteral("m")), qPrintable(lab.errorString()));
    const RespResult refused = LabProbe::call(lab, QStringLiteral("m"), {"SET", "k", "lost?"});
    qInfo("a lone restarted master answers: %s", qPrintable(refused.value.text()));
    QVERIFY(refused.value.isError());
    QVERIFY2(refused.value.text().startsWith(QLatin1String("NOREPLICAS")), qPrintable(refused.value.text()));
}

TANDEM_TEST_GUILESS_MAIN(tst_MinReplicas)
#include "tst_minreplicas.moc"
