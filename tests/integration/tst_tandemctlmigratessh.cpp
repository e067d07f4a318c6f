// tandemctl migrate between nodes reached only through SSH (a network namespace behind a real
// sshd): the review states the target host's free memory and disk read over SSH, the data is
// compared through the tunnels, and the target ends master with the source its replica.
#include "CliRunner.h"
#include "NetNamespace.h"
#include "RedisServer.h"
#include "SshServer.h"
#include "SshTestBed.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestTandemctlMigrateSsh : public QObject
{
    Q_OBJECT

private:
    SshTestBed m_bed;
    QTemporaryDir m_tmp;

    // A command run with redis-cli inside the namespace.
    QString cli(const RedisServer &server, const QString &password, const QStringList &command) const
    {
        QProcess p;
        const QStringList prefix = m_bed.ns().execPrefix();
        QStringList args = prefix.mid(1) + QStringList{QStringLiteral("redis-cli"), QStringLiteral("-p"), QString::number(server.port())};
        if (!password.isEmpty())
            args += QStringList{QStringLiteral("--no-auth-warning"), QStringLiteral("-a"), password};
        p.start(prefix.first(), args + command);
        p.waitForFinished(10000);
        return QString::fromUtf8(p.readAllStandardOutput());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        QVERIFY(m_tmp.isValid());
        if (!SshTestBed::requireBinaries())
            return;
        QVERIFY2(m_bed.start(), qPrintable(m_bed.errorString()));
    }
    void cleanupTestCase() { m_bed.stop(); }

    void migrateThroughSsh()
    {
        const QString password = QStringLiteral("ssh-migrate-Secret-42");
        RedisServer source, target;
        QVERIFY2(m_bed.startRedis(&source, {QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0"),
                                            QStringLiteral("--requirepass"), password}),
                 qPrintable(m_bed.errorString()));
        QVERIFY2(m_bed.startRedis(&target, {QStringLiteral("--requirepass"), password}), qPrintable(m_bed.errorString()));
        cli(source, password, {QStringLiteral("EVAL"),
                               QStringLiteral("for i = 1, 5000 do redis.call('HSET', 'h' .. i, 'f', i) redis.call('SET', 's' .. i, i) end return 1"),
                               QStringLiteral("0")});
        QVERIFY(cli(source, password, {QStringLiteral("DBSIZE")}).trimmed() == QLatin1String("10000"));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TANDEM_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("REDISCLI_AUTH"), password);
        const CliResult r = CliRunner::run(
            {QStringLiteral("migrate"), QStringLiteral("127.0.0.1:%1").arg(source.port()), QStringLiteral("127.0.0.1:%1").arg(target.port()),
             QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(m_bed.sshPort()),
             QStringLiteral("--ssh-key"), m_bed.sshd().plainKeyFile(), QStringLiteral("--ssh-known-hosts"), m_bed.knownHostsFile(),
             QStringLiteral("--yes"), QStringLiteral("--json"), QStringLiteral("--watch-old"), QStringLiteral("0")},
            120000, env);
        const QString shown = QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err);
        QVERIFY2(r.exitCode == 0, qPrintable(shown));
        QVERIFY(!r.out.contains(password) && !r.err.contains(password));
        QVERIFY(!TestEnv::readFile(m_tmp.filePath(QStringLiteral("data/audit.jsonl"))).contains(password.toUtf8()));
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QJsonObject plan = QJsonDocument::fromJson(lines.last().toUtf8()).object().value(QStringLiteral("plan")).toObject();
        QStringList hostChecks;
        for (const QJsonValue &p : plan.value(QStringLiteral("preconditions")).toArray()) {
            const QJsonObject o = p.toObject();
            const QString check = o.value(QStringLiteral("check")).toString();
            if (check.contains(QLatin1String("host has the memory")) || check.contains(QLatin1String("disk holds"))) {
                QVERIFY2(o.value(QStringLiteral("ok")).toBool(), qPrintable(o.value(QStringLiteral("detail")).toString()));
                hostChecks.append(check);
            }
        }
        QVERIFY2(hostChecks.size() == 2, qPrintable(shown));
        QVERIFY(cli(target, password, {QStringLiteral("INFO"), QStringLiteral("replication")}).contains(QStringLiteral("role:master")));
        QVERIFY(cli(source, password, {QStringLiteral("INFO"), QStringLiteral("replication")}).contains(QStringLiteral("role:slave")));
        QCOMPARE(cli(target, password, {QStringLiteral("DBSIZE")}).trimmed(), QStringLiteral("10000"));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctlMigrateSsh)
#include "tst_tandemctlmigratessh.moc"
