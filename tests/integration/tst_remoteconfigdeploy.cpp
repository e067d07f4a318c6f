// Deploying a redis.conf over SSH (the "config-ssh" plan run by the Executor) against a real sshd on loopback and
// a real redis-server that runs from the file being replaced: backup, mode, refusals, a real
// restart onto the new file, and the health check that follows.
#include "ConfFileRedis.h"
#include "SshServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "config/ConfigDocument.h"
#include "ops/AuditLog.h"
#include "ops/ConfigApplySummary.h"
#include "ops/LiveNodeProbe.h"
#include "ops/OperationRunner.h"
#include "ops/RemoteConfigPlanner.h"
#include "ssh/SshSessionPool.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

namespace {

struct stat statLocal(const QString &path)
{
    struct stat st = {};
    ::stat(QFile::encodeName(path).constData(), &st);
    return st;
}

QString names(const QList<QByteArray> &list)
{
    return QString::fromUtf8(QByteArrayList(list.cbegin(), list.cend()).join(", "));
}

} // namespace

class TestRemoteConfigDeploy : public QObject
{
    Q_OBJECT

private:
    SshServer m_sshd;
    QTemporaryDir m_keys;
    std::unique_ptr<ConfFileRedis> m_redis;  // fresh for every test
    std::unique_ptr<SshSessionPool> m_pool;

    SshOptions sshOptions() const
    {
        return m_sshd.clientOptions(m_keys.filePath(QStringLiteral("known_hosts")), true);
    }

    // The file as the editor would have opened it: content plus the info a write checks.
    RemoteConfigTarget target(QByteArray *content = nullptr)
    {
        RemoteConfigTarget t;
        t.ssh = sshOptions();
        t.path = m_redis->confPath();
        bool done = false;
        m_pool->readFile(t.ssh, t.path, m_pool.get(),
                         [&](const QByteArray &bytes, const RemoteFileInfo &info, const NetError &error) {
                             done = true;
                             if (error.isError())
                                 qWarning("readFile: %s", qPrintable(error.message));
                             t.readInfo = info;
                             if (content)
                                 *content = bytes;
                         });
        if (!QTest::qWaitFor([&] { return done; }, 30000))
            qWarning("readFile did not answer");
        t.node.host = QStringLiteral("127.0.0.1");
        t.node.port = m_redis->port();
        return t;
    }

    // The original file with maxmemory and hz changed (its comment kept).
    static ConfigDocument changed(const QByteArray &original)
    {
        ConfigDocument doc = ConfigDocument::parse(original);
        doc.set("maxmemory", {"64mb"});
        doc.set("hz", {"20"});
        return doc;
    }

    // Builds the plan and runs it through an OperationRunner on the test's pool, audited in a
    // private file; `steps` gets the ids of the steps that ran, in order.
    ConfigApplySummary deploy(const RemoteConfigTarget &t, const ConfigDocument &doc, const RemoteConfigOptions &options,
                              QStringList *steps = nullptr)
    {
        const Plan plan = RemoteConfigPlanner::build(t, ConfigDocument(), doc, options);
        AuditLog audit(m_keys.filePath(QStringLiteral("audit.jsonl")));
        OperationRunner runner(m_pool.get(), LiveNodeProbe::lookupFor(t.node), &audit);
        QSignalSpy finished(&runner, &OperationRunner::finished);
        runner.run(plan);
        if (!QTest::qWaitFor([&] { return finished.count() > 0; }, 60000))
            qWarning("the plan did not finish");
        // Exactly once: a late second answer would confuse every caller.
        QTest::qWait(50);
        if (finished.count() != 1) {
            qWarning("finished() came %d times", int(finished.count()));
            return {};
        }
        const ExecutionReport report = finished.first().first().value<ExecutionReport>();
        if (steps) {
            for (const StepRecord &r : report.steps)
                steps->append(r.id);
        }
        return ConfigApplySummary::from(plan, report);
    }

