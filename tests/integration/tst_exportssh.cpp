// Group exports of a node reachable only through SSH: the reader uses the tunnels discovery
// opened, and the files name the master as the SSH server's side sees it (where sentinels and
// nodes run), not the tunnel's local end.
#include "CliRunner.h"
#include "RedisServer.h"
#include "SshServer.h"
#include "SshTestBed.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

class tst_ExportSsh : public QObject
{
    Q_OBJECT

private:
    SshTestBed m_bed;
    QTemporaryDir m_tmp;

    QStringList viaSsh() const
    {
        return {QStringLiteral("--seed"), QStringLiteral("127.0.0.1:%1").arg(m_bed.redis().port()),
                QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(m_bed.sshPort()),
                QStringLiteral("--ssh-key"), m_bed.sshd().plainKeyFile(),
                QStringLiteral("--ssh-known-hosts"), m_bed.knownHostsFile()};
    }
    CliResult run(const QStringList &args) const
    {
        return CliRunner::run(args, 60000, CliRunner::withDataDir(m_tmp.filePath(QStringLiteral("data"))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-sentinel"), QStringLiteral("redis-sentinel")).isEmpty());
        if (!SshTestBed::requireBinaries())
            return;
        QVERIFY2(m_bed.start(), qPrintable(m_bed.errorString()));
    }

    void cleanupTestCase() { m_bed.stop(); }

    void aclAndSentinelThroughSsh()
    {
        const QString file = m_tmp.filePath(QStringLiteral("users.acl"));
        CliResult r = run(QStringList{QStringLiteral("export"), QStringLiteral("acl"), QStringLiteral("--out"), file} + viaSsh());
        QVERIFY2(r.exitCode == 0, qPrintable(CliRunner::describe(r)));
        QVERIFY2(TestEnv::readFile(file).startsWith("user default on "), TestEnv::readFile(file).constData());

        const QString out = m_tmp.filePath(QStringLiteral("sentinel"));
        r = run(QStringList{QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--sentinel"),
                            QStringLiteral("10.1.2.3:26379"), QStringLiteral("--out"), out} + viaSsh());
        QVERIFY2(r.exitCode == 0, qPrintable(CliRunner::describe(r)));
        const QByteArray bytes = TestEnv::readFile(QDir(out).filePath(QStringLiteral("sentinel-10.1.2.3-26379.conf")));
        QVERIFY2(bytes.contains(QByteArray("\nsentinel monitor mymaster 127.0.0.1 " + QByteArray::number(m_bed.redis().port())
                                           + " 1\n")), bytes.constData());
        QVERIFY2(bytes.contains("\nport 26379\n"), bytes.constData());
    }
};

TANDEM_TEST_GUILESS_MAIN(tst_ExportSsh)
#include "tst_exportssh.moc"
