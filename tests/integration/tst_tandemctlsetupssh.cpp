// tandemctl setup on nodes reached only through SSH (a network namespace behind a real sshd):
// the review says, from each replica's own host, whether a TCP connect to the master's
// address succeeds, and the set-up runs and is verified through the tunnels. A replica started
// without a config file (CONFIG REWRITE impossible) gets its set-up saved by editing the file
// named with --config-file over SSH, and restarted from that file it rejoins with auth.
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
#include <QDirIterator>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TestTandemctlSetupSsh : public QObject
{
    Q_OBJECT

private:
    SshTestBed m_bed;
    QTemporaryDir m_tmp;

    QStringList viaSsh() const
    {
        return {QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(m_bed.sshPort()),
                QStringLiteral("--ssh-key"), m_bed.sshd().plainKeyFile(),
                QStringLiteral("--ssh-known-hosts"), m_bed.knownHostsFile()};
    }

    // INFO replication of a server inside the namespace, read with redis-cli there.
    QString replicationInfo(const RedisServer &server, const QString &password) const
    {
        QProcess cli;
        const QStringList prefix = m_bed.ns().execPrefix();
        QStringList args = prefix.mid(1) + QStringList{QStringLiteral("redis-cli"), QStringLiteral("-p"), QString::number(server.port())};
        if (!password.isEmpty())
            args += QStringList{QStringLiteral("--no-auth-warning"), QStringLiteral("-a"), password};
        cli.start(prefix.first(), args + QStringList{QStringLiteral("INFO"), QStringLiteral("replication")});
        cli.waitForFinished(10000);
        return QString::fromUtf8(cli.readAllStandardOutput());
    }

    // tandemctl setup of master m and replica r over SSH, r's file named by --config-file.
    CliResult setupWithFile(const QString &m, const QString &r, const QString &passwordFile, const QString &configFile,
                            const QString &dataDir) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TANDEM_DATA_DIR"), dataDir);
        return CliRunner::run(QStringList{QStringLiteral("setup"), QStringLiteral("--master"), m, QStringLiteral("--replica"), r,
                                          QStringLiteral("--password-file"), passwordFile, QStringLiteral("--config-file"),
                                          r + QLatin1Char('=') + configFile, QStringLiteral("--yes")}
                                  + viaSsh(),
                              90000, env);
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

    void setupThroughSsh()
    {
        std::unique_ptr<RedisServer> nodes[3];
        QStringList addresses;
        for (int i = 0; i < 3; ++i) {
            nodes[i] = std::make_unique<RedisServer>();
            nodes[i]->setConfigFile(TestEnv::writeFile(m_tmp.filePath(QStringLiteral("ssh-%1.conf").arg(i)), "# tandem test\n"));
            QVERIFY2(m_bed.startRedis(nodes[i].get(), {QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0")}),
                     qPrintable(m_bed.errorString()));
            addresses.append(QStringLiteral("127.0.0.1:%1").arg(nodes[i]->port()));
        }
        const QString password = QStringLiteral("ssh-group-password-1234");
        const QString file = TestEnv::writeFile(m_tmp.filePath(QStringLiteral("pw")), password.toUtf8() + "\n");
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TANDEM_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        const CliResult r = CliRunner::run(QStringList{QStringLiteral("setup"), QStringLiteral("--master"), addresses.at(0),
                                                       QStringLiteral("--replica"), addresses.at(1), QStringLiteral("--replica"),
                                                       addresses.at(2), QStringLiteral("--password-file"), file,
                                                       QStringLiteral("--json"), QStringLiteral("--yes")}
                                               + viaSsh(),
                                           90000, env);
        const QString shown = QStringLiteral("exit %1\n%2\n%3").arg(r.exitCode).arg(r.out, r.err);
        QVERIFY2(r.exitCode == 0, qPrintable(shown));
        QVERIFY(!r.out.contains(password) && !r.err.contains(password));
        const QJsonObject plan = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("plan")).toObject();
        int reached = 0;
        for (const QJsonValue &p : plan.value(QStringLiteral("preconditions")).toArray()) {
            const QJsonObject o = p.toObject();
            if (o.value(QStringLiteral("check")).toString().contains(QLatin1String("host reaches"))) {
                QVERIFY2(o.value(QStringLiteral("ok")).toBool(), qPrintable(o.value(QStringLiteral("detail")).toString()));
                ++reached;
            }
        }
        QVERIFY2(reached == 2, qPrintable(shown));
    }

    void missingFileToEditIsRefusedBeforeAnyChange()
    {
        RedisServer master;
        QVERIFY2(m_bed.startRedis(&master), qPrintable(m_bed.errorString()));
        RedisServer replica;  // no config file, and the one named does not exist
        QVERIFY2(m_bed.startRedis(&replica), qPrintable(m_bed.errorString()));
        const QString r = QStringLiteral("127.0.0.1:%1").arg(replica.port());
        const QString pw = TestEnv::writeFile(m_tmp.filePath(QStringLiteral("pw-missing")), "missing-file-Secret-42\n");
        const CliResult res = setupWithFile(QStringLiteral("127.0.0.1:%1").arg(master.port()), r, pw,
                                            m_tmp.filePath(QStringLiteral("absent.conf")), m_tmp.filePath(QStringLiteral("data-missing")));
        const QString shown = QStringLiteral("exit %1\n%2\n%3").arg(res.exitCode).arg(res.out, res.err);
        QVERIFY2(res.exitCode == 1, qPrintable(shown));
        QVERIFY2(shown.contains(QLatin1String("absent.conf cannot be read over SSH")), qPrintable(shown));
        // Refused before any change: the replica still answers without a password, as a master.
        const QString info = replicationInfo(replica, QString());
        QVERIFY2(info.contains(QLatin1String("role:master")), qPrintable(info));
    }

    void replicaWithoutConfigFileIsSavedOverSsh()
    {
        RedisServer master;
        master.setConfigFile(TestEnv::writeFile(m_tmp.filePath(QStringLiteral("edit-master.conf")), "# tandem test\n"));
        QVERIFY2(m_bed.startRedis(&master, {QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0")}),
                 qPrintable(m_bed.errorString()));
        RedisServer replica;  // no config file: INFO config_file is empty, CONFIG REWRITE fails
        QVERIFY2(m_bed.startRedis(&replica), qPrintable(m_bed.errorString()));
        const QString replicaFile = TestEnv::writeFile(m_tmp.filePath(QStringLiteral("edit-replica.conf")),
                                                       "# the replica's own file\nloglevel notice\n");
        const QString m = QStringLiteral("127.0.0.1:%1").arg(master.port());
        const QString r = QStringLiteral("127.0.0.1:%1").arg(replica.port());
        const QString password = QStringLiteral("edited-over-ssh-Secret-5678");
        const QString pw = TestEnv::writeFile(m_tmp.filePath(QStringLiteral("pw-edit")), password.toUtf8() + "\n");
        const QString data = m_tmp.filePath(QStringLiteral("data-edit"));
        const CliResult res = setupWithFile(m, r, pw, replicaFile, data);
        const QString shown = QStringLiteral("exit %1\n%2\n%3").arg(res.exitCode).arg(res.out, res.err);
        QVERIFY2(res.exitCode == 0, qPrintable(shown));
        QVERIFY2(shown.contains(QLatin1String("edited over SSH")), qPrintable(shown));
        // Both files (the master's after CONFIG REWRITE, the replica's edit) read back as intended.
        QVERIFY2(shown.contains(QLatin1String("saved and read back on every node")), qPrintable(shown));
        QVERIFY(!res.out.contains(password) && !res.err.contains(password));
        // Nothing Tandem wrote (audit log, settings) holds the password.
        QDirIterator it(data, QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(password.toUtf8()), qPrintable(f.fileName()));
            ++files;
        }
        QVERIFY2(files > 0, "no audit log written");

        QFile conf(replicaFile);
        QVERIFY(conf.open(QIODevice::ReadOnly));
        const QByteArray text = conf.readAll();
        QVERIFY2(text.startsWith("# the replica's own file\nloglevel notice\n"), text.constData());
        QVERIFY2(text.contains(QStringLiteral("replicaof 127.0.0.1 %1\n").arg(master.port()).toUtf8()), text.constData());
        QVERIFY2(text.contains(QByteArray("masterauth " + password.toUtf8() + "\n")), text.constData());

        // Restarted from that file, the replica follows the master again, authenticated.
        replica.stop();
        replica.setConfigFile(replicaFile);
        QVERIFY2(replica.start(), qPrintable(replica.errorString()));
        QElapsedTimer t;
        t.start();
        QString info;
        while (t.elapsed() < 20000) {
            info = replicationInfo(replica, password);
            if (info.contains(QLatin1String("master_link_status:up")))
                break;
            QTest::qWait(200);
        }
        QVERIFY2(info.contains(QLatin1String("role:slave")) && info.contains(QLatin1String("master_link_status:up")),
                 qPrintable(info + replica.log()));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctlSetupSsh)
#include "tst_tandemctlsetupssh.moc"