    QStringList leftovers(const QString &backupPath) const
    {
        QStringList files = QDir(m_redis->confDir()).entryList(QDir::Files | QDir::Hidden | QDir::System);
        files.removeAll(QStringLiteral("redis.conf"));
        files.removeAll(QFileInfo(backupPath).fileName());
        return files;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (TestEnv::requireBinary(QStringLiteral("sshd"), QStringLiteral("openssh-server")).isEmpty()
            || TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty()
            || TestEnv::requireBinary(QStringLiteral("redis-cli"), QStringLiteral("redis-tools")).isEmpty())
            return;
        QVERIFY2(::geteuid() == 0, "these tests run sshd and check file owners: run them as root");
        QVERIFY(m_keys.isValid());
        m_sshd.setPort(TestEnv::freePort());
        QVERIFY2(m_sshd.start(), qPrintable(m_sshd.errorString()));
    }

    void init()
    {
        m_redis = std::make_unique<ConfFileRedis>();
        QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
        m_pool = std::make_unique<SshSessionPool>();
    }

    void cleanup()
    {
        m_pool.reset();
        m_redis.reset();  // stops whatever process the pidfile names (restarts included)
    }

    void writesNewFileKeepsBackupAndMode()
    {
        QByteArray original;
        const RemoteConfigTarget t = target(&original);
        QVERIFY(original.contains("port "));
        const struct stat before = statLocal(t.path);
        const ConfigDocument doc = changed(original);

        QStringList stages;
        const ConfigApplySummary r = deploy(t, doc, {}, &stages);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(stages, (QStringList{QStringLiteral("write-file"), QStringLiteral("health-check")}));

        // The new bytes in place, the comment with them; the old bytes in the backup.
        const QByteArray now = TestEnv::readFile(t.path);
        QCOMPARE(now, doc.toBytes());
        QVERIFY(now.contains("# Test node: the comments must survive a deploy."));
        QVERIFY(now.contains("maxmemory 64mb") && now.contains("hz 20"));
        QVERIFY(!r.backupPath.isEmpty());
        QCOMPARE(QFileInfo(r.backupPath).absolutePath(), m_redis->confDir());
        QVERIFY2(QFileInfo(r.backupPath).fileName().startsWith(QLatin1String("redis.conf.tandem-backup-")),
                 qPrintable(r.backupPath));
        QCOMPARE(TestEnv::readFile(r.backupPath), original);
        QCOMPARE(r.bytesWritten, qint64(doc.toBytes().size()));

        const struct stat after = statLocal(t.path);
        const struct stat backup = statLocal(r.backupPath);
        QCOMPARE(after.st_mode & 07777, mode_t(0640));
        QCOMPARE(backup.st_mode & 07777, mode_t(0640));
        QCOMPARE(after.st_uid, before.st_uid);
        QCOMPARE(after.st_gid, before.st_gid);
        QVERIFY2(leftovers(r.backupPath).isEmpty(), qPrintable(leftovers(r.backupPath).join(QLatin1Char(' '))));

        // No restart: the node still runs the old values, which is reported, not a failure.
        QVERIFY(!r.restarted);
        QVERIFY(r.healthChecked && r.healthy);
        QVERIFY2(r.pending.contains("maxmemory") && r.pending.contains("hz"), qPrintable(names(r.pending)));
        QVERIFY2(r.verified.contains("port") && r.verified.contains("appendonly"), qPrintable(names(r.verified)));
        QCOMPARE(m_redis->cli({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("maxmemory")}),
                 QStringLiteral("maxmemory\n0"));
    }

    void restartBringsNodeOntoNewFile()
    {
        QByteArray original;
        const RemoteConfigTarget t = target(&original);
        const qint64 oldPid = m_redis->pid();
        QVERIFY(oldPid > 0);

        RemoteConfigOptions options;
        options.restartCommand = m_redis->restartScript();
        options.healthTimeoutMs = 15000;
        QStringList stages;
        const ConfigApplySummary r = deploy(t, changed(original), options, &stages);
        QVERIFY2(r.ok, qPrintable(r.error + QLatin1Char('\n') + r.restartOutput));
        QVERIFY(stages.contains(QStringLiteral("restart")));
        QVERIFY(r.restarted);
        QCOMPARE(r.restartExitCode, 0);
        QVERIFY(r.healthy);
        QVERIFY2(r.verified.contains("maxmemory") && r.verified.contains("hz"), qPrintable(names(r.verified)));
        QVERIFY2(r.pending.isEmpty(), qPrintable(names(r.pending)));

        // Really a new process, really running the new file.
        QVERIFY(m_redis->pid() > 0 && m_redis->pid() != oldPid);
        QCOMPARE(m_redis->cli({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("maxmemory")}),
                 QStringLiteral("maxmemory\n67108864"));
        QCOMPARE(m_redis->cli({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("hz")}),
                 QStringLiteral("hz\n20"));
    }

