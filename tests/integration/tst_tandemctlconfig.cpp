// tandemctl validate / config get / config diff against a real redis-server and the
// distribution's redis.conf, and config apply --remote-file through a real sshd, through the
// built binary, checking exit codes, output and the files on disk.
#include "CliRunner.h"
#include "ConfFileRedis.h"
#include "RedisServer.h"
#include "SshServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QDir>
#include <QFileInfo>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestTandemctlConfig : public QObject
{
    Q_OBJECT

private:
    static QString addr(const RedisServer &s) { return QStringLiteral("127.0.0.1:%1").arg(s.port()); }
    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        return TestEnv::writeFile(m_tmp.filePath(name), bytes);
    }

    const QString m_distConf = QStringLiteral("/etc/redis/redis.conf");
    QByteArray m_distBytes;
    QTemporaryDir m_tmp;
    RedisServer m_server;
    SshServer m_sshd;

    // --ssh and friends for m_sshd; its host key is stored on first use in a private file.
    QStringList viaSsh() const
    {
        return {QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(m_sshd.port()),
                QStringLiteral("--ssh-key"), m_sshd.plainKeyFile(),
                QStringLiteral("--ssh-known-hosts"), m_tmp.filePath(QStringLiteral("known_hosts")),
                QStringLiteral("--ssh-accept-new")};
    }
    static QStringList backupsIn(const ConfFileRedis &node)
    {
        return QDir(node.confDir()).entryList({QStringLiteral("*.tandem-backup-*")}, QDir::Files);
    }
    // The node's own file with maxmemory and hz changed.
    QString desiredFor(const ConfFileRedis &node, const QString &name, const QByteArray &extra = {})
    {
        return writeFile(name, TestEnv::readFile(node.confPath()) + "maxmemory 64mb\nhz 20\n" + extra);
    }
    QStringList remoteApply(const ConfFileRedis &node, const QString &file) const
    {
        return QStringList{QStringLiteral("config"), QStringLiteral("apply"), node.address(), file,
                           QStringLiteral("--remote-file"), node.confPath()}
            + viaSsh();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
            return;
        QFile dist(m_distConf);
        QVERIFY2(dist.open(QIODevice::ReadOnly),
                 "/etc/redis/redis.conf is missing: install the redis-server package");
        m_distBytes = dist.readAll();
        QVERIFY(m_tmp.isValid());
        QVERIFY2(m_server.start({QStringLiteral("--requirepass"), QStringLiteral("node-s3cret")}),
                 qPrintable(m_server.errorString()));
        if (TestEnv::requireBinary(QStringLiteral("sshd"), QStringLiteral("openssh-server")).isEmpty()
            || TestEnv::requireBinary(QStringLiteral("redis-cli"), QStringLiteral("redis-tools")).isEmpty())
            return;
        m_sshd.setPort(TestEnv::freePort());
        QVERIFY2(m_sshd.start(), qPrintable(m_sshd.errorString()));
    }

    void remoteApplyDryRunChangesNothing()
    {
        ConfFileRedis node;
        QVERIFY2(node.start(), qPrintable(node.errorString()));
        const QByteArray before = TestEnv::readFile(node.confPath());
        const QString desired = desiredFor(node, QStringLiteral("dry.conf"));
        const CliResult r = CliRunner::run(remoteApply(node, desired) << QStringLiteral("--dry-run"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QLatin1String("maxmemory: (not set) -> 67108864")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("hz: (not set) -> 20")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("backup: %1.tandem-backup-").arg(node.confPath())), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("nothing was changed")), qPrintable(r.out));
        QCOMPARE(TestEnv::readFile(node.confPath()), before);
        QVERIFY(backupsIn(node).isEmpty());
        QCOMPARE(QDir(node.confDir()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("redis.conf")});
    }

    void remoteApplyWritesBackupThenRestartsAndVerifies()
    {
        ConfFileRedis node;
        QVERIFY2(node.start(), qPrintable(node.errorString()));
        const QByteArray before = TestEnv::readFile(node.confPath());
        const QString desired = desiredFor(node, QStringLiteral("restart.conf"));
        const CliResult r = CliRunner::run(remoteApply(node, desired)
                                           << QStringLiteral("--restart-command") << node.restartScript()
                                           << QStringLiteral("--json"), 60000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QJsonParseError pe;
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &pe).object();
        QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(r.out));
        QVERIFY(o.value(QStringLiteral("ok")).toBool());
        const QString backup = o.value(QStringLiteral("backup_path")).toString();
        QVERIFY2(backup.startsWith(node.confPath() + QStringLiteral(".tandem-backup-")), qPrintable(backup));
        QCOMPARE(TestEnv::readFile(backup), before);
        QCOMPARE(TestEnv::readFile(node.confPath()), TestEnv::readFile(desired));
        QCOMPARE(o.value(QStringLiteral("restart_exit_code")).toInt(-1), 0);
        const QJsonArray verified = o.value(QStringLiteral("verified")).toArray();
        QVERIFY2(verified.contains(QStringLiteral("maxmemory")) && verified.contains(QStringLiteral("hz")), qPrintable(r.out));
        QVERIFY(o.value(QStringLiteral("pending")).toArray().isEmpty());
        QCOMPARE(node.cli({QStringLiteral("config"), QStringLiteral("get"), QStringLiteral("hz")}), QStringLiteral("hz\n20"));
    }

    void remoteApplyWithoutRestartReportsPending()
    {
        ConfFileRedis node;
        QVERIFY2(node.start(), qPrintable(node.errorString()));
        const QString desired = desiredFor(node, QStringLiteral("norestart.conf"));
        const CliResult r = CliRunner::run(remoteApply(node, desired), 60000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QLatin1String("pending until the node restarts: maxmemory, hz")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("backup: ")), qPrintable(r.out));
        QCOMPARE(TestEnv::readFile(node.confPath()), TestEnv::readFile(desired));
        QCOMPARE(backupsIn(node).size(), 1);
    }

    void remoteApplyFileWithErrorsNeedsForce()
    {
        ConfFileRedis node;
        QVERIFY2(node.start(), qPrintable(node.errorString()));
        const QByteArray before = TestEnv::readFile(node.confPath());
        const QString desired = desiredFor(node, QStringLiteral("broken.conf"), "maxmemory-policy sometimes\n");
        CliResult r = CliRunner::run(remoteApply(node, desired), 60000);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QLatin1String("nothing was written")) && r.err.contains(QLatin1String("--force")),
                 qPrintable(r.err));
        QCOMPARE(TestEnv::readFile(node.confPath()), before);
        QVERIFY(backupsIn(node).isEmpty());

        r = CliRunner::run(remoteApply(node, desired) << QStringLiteral("--force"), 60000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QCOMPARE(TestEnv::readFile(node.confPath()), TestEnv::readFile(desired));
        QCOMPARE(backupsIn(node).size(), 1);
        QCOMPARE(TestEnv::readFile(QDir(node.confDir()).filePath(backupsIn(node).first())), before);
    }

    void validateDistributionFile()
    {
        const CliResult r = CliRunner::run({QStringLiteral("validate"), m_distConf});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(!r.out.contains(QLatin1String(": error:")), qPrintable(r.out));
    }

    void validateBrokenFileHuman()
    {
        // Break one line in the middle of the real file: the error must point at it.
        QList<QByteArray> lines = m_distBytes.split('\n');
        int portLine = -1;
        for (int i = 0; i < lines.size(); ++i) {
            if (lines.at(i).startsWith("port ")) {
                portLine = i;
                break;
            }
        }
        QVERIFY(portLine >= 0);
        lines[portLine] = "port not-a-number";
        const QString path = writeFile(QStringLiteral("broken.conf"), lines.join('\n'));
        QVERIFY(!path.isEmpty());

        const CliResult r = CliRunner::run({QStringLiteral("validate"), path});
        QCOMPARE(r.exitCode, 1);
        const QString prefix = QStringLiteral("%1:%2:").arg(path).arg(portLine + 1);
        QVERIFY2(r.out.contains(prefix), qPrintable(r.out));
        const QString errLine = r.out.split(QLatin1Char('\n')).filter(prefix).value(0);
        QVERIFY2(errLine.contains(QLatin1String(": error: ")), qPrintable(errLine));
        QVERIFY2(errLine.endsWith(QLatin1Char(']')), qPrintable(errLine));

        // JSON, field by field.
        const CliResult j = CliRunner::run({QStringLiteral("validate"), QStringLiteral("--json"), path});
        QCOMPARE(j.exitCode, 1);
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(j.out.toUtf8(), &pe);
        QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(j.out));
        const QJsonObject top = doc.object();
        QCOMPARE(top.keys(), QStringList{QStringLiteral("files")});
        const QJsonArray files = top.value(QStringLiteral("files")).toArray();
        QCOMPARE(files.size(), 1);
        const QJsonObject file = files.first().toObject();
        QCOMPARE(file.keys(), (QStringList{QStringLiteral("diagnostics"), QStringLiteral("path")}));
        QCOMPARE(file.value(QStringLiteral("path")).toString(), path);
        const QJsonArray diags = file.value(QStringLiteral("diagnostics")).toArray();
        QVERIFY(!diags.isEmpty());
        bool found = false;
        for (const QJsonValue &v : diags) {
            const QJsonObject d = v.toObject();
            QCOMPARE(d.keys(), (QStringList{QStringLiteral("code"), QStringLiteral("column"), QStringLiteral("fix"),
                                            QStringLiteral("line"), QStringLiteral("message"),
                                            QStringLiteral("severity")}));
            QVERIFY(d.value(QStringLiteral("line")).isDouble());
            QVERIFY(d.value(QStringLiteral("column")).isDouble());
            QVERIFY(d.value(QStringLiteral("code")).isString());
            QVERIFY(!d.value(QStringLiteral("code")).toString().isEmpty());
            QVERIFY(d.value(QStringLiteral("message")).isString());
            QVERIFY(d.value(QStringLiteral("fix")).isNull() || d.value(QStringLiteral("fix")).isString());
            const QString sev = d.value(QStringLiteral("severity")).toString();
            QVERIFY2(sev == QLatin1String("error") || sev == QLatin1String("warning") || sev == QLatin1String("info"),
                     qPrintable(sev));
            if (d.value(QStringLiteral("line")).toInt() == portLine + 1 && sev == QLatin1String("error")) {
                found = true;
                QVERIFY(d.value(QStringLiteral("column")).toInt() >= 1);
            }
        }
        QVERIFY2(found, qPrintable(j.out));
    }

    void validateUnreadableFileIsAnError()
    {
        const QString missing = m_tmp.filePath(QStringLiteral("does-not-exist.conf"));
        const CliResult r = CliRunner::run({QStringLiteral("validate"), m_distConf, missing});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(missing + QLatin1String(": error:")), qPrintable(r.out));
    }

    void validateRedisVersionNote()
    {
        const CliResult same = CliRunner::run({QStringLiteral("validate"), QStringLiteral("--redis-version"),
                                               QStringLiteral("7.0"), m_distConf});
        QCOMPARE(same.exitCode, 0);
        QVERIFY2(!same.err.contains(QLatin1String("approximate")), qPrintable(same.err));
        // 7.2 has its own directive set now: no "approximate" note either.
        const CliResult other = CliRunner::run({QStringLiteral("validate"), QStringLiteral("--redis-version"),
                                                QStringLiteral("7.2"), m_distConf});
        QCOMPARE(other.exitCode, 0);
        QVERIFY2(!other.err.contains(QLatin1String("approximate")), qPrintable(other.err));
    }

    void validateAgainstNode()
    {
        const QString good = writeFile(QStringLiteral("replica-good.conf"), "masterauth node-s3cret\n");
        const QString bad = writeFile(QStringLiteral("replica-bad.conf"), "port 7000\nmasterauth wrong-pw\n");
        const QStringList auth{QStringLiteral("-a"), QStringLiteral("node-s3cret")};

        CliResult r = CliRunner::run(QStringList{QStringLiteral("validate"), good, QStringLiteral("--against"),
                                                 addr(m_server)} + auth);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(!r.out.contains(QLatin1String("masterauth-mismatch")), qPrintable(r.out));

        r = CliRunner::run(QStringList{QStringLiteral("validate"), bad, QStringLiteral("--against"), addr(m_server)}
                           + auth);
        QCOMPARE(r.exitCode, 0);  // a warning, not an error
        QVERIFY2(r.out.contains(bad + QLatin1String(":2:")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("warning:")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("[masterauth-mismatch]")), qPrintable(r.out));
        QVERIFY2(!QString(r.out + r.err).contains(QLatin1String("node-s3cret")), "the password must never be printed");
        QVERIFY2(!QString(r.out + r.err).contains(QLatin1String("wrong-pw")), "the password must never be printed");

        // Wrong password for the node: cannot authenticate -> 3.
        r = CliRunner::run({QStringLiteral("validate"), good, QStringLiteral("--against"), addr(m_server),
                            QStringLiteral("-a"), QStringLiteral("nope")});
        QCOMPARE(r.exitCode, 3);
    }

    void configGetPrintsPortAndHidesSecret()
    {
        const CliResult r = CliRunner::run({QStringLiteral("config"), QStringLiteral("get"), addr(m_server),
                                            QStringLiteral("-a"), QStringLiteral("node-s3cret")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        QVERIFY2(lines.contains(QStringLiteral("port %1").arg(m_server.port())), qPrintable(r.out));
        QVERIFY2(lines.contains(QStringLiteral("requirepass <hidden>")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QLatin1String("node-s3cret")), "secret printed without --show-secrets");
        // The fixture runs without persistence (save ""); the split is covered by unit tests.
        QVERIFY2(!lines.filter(QRegularExpression(QStringLiteral("^save "))).isEmpty(), qPrintable(r.out));
        QVERIFY2(lines.filter(QStringLiteral("slaveof")).isEmpty(), "aliases must be folded");

        const CliResult shown = CliRunner::run({QStringLiteral("config"), QStringLiteral("get"), addr(m_server),
                                                QStringLiteral("-a"), QStringLiteral("node-s3cret"),
                                                QStringLiteral("--show-secrets")});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(shown.out.split(QLatin1Char('\n')).contains(QStringLiteral("requirepass node-s3cret")),
                 qPrintable(shown.out));
    }

    void configDiffFileVersusNode()
    {
        const QString path = writeFile(QStringLiteral("node.conf"), "port 6399\nrequirepass other-pw\n");
        const CliResult r = CliRunner::run({QStringLiteral("config"), QStringLiteral("diff"), path, addr(m_server),
                                            QStringLiteral("-a"), QStringLiteral("node-s3cret")});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        QVERIFY2(lines.contains(QStringLiteral("-port 6399")), qPrintable(r.out));
        QVERIFY2(lines.contains(QStringLiteral("+port %1").arg(m_server.port())), qPrintable(r.out));
        QVERIFY2(lines.contains(QStringLiteral("-requirepass <hidden>")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QLatin1String("node-s3cret")) && !r.out.contains(QLatin1String("other-pw")),
                 qPrintable(r.out));

        const CliResult j = CliRunner::run({QStringLiteral("config"), QStringLiteral("diff"), QStringLiteral("--json"),
                                            path, addr(m_server), QStringLiteral("-a"), QStringLiteral("node-s3cret")});
        QCOMPARE(j.exitCode, 1);
        const QJsonObject top = QJsonDocument::fromJson(j.out.toUtf8()).object();
        QCOMPARE(top.value(QStringLiteral("left")).toString(), path);
        bool sawPort = false;
        for (const QJsonValue &v : top.value(QStringLiteral("differences")).toArray()) {
            const QJsonObject d = v.toObject();
            if (d.value(QStringLiteral("directive")).toString() != QLatin1String("port"))
                continue;
            sawPort = true;
            QCOMPARE(d.value(QStringLiteral("left")).toArray().first().toString(), QStringLiteral("6399"));
            QCOMPARE(d.value(QStringLiteral("right")).toArray().first().toString(),
                     QString::number(m_server.port()));
        }
        QVERIFY2(sawPort, qPrintable(j.out));
    }

    void configDiffIdenticalFiles()
    {
        const QString copy = writeFile(QStringLiteral("copy.conf"), m_distBytes);
        const CliResult r = CliRunner::run({QStringLiteral("config"), QStringLiteral("diff"), m_distConf, copy});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.isEmpty());
        // Same settings, different spelling.
        const QString a = writeFile(QStringLiteral("a.conf"), "maxmemory 1mb\nappendonly YES\n");
        const QString b = writeFile(QStringLiteral("b.conf"), "# same\nappendonly yes\nmaxmemory 1048576\n");
        QCOMPARE(CliRunner::run({QStringLiteral("config"), QStringLiteral("diff"), a, b}).exitCode, 0);
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("validate no file") << QStringList{QStringLiteral("validate")};
        QTest::newRow("validate bad version")
            << QStringList{QStringLiteral("validate"), QStringLiteral("--redis-version"), QStringLiteral("seven"),
                           QStringLiteral("/etc/redis/redis.conf")};
        QTest::newRow("validate bad option") << QStringList{QStringLiteral("validate"), QStringLiteral("--bogus"),
                                                            QStringLiteral("/etc/redis/redis.conf")};
        QTest::newRow("config alone") << QStringList{QStringLiteral("config")};
        QTest::newRow("config unknown") << QStringList{QStringLiteral("config"), QStringLiteral("set")};
        QTest::newRow("config get no node") << QStringList{QStringLiteral("config"), QStringLiteral("get")};
        QTest::newRow("config diff one arg")
            << QStringList{QStringLiteral("config"), QStringLiteral("diff"), QStringLiteral("/etc/redis/redis.conf")};
        QTest::newRow("config apply remote without ssh")
            << QStringList{QStringLiteral("config"), QStringLiteral("apply"), QStringLiteral("127.0.0.1:6379"),
                           QStringLiteral("/etc/redis/redis.conf"), QStringLiteral("--remote-file"),
                           QStringLiteral("/etc/redis/redis.conf")};
        QTest::newRow("config apply restart without remote")
            << QStringList{QStringLiteral("config"), QStringLiteral("apply"), QStringLiteral("127.0.0.1:6379"),
                           QStringLiteral("/etc/redis/redis.conf"), QStringLiteral("--restart")};
        QTest::newRow("config diff neither file nor node")
            << QStringList{QStringLiteral("config"), QStringLiteral("diff"), QStringLiteral("/etc/redis/redis.conf"),
                           QStringLiteral("/no/such/file.conf")};
    }
    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        const CliResult r = CliRunner::run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(!r.err.isEmpty(), "a usage error must say what is wrong");
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctlConfig)
#include "tst_tandemctlconfig.moc"
