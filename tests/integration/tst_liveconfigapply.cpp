// tandemctl config apply against real redis-servers: one started from a redis.conf (so CONFIG
// REWRITE works), one without a file (REWRITE must fail visibly).
#include "CliRunner.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "config/ConfigDocument.h"
#include "config/LiveConfigPlan.h"
#include "ops/AuditLog.h"
#include "ops/ConfigApplySummary.h"
#include "ops/LiveConfigPlanner.h"
#include "ops/LiveNodeProbe.h"
#include "ops/OperationRunner.h"

#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestLiveConfigApply : public QObject
{
    Q_OBJECT

private:
    static QString addr(const RedisServer &s) { return QStringLiteral("127.0.0.1:%1").arg(s.port()); }
    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        return TestEnv::writeFile(m_tmp.filePath(name), bytes);
    }
    QString configGet(const RedisServer &s, const QString &name)
    {
        QString output;
        TestEnv::run(m_cli, {QStringLiteral("-p"), QString::number(s.port()), QStringLiteral("CONFIG"),
                             QStringLiteral("GET"), name},
                     &output);
        const QStringList lines = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        return lines.value(1).trimmed();
    }
    static QString show(const CliResult &r)
    {
        return QString(QStringLiteral("exit %1\n").arg(r.exitCode) + r.out + r.err);
    }

    QTemporaryDir m_tmp;
    QString m_cli;
    QString m_nodeConf;
    RedisServer m_withFile;
    RedisServer m_withoutFile;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
            return;
        m_cli = TestEnv::requireBinary(QStringLiteral("redis-cli"), QStringLiteral("redis-tools"));
        if (m_cli.isEmpty())
            return;
        QVERIFY(m_tmp.isValid());
        m_nodeConf = writeFile(QStringLiteral("node.conf"),
                               "# Operator note: keep this comment\nmaxmemory 0\ntcp-keepalive 300\n");
        QVERIFY(!m_nodeConf.isEmpty());
        m_withFile.setConfigFile(m_nodeConf);
        QVERIFY2(m_withFile.start(), qPrintable(m_withFile.errorString()));
        QVERIFY2(m_withoutFile.start(), qPrintable(m_withoutFile.errorString()));
    }

    void dryRunChangesNothing()
    {
        const QString desired = writeFile(QStringLiteral("dry.conf"), "maxmemory 100mb\ntcp-keepalive 60\n");
        const CliResult r = CliRunner::run({QStringLiteral("config"), QStringLiteral("apply"), addr(m_withFile),
                                            desired, QStringLiteral("--dry-run")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY2(r.out.contains(QLatin1String("CONFIG SET maxmemory 100mb")), qPrintable(show(r)));
        QVERIFY2(r.out.contains(QLatin1String("CONFIG REWRITE")), qPrintable(show(r)));
        QCOMPARE(configGet(m_withFile, QStringLiteral("maxmemory")), QStringLiteral("0"));
        QCOMPARE(configGet(m_withFile, QStringLiteral("tcp-keepalive")), QStringLiteral("300"));
    }

    void applyAndRewrite()
    {
        const QString desired = writeFile(QStringLiteral("desired.conf"),
                                          "maxmemory 100mb\ntcp-keepalive 60\ndatabases 32\n");
        const CliResult r = CliRunner::run({QStringLiteral("config"), QStringLiteral("apply"), addr(m_withFile), desired});
        // databases cannot change at runtime: applied, but not everything is done.
        QVERIFY2(r.exitCode == 1, qPrintable(show(r)));
        QVERIFY2(r.out.contains(QLatin1String("Only a restart changes databases (16 -> 32)")), qPrintable(show(r)));
        QVERIFY2(r.out.contains(QLatin1String("needs a restart: databases")), qPrintable(show(r)));
        QVERIFY2(r.out.contains(QLatin1String("verified: maxmemory, tcp-keepalive")), qPrintable(show(r)));
        QVERIFY2(r.out.contains(QLatin1String("CONFIG REWRITE: ok")), qPrintable(show(r)));
        QCOMPARE(configGet(m_withFile, QStringLiteral("maxmemory")), QStringLiteral("104857600"));
        QCOMPARE(configGet(m_withFile, QStringLiteral("tcp-keepalive")), QStringLiteral("60"));
        QCOMPARE(configGet(m_withFile, QStringLiteral("databases")), QStringLiteral("16"));

        QFile f(m_nodeConf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY2(text.contains(QLatin1String("# Operator note: keep this comment")), qPrintable(text));
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("(?m)^maxmemory (100mb|104857600)$"))), qPrintable(text));
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("(?m)^tcp-keepalive 60$"))), qPrintable(text));
    }

    void fullyAppliedExitsZero()
    {
        const QString desired = writeFile(QStringLiteral("ok.conf"), "tcp-keepalive 120\n");
        const CliResult r = CliRunner::run({QStringLiteral("config"), QStringLiteral("apply"), addr(m_withFile),
                                            desired, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
        QVERIFY2(r.out.contains(QLatin1String("\"ok\": true")), qPrintable(show(r)));
        QCOMPARE(configGet(m_withFile, QStringLiteral("tcp-keepalive")), QStringLiteral("120"));
    }

    void rewriteWithoutConfigFileFails()
    {
        const QString desired = writeFile(QStringLiteral("nofile.conf"), "maxmemory 50mb\n");
        const CliResult r = CliRunner::run({QStringLiteral("config"), QStringLiteral("apply"), addr(m_withoutFile), desired});
        QVERIFY2(r.exitCode == 1, qPrintable(show(r)));
        QVERIFY2(r.out.contains(QLatin1String("CONFIG REWRITE FAILED")), qPrintable(show(r)));
        QVERIFY2(r.out.contains(QLatin1String("without a config file")), qPrintable(show(r)));
        // The SET itself is live even though it could not be persisted.
        QCOMPARE(configGet(m_withoutFile, QStringLiteral("maxmemory")), QStringLiteral("52428800"));
    }

    void refusesInvalidFileAndBadUsage()
    {
        const QString desired = writeFile(QStringLiteral("bad.conf"), "maxmemory-policy nonsense\n");
        CliResult r = CliRunner::run({QStringLiteral("config"), QStringLiteral("apply"), addr(m_withFile), desired});
        QVERIFY2(r.exitCode == 1, qPrintable(show(r)));
        QVERIFY2(r.err.contains(QLatin1String("nothing applied")), qPrintable(show(r)));
        r = CliRunner::run({QStringLiteral("config"), QStringLiteral("apply"), addr(m_withFile)});
        QCOMPARE(r.exitCode, 2);
    }

    // The engine the editor and the CLI share: the probe reads the plan's checks on the
    // runner's own connections, the Executor applies and verifies, the audit log records it;
    // an unreachable node fails its check and nothing is sent.
    void planRunsThroughTheExecutor()
    {
        LiveConfigPlan plan;
        QString error;
        QVERIFY2(LiveConfigPlan::build(ConfigDocument::parse("hz 10\n"), ConfigDocument::parse("hz 17\n"), false,
                                       &plan, &error),
                 qPrintable(error));
        AuditLog audit(m_tmp.filePath(QStringLiteral("engine-audit.jsonl")));
        ConnectionProfile node;
        node.port = m_withoutFile.port();
        const ExecutionReport report = run(node, plan, &audit);
        const ConfigApplySummary summary = ConfigApplySummary::from(m_lastPlan, report);
        QVERIFY2(summary.ok, qPrintable(report.message));
        QCOMPARE(summary.applied, (QList<QByteArray>{"hz"}));
        QCOMPARE(summary.verified, (QList<QByteArray>{"hz"}));
        QCOMPARE(configGet(m_withoutFile, QStringLiteral("hz")), QStringLiteral("17"));
        QStringList events;
        for (const QJsonObject &e : audit.read())
            events << e.value(QStringLiteral("event")).toString();
        QCOMPARE(events.first(), QStringLiteral("op_started"));
        QCOMPARE(events.last(), QStringLiteral("op_finished"));

        ConnectionProfile nobody;
        nobody.port = TestEnv::freePort();
        const ExecutionReport refused = run(nobody, plan, &audit);
        QCOMPARE(refused.outcome, ExecutionReport::Outcome::Refused);
        QVERIFY2(refused.message.contains(QStringLiteral("answers")), qPrintable(refused.message));
        QVERIFY(refused.steps.isEmpty());
        QCOMPARE(audit.read().constLast().value(QStringLiteral("event")).toString(), QStringLiteral("op_refused"));
    }

private:
    Plan m_lastPlan;

    ExecutionReport run(const ConnectionProfile &node, const LiveConfigPlan &plan, AuditLog *audit)
    {
        OperationRunner runner(nullptr, LiveNodeProbe::lookupFor(node), audit);
        LiveNodeProbe probe(runner.clients());
        QSignalSpy probed(&probe, &LiveNodeProbe::finished);
        probe.start(node.address(), plan.replicaOfTarget());
        if (!probed.wait(10000))
            return {};
        m_lastPlan = LiveConfigPlanner::build(node.address(), QString(), plan, QString(), probe.facts());
        QSignalSpy finished(&runner, &OperationRunner::finished);
        runner.run(m_lastPlan);
        if (!finished.wait(15000))
            return {};
        return finished.first().first().value<ExecutionReport>();
    }
};

TANDEM_TEST_GUILESS_MAIN(TestLiveConfigApply)
#include "tst_liveconfigapply.moc"
