// The SSH fence closes the window the automatic fence leaves open: during the failover the
// dead master's redis.conf is edited over a real sshd (replicaof the new master), so when it
// is restarted from that file while a client hammers its address, it comes up as a replica
// and acknowledges not one write. `tandemctl fence` does the same edit on its own, with the
// group's password written as masterauth but never shown in the audit log; without an SSH
// host both commands refuse before doing anything.
#include "CliRunner.h"
#include "FailoverScenario.h"
#include "LabProbe.h"
#include "PinnedWriter.h"
#include "SshServer.h"
#include "SshTestBed.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/SshFencePlanner.h"
#include "ssh/SshSessionPool.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class tst_SshFence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { m_bed.stop(); }
    void failoverEditsTheOldMastersFile();
    void tandemctlFenceWritesMasterauthUnlogged();

private:
    static QByteArray contents(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
    }

    SshTestBed m_bed;
    QTemporaryDir m_dir;
};

void tst_SshFence::initTestCase()
{
    QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
    QVERIFY(m_dir.isValid());
    if (!SshTestBed::requireBinaries())
        return;
    QVERIFY2(m_bed.start(), qPrintable(m_bed.errorString()));
}

void tst_SshFence::failoverEditsTheOldMastersFile()
{
    // The old master runs from a redis.conf, as a packaged server does.
    const QString conf = m_dir.filePath(QStringLiteral("m-redis.conf"));
    const QByteArray original = "# The old master's file: comments survive the fence.\nappendonly no\n";
    QVERIFY(!TestEnv::writeFile(conf, original).isEmpty());
    FailoverScenario scenario;
    scenario.lab().setConfigFile(QStringLiteral("m"), conf);
    SshSessionPool pool;
    FailoverOptions options;
    options.ssh = &pool;
    options.sshFence.ssh = m_bed.options();
    options.sshFence.path = conf;
    const auto fenceEntry = scenario.failOver(options);
    QVERIFY2(fenceEntry, qPrintable(scenario.errorString()));
    const QString m = scenario.address(QStringLiteral("m"));

    // What the GUI and tandemctl would offer: the node's SSH settings and INFO config_file.
    ConnectionProfile withSsh = scenario.monitor().profileFor(m);
    withSsh.ssh = m_bed.options();
    QCOMPARE(SshFenceTarget::of(scenario.monitor().topology(), withSsh, m).path, QDir(conf).canonicalPath());

    bool edited = false;
    for (const StepRecord &r : scenario.report().steps) {
        if (r.id == QLatin1String("ssh-fence")) {
            QVERIFY2(r.status == StepRecord::Status::Succeeded, qPrintable(r.message));
            QVERIFY(QFile::exists(r.details.value(QStringLiteral("backup")).toString()));
            edited = true;
        }
    }
    QVERIFY(edited);
    const QByteArray file = contents(conf);
    QVERIFY2(file.startsWith(original), file.constData());
    const QByteArray replicaOf = QByteArray("replicaof 127.0.0.1 ") + QByteArray::number(scenario.lab().port(QStringLiteral("r1")));
    QVERIFY2(file.contains(replicaOf), file.constData());

    // Restarted from its file while a client never told about the failover hammers its address.
    PinnedWriter writer(m);
    writer.start();
    QTest::qWait(100);
    QVERIFY2(scenario.lab().restart(QStringLiteral("m")), qPrintable(scenario.lab().errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(LabProbe::follows(scenario.lab(), QStringLiteral("m"), QStringLiteral("r1")), 10000);
    QVERIFY(writer.waitForRefusals(writer.refused() + 50, 5000));
    writer.stop();
    qInfo("old master restarted from its fenced redis.conf: %lld writes acknowledged at its address, %lld refused "
          "(last: %s)", writer.acknowledged(), writer.refused(), qPrintable(writer.lastError()));
    QCOMPARE(writer.acknowledged(), 0);
    QVERIFY2(writer.lastError().startsWith(QLatin1String("READONLY")), qPrintable(writer.lastError()));
    QCOMPARE(LabProbe::info(scenario.lab(), QStringLiteral("m")).role, NodeSnapshot::Role::Replica);
}

void tst_SshFence::tandemctlFenceWritesMasterauthUnlogged()
{
    QTemporaryDir data;
    const QString conf = m_dir.filePath(QStringLiteral("cli-redis.conf"));
    QVERIFY(!TestEnv::writeFile(conf, "# packaged file\nport 7000\nslaveof 10.0.0.9 6379\n").isEmpty());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TANDEM_DATA_DIR"), data.path());
    const CliResult r = CliRunner::run({QStringLiteral("fence"), QStringLiteral("127.0.0.1:7000"),
                                        QStringLiteral("--master"), QStringLiteral("127.0.0.1:7001"),
                                        QStringLiteral("--pass"), QStringLiteral("s3cret-group-pw"),
                                        QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(m_bed.sshPort()),
                                        QStringLiteral("--ssh-key"), m_bed.sshd().plainKeyFile(),
                                        QStringLiteral("--ssh-known-hosts"), m_bed.knownHostsFile(),
                                        QStringLiteral("--config-file"), conf, QStringLiteral("--yes")},
                                       30000, env);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    const QByteArray file = contents(conf);
    QVERIFY2(file.contains("replicaof 127.0.0.1 7001"), file.constData());
    QVERIFY2(!file.contains("slaveof"), file.constData());  // the old name would win over ours
    QVERIFY2(file.contains("masterauth s3cret-group-pw"), file.constData());
    const QByteArray audit = contents(data.filePath(QStringLiteral("audit.jsonl")));
    QVERIFY2(audit.contains("ssh-fence") && audit.contains("masterauth ******"), audit.constData());
    QVERIFY(!audit.contains("s3cret-group-pw"));
    QVERIFY(!r.out.contains(QLatin1String("s3cret-group-pw")) && !r.err.contains(QLatin1String("s3cret-group-pw")));

    // Where there is no host to edit the file on, both commands say so before doing anything.
    const CliResult noSsh = CliRunner::run({QStringLiteral("failover"), QStringLiteral("--seed"), QStringLiteral("127.0.0.1:7001"),
                                            QStringLiteral("--ssh-fence")}, 30000, env);
    QCOMPARE(noSsh.exitCode, 2);
    QVERIFY2(noSsh.err.contains(QLatin1String("--ssh-fence needs --ssh")), qPrintable(noSsh.err));
    const CliResult noHost = CliRunner::run({QStringLiteral("fence"), QStringLiteral("127.0.0.1:7000"), QStringLiteral("--master"),
                                             QStringLiteral("127.0.0.1:7001"), QStringLiteral("--config-file"), conf},
                                            30000, env);
    QCOMPARE(noHost.exitCode, 2);
    QVERIFY2(noHost.err.contains(QLatin1String("fence needs --ssh")), qPrintable(noHost.err));
}

TANDEM_TEST_GUILESS_MAIN(tst_SshFence)
#include "tst_sshfence.moc"
