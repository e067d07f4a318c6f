// What the fence says about a returning old master is what happened: a client that still
// writes to the old master's address while it restarts gets acknowledgements until the fence
// demotes it; Tandem counts those writes on the node, and exactly that many are missing on
// the new master afterwards. The automatic demotion is an audited operation that
// `tandemctl audit --json` shows with its commands and outcome.
#include "CliRunner.h"
#include "FailoverScenario.h"
#include "LabProbe.h"
#include "PinnedWriter.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/AuditLog.h"
#include "ops/MasterFence.h"
#include "ops/NodeClients.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class tst_FenceWrites : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void countsTheWritesTheResyncDiscards();

private:
    QTemporaryDir m_data;
};

void tst_FenceWrites::initTestCase()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    QVERIFY(!CliRunner::tandemctl().isEmpty());
    QVERIFY(m_data.isValid());
    // Where the GUI keeps its audit log and fences, as a user's TANDEM_DATA_DIR.
    qputenv("TANDEM_DATA_DIR", QFile::encodeName(m_data.path()));
}

void tst_FenceWrites::countsTheWritesTheResyncDiscards()
{
    FailoverScenario scenario;
    const auto fenceEntry = scenario.failOver();
    QVERIFY2(fenceEntry, qPrintable(scenario.errorString()));
    const QString m = scenario.address(QStringLiteral("m"));

    // What the window sets up: the fence with the audit log of the data directory.
    AuditLog audit(AuditLog::defaultPath());
    NodeClients clients(nullptr, [&scenario](const QString &a) { return scenario.monitor().profileFor(a); });
    MasterFence fence(&clients, MasterFence::defaultPath(), nullptr, &audit);
    fence.add(fenceEntry->first, fenceEntry->second);
    connect(&scenario.monitor(), &TopologyMonitor::topologyChanged, &fence, &MasterFence::observe);
    QSignalSpy demoted(&fence, &MasterFence::demoted);

    // A client never told about the failover hammers the old address while the node restarts.
    PinnedWriter writer(m);
    writer.start();
    QTest::qWait(100);
    QCOMPARE(writer.acknowledged(), 0);  // down: nothing acknowledged yet
    QVERIFY2(scenario.lab().restart(QStringLiteral("m")), qPrintable(scenario.lab().errorString()));
    QVERIFY(demoted.count() > 0 || demoted.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT(LabProbe::follows(scenario.lab(), QStringLiteral("m"), QStringLiteral("r1")), 10000);
    QVERIFY(writer.waitForRefusals(writer.refused() + 10, 5000));  // READONLY from the replica it became
    writer.stop();

    const qint64 reported = demoted.first().at(3).toLongLong();
    const qint64 acknowledged = writer.acknowledged();
    const QString operationId = demoted.first().at(4).toString();
    // Every acknowledged value is gone: not on the new master, not on the old one after its resync.
    const RespResult onNew = LabProbe::call(scenario.lab(), QStringLiteral("r1"), {"LRANGE", "tandem:pinned", "0", "-1"});
    QVERIFY(onNew.ok());
    QSet<qint64> present;
    for (const RespValue &v : onNew.value.elements())
        present.insert(v.bytes().toLongLong());
    qint64 missing = 0;
    for (qint64 n : writer.acknowledgedValues())
        missing += present.contains(n) ? 0 : 1;
    QTRY_COMPARE_WITH_TIMEOUT(LabProbe::call(scenario.lab(), QStringLiteral("m"), {"EXISTS", "tandem:pinned"}).value.toInteger(),
                              qint64(0), 5000);
    qInfo("old master back: acknowledged %lld writes at its address, %lld missing on the new master; Tandem reports "
          "%lld acknowledged, writable for at most %lld ms",
          acknowledged, missing, reported, demoted.first().at(2).toLongLong());
    QVERIFY2(acknowledged > 0, "the writer never reached the returning master: nothing was measured");
    QCOMPARE(missing, acknowledged);
    QCOMPARE(reported, acknowledged);

    // The demotion is in the audit log like any operation, as `tandemctl audit --json` shows it.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TANDEM_DATA_DIR"), m_data.path());
    const CliResult cli = CliRunner::run({QStringLiteral("audit"), QStringLiteral("--json")}, 30000, env);
    QVERIFY2(cli.exitCode == 0, qPrintable(cli.err));
    const QJsonArray entries = QJsonDocument::fromJson(cli.out.toUtf8()).array();
    QJsonObject started, demoteStarted, demoteFinished, finished;
    for (const QJsonValue &v : entries) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("op")).toString() != operationId)
            continue;
        const QString event = e.value(QStringLiteral("event")).toString();
        const bool demoteStep = e.value(QStringLiteral("step")).toString() == QLatin1String("demote");
        if (event == QLatin1String("op_started"))
            started = e;
        else if (event == QLatin1String("step_started") && demoteStep)
            demoteStarted = e;
        else if (event == QLatin1String("step_finished") && demoteStep)
            demoteFinished = e;
        else if (event == QLatin1String("op_finished"))
            finished = e;
    }
    QCOMPARE(started.value(QStringLiteral("plan")).toObject().value(QStringLiteral("operation")).toString(), QStringLiteral("fence"));
    const QString commands = QString::fromUtf8(QJsonDocument(demoteStarted.value(QStringLiteral("commands")).toArray()).toJson());
    const QString replicaOf = QStringLiteral("REPLICAOF 127.0.0.1 %1").arg(scenario.lab().port(QStringLiteral("r1")));
    QVERIFY2(commands.contains(replicaOf), qPrintable(commands));
    QCOMPARE(demoteFinished.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(demoteFinished.value(QStringLiteral("details")).toObject().value(QStringLiteral("acknowledged_writes")).toInteger(),
             acknowledged);
    QCOMPARE(finished.value(QStringLiteral("outcome")).toString(), QStringLiteral("succeeded"));
}

TANDEM_TEST_GUILESS_MAIN(tst_FenceWrites)
#include "tst_fencewrites.moc"