    void errorsAreRefusedUnlessOverridden()
    {
        QByteArray original;
        const RemoteConfigTarget t = target(&original);
        ConfigDocument doc = ConfigDocument::parse(original);
        doc.set("maxmemory", {"lots"});

        ConfigApplySummary r = deploy(t, doc, {});
        QVERIFY(!r.ok);
        QCOMPARE(r.outcome, QStringLiteral("refused"));  // nothing was sent, nothing written
        QVERIFY2(r.error.contains(QLatin1String("1 error(s)")) && r.error.contains(QLatin1String("memory value")),
                 qPrintable(r.error));
        QCOMPARE(TestEnv::readFile(t.path), original);
        QVERIFY(r.backupPath.isEmpty());
        QVERIFY2(leftovers(QString()).isEmpty(), qPrintable(leftovers(QString()).join(QLatin1Char(' '))));

        // The user insisted: written (no restart, so the node keeps running).
        RemoteConfigOptions options;
        options.overrideErrors = true;
        r = deploy(target(), doc, options);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(TestEnv::readFile(t.path), doc.toBytes());
        QCOMPARE(TestEnv::readFile(r.backupPath), original);
        QVERIFY(m_redis->answersPing());
    }

    void fileChangedAfterReadIsRefused()
    {
        QByteArray original;
        const RemoteConfigTarget t = target(&original);
        // Someone else edits the file after we read it.
        QTest::qWait(1100);  // mtime has whole seconds
        const QByteArray theirs = original + "maxclients 100\n";
        QVERIFY(!TestEnv::writeFile(t.path, theirs).isEmpty());

        const ConfigApplySummary r = deploy(t, changed(original), {});
        QVERIFY(!r.ok);
        QCOMPARE(r.failedStep, QStringLiteral("write-file"));
        QVERIFY2(r.error.contains(QLatin1String("changed on the server")), qPrintable(r.error));
        QCOMPARE(TestEnv::readFile(t.path), theirs);
        QVERIFY(r.backupPath.isEmpty());
        QVERIFY2(leftovers(QString()).isEmpty(), qPrintable(leftovers(QString()).join(QLatin1Char(' '))));
    }

    void failingRestartCommandIsReported()
    {
        QByteArray original;
        const RemoteConfigTarget t = target(&original);
        RemoteConfigOptions options;
        options.restartCommand = QStringLiteral("echo 'Failed to restart redis-server.service: Unit is masked.' >&2; exit 1");
        const ConfigApplySummary r = deploy(t, changed(original), options);
        QVERIFY(!r.ok);
        QCOMPARE(r.failedStep, QStringLiteral("restart"));
        QCOMPARE(r.restartExitCode, 1);
        QVERIFY2(r.restartOutput.contains(QLatin1String("Unit is masked.")), qPrintable(r.restartOutput));
        QVERIFY2(r.error.contains(QLatin1String("code 1")) && r.error.contains(QLatin1String("Unit is masked")),
                 qPrintable(r.error));
        // The file was written before the restart was tried, and the backup says so.
        QCOMPARE(TestEnv::readFile(t.path), changed(original).toBytes());
        QCOMPARE(TestEnv::readFile(r.backupPath), original);
        QVERIFY(!r.healthChecked);
    }

    void nodeThatNeverComesBackFailsHealthCheck()
    {
        QByteArray original;
        const RemoteConfigTarget t = target(&original);
        RemoteConfigOptions options;
        // "Restarts" by stopping for good.
        options.restartCommand = QStringLiteral("redis-cli -p %1 shutdown nosave; true").arg(m_redis->port());
        options.healthTimeoutMs = 1500;
        QElapsedTimer clock;
        clock.start();
        const ConfigApplySummary r = deploy(t, changed(original), options);
        QVERIFY(!r.ok);
        QCOMPARE(r.failedStep, QStringLiteral("health-check"));
        QCOMPARE(r.restartExitCode, 0);
        QVERIFY(r.healthChecked && !r.healthy);
        QVERIFY2(r.error.contains(QLatin1String("did not answer")), qPrintable(r.error));
        QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!m_redis->answersPing());
    }
};

TANDEM_TEST_GUILESS_MAIN(TestRemoteConfigDeploy)
#include "tst_remoteconfigdeploy.moc"
