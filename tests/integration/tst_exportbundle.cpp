// tandemctl export bundle against a real group: the archive unpacks with tar, its checksums
// verify with sha256sum, the README lists the steps in order for these servers, no password is
// in it unless asked, and real redis-server and redis-sentinel run from its files — a copy of
// the group built from the bundle links up and runs the master's settings.
#include "BlockingRedis.h"
#include "CliRunner.h"
#include "ReplicationLab.h"
#include "ServerProcess.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "config/ConfigDocument.h"
#include "config/ConfigValidator.h"
#include "export/TarGz.h"

#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kPassword = QStringLiteral("Bundle-group-Secret-0123456789abcdef");
const QString kAlicePass = QStringLiteral("Bundle-alice-Secret-0123456789abcdef");

} // namespace

class TestExportBundle : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    ReplicationLab m_lab;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("TANDEM_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        e.insert(QStringLiteral("REDISCLI_AUTH"), kPassword);
        return e;
    }

    CliResult exportBundle(const QString &out, const QStringList &extra = {})
    {
        return CliRunner::run(QStringList{QStringLiteral("export"), QStringLiteral("bundle"), QStringLiteral("--seed"),
                                          m_lab.address(QStringLiteral("m")), QStringLiteral("--out"), out} + extra,
                              60000, env());
    }

    // Every file under `dir`, relative name -> bytes.
    static QMap<QString, QByteArray> filesUnder(const QString &dir)
    {
        QMap<QString, QByteArray> files;
        QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            files.insert(QDir(dir).relativeFilePath(path), TestEnv::readFile(path));
        }
        return files;
    }

    bool startNode(const QString &bundle, const QString &node, quint16 port, const QStringList &extra,
                   ServerProcess *process, QString *error)
    {
        // The main file as the README installs it, its include pointed at the unpacked fragment
        // and the Debian paths moved into this test's directory (command-line options win).
        const QString dir = QDir(bundle).filePath(QStringLiteral("nodes/") + node);
        const QString nodePort = node.section(QLatin1Char('-'), -1);
        QByteArray main = TestEnv::readFile(QStringLiteral("%1/redis-%2.conf").arg(dir, nodePort));
        main.replace("include /etc/redis/", QByteArray("include " + dir.toUtf8() + '/'));
        const QString mainPath = TestEnv::writeFile(QStringLiteral("%1/run-%2.conf").arg(dir, nodePort), main);
        // Tandem's validator passes the main file with its fragment included, as redis-server reads them.
        QStringList problems;
        for (const ConfigDiagnostic &d : ConfigValidator::validate(ConfigDocument::parse(main, mainPath)))
            problems << QStringLiteral("%1:%2: %3").arg(d.file).arg(d.line).arg(d.message);
        if (!problems.isEmpty()) {
            *error = QStringLiteral("does not validate clean:\n") + problems.join(QLatin1Char('\n'));
            return false;
        }
        const QString runDir = m_tmp.filePath(QStringLiteral("run-%1").arg(port));
        QDir().mkpath(runDir);
        const QString log = runDir + QStringLiteral("/redis.log");
        const QString binary = TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server"));
        return process->start(QStringList{binary, mainPath, QStringLiteral("--port"), QString::number(port), QStringLiteral("--dir"),
                                          runDir, QStringLiteral("--logfile"), log, QStringLiteral("--pidfile"), QString(),
                                          QStringLiteral("--daemonize"), QStringLiteral("no"), QStringLiteral("--aclfile"),
                                          QDir(bundle).filePath(QStringLiteral("users.acl"))}
                                  + extra,
                              [log] { return QString::fromUtf8(TestEnv::readFile(log)); },
                              QStringLiteral("Ready to accept connections"), QStringLiteral("redis-server"), 15000, error);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        QVERIFY(m_tmp.isValid());
        m_lab.setPassword(kPassword);
        QVERIFY2(m_lab.addMaster(QStringLiteral("m"), {QStringLiteral("--maxmemory"), QStringLiteral("64mb"),
                                                        QStringLiteral("--maxmemory-policy"), QStringLiteral("volatile-lru")}),
                 qPrintable(m_lab.errorString()));
        QVERIFY2(m_lab.addReplica(QStringLiteral("r1"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
        QVERIFY2(m_lab.addReplica(QStringLiteral("r2"), QStringLiteral("m")), qPrintable(m_lab.errorString()));
        QVERIFY(m_lab.waitLinked());
        for (const QString &n : m_lab.names()) {
            BlockingRedis c(m_lab.address(n), kPassword);
            QCOMPARE(c.call({"ACL", "SETUSER", "alice", "on", ">" + kAlicePass.toUtf8(), "~app:*", "+@read"}).text, QByteArray("OK"));
        }
    }

    void archiveUnpacksVerifiesAndHoldsNoSecret()
    {
        const QString archive = m_tmp.filePath(QStringLiteral("bundle.tar.gz"));
        const CliResult r = exportBundle(archive);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY(!r.out.contains(kPassword) && !r.err.contains(kPassword));

        // Every byte, compressed and not.
        const QByteArray gz = TestEnv::readFile(archive);
        QList<ExportFile> files;
        QString error;
        QVERIFY2(TarGz::extract(gz, &files, &error), qPrintable(error));
        QVERIFY(files.size() >= 18);
        for (const ExportFile &f : files) {
            for (const QString &secret : {kPassword, kAlicePass})
                QVERIFY2(!f.bytes.contains(secret.toUtf8()), qPrintable(f.name + QStringLiteral(" holds a password")));
        }

        const QString out = m_tmp.filePath(QStringLiteral("unpacked"));
        QDir().mkpath(out);
        QString output;
        QCOMPARE(TestEnv::run(QStringLiteral("tar"), {QStringLiteral("-xzf"), archive, QStringLiteral("-C"), out}, &output), 0);
        const QStringList top = QDir(out).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(top.size(), 1);
        const QString bundle = QDir(out).filePath(top.first());
        QProcess sums;
        sums.setWorkingDirectory(bundle);
        sums.start(QStringLiteral("sha256sum"), {QStringLiteral("-c"), QStringLiteral("SHA256SUMS")});
        QVERIFY(sums.waitForFinished(10000));
        QVERIFY2(sums.exitCode() == 0, sums.readAll().constData());
        QCOMPARE(filesUnder(bundle).size(), files.size());

        // The README: master, then each replica, then the sentinels, with the real addresses
        // and where each placeholder must be filled in.
        const QString readme = QString::fromUtf8(TestEnv::readFile(bundle + QStringLiteral("/README.md")));
        const qsizetype master = readme.indexOf(QStringLiteral("The master %1").arg(m_lab.address(QStringLiteral("m"))));
        const qsizetype r1 = readme.indexOf(QStringLiteral("Replica %1").arg(m_lab.address(QStringLiteral("r1"))));
        const qsizetype r2 = readme.indexOf(QStringLiteral("Replica %1").arg(m_lab.address(QStringLiteral("r2"))));
        const qsizetype sentinels = readme.indexOf(QStringLiteral("The Sentinels"));
        QVERIFY2(master > 0 && r1 > master && r2 > master && sentinels > r1 && sentinels > r2, qPrintable(readme));
        QVERIFY(readme.contains(QStringLiteral("systemctl enable --now redis-server@%1").arg(m_lab.port(QStringLiteral("m")))));
        QVERIFY(readme.contains(QStringLiteral("requirepass")) && readme.contains(QStringLiteral("<hidden>")));
        QVERIFY(readme.contains(QStringLiteral("sha256sum -c SHA256SUMS")));
        // The fragment goes first in the main file, replicaof stays in the main file only.
        const QString node = QStringLiteral("127.0.0.1-%1").arg(m_lab.port(QStringLiteral("r1")));
        const QByteArray main = TestEnv::readFile(QStringLiteral("%1/nodes/%2/redis-%3.conf").arg(bundle, node).arg(m_lab.port(QStringLiteral("r1"))));
        const QByteArray fragment = TestEnv::readFile(QStringLiteral("%1/nodes/%2/redis-%3.tandem.conf").arg(bundle, node).arg(m_lab.port(QStringLiteral("r1"))));
        QVERIFY2(main.indexOf("\ninclude ") < main.indexOf("\nreplicaof 127.0.0.1"), main.constData());
        QVERIFY(!fragment.contains("\nreplicaof"));
        QVERIFY2(fragment.contains(QByteArray("\nport " + QByteArray::number(m_lab.port(QStringLiteral("r1"))) + "\n")), fragment.constData());
        const QString mnode = QStringLiteral("127.0.0.1-%1").arg(m_lab.port(QStringLiteral("m")));
        QVERIFY(TestEnv::readFile(QStringLiteral("%1/nodes/%2/redis-%3.tandem.conf").arg(bundle, mnode).arg(m_lab.port(QStringLiteral("m"))))
                    .contains("\nmaxmemory-policy volatile-lru\n"));
        QVERIFY(TestEnv::readFile(QStringLiteral("%1/nodes/%2/redis-server@%3.service.d/tandem.conf").arg(bundle, node).arg(m_lab.port(QStringLiteral("r1"))))
                    .contains("ReadWritePaths=-/etc/redis"));
    }

    void aCopyOfTheGroupRunsFromTheBundle()
    {
        const QString folder = m_tmp.filePath(QStringLiteral("bundle-secrets"));
        const CliResult r = exportBundle(folder, {QStringLiteral("--include-secrets")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.err.contains(QLatin1String("passwords in clear")), qPrintable(r.err));
        for (const QString &name : filesUnder(folder).keys())
            QVERIFY2(!(QFileInfo(QDir(folder).filePath(name)).permissions() & (QFile::ReadGroup | QFile::ReadOther)), qPrintable(name));

        const QString m = QStringLiteral("127.0.0.1-%1").arg(m_lab.port(QStringLiteral("m")));
        ServerProcess master, replica1, replica2;
        const quint16 mp = TestEnv::freePort();
        QString error;
        QVERIFY2(startNode(folder, m, mp, {}, &master, &error), qPrintable(error));
        const QStringList follow{QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"), QString::number(mp)};
        const quint16 p1 = TestEnv::freePort();
        QVERIFY2(startNode(folder, QStringLiteral("127.0.0.1-%1").arg(m_lab.port(QStringLiteral("r1"))), p1, follow, &replica1, &error),
                 qPrintable(error));
        const quint16 p2 = TestEnv::freePort();
        QVERIFY2(startNode(folder, QStringLiteral("127.0.0.1-%1").arg(m_lab.port(QStringLiteral("r2"))), p2, follow, &replica2, &error),
                 qPrintable(error));
        const QString copyMaster = QStringLiteral("127.0.0.1:%1").arg(mp);
        QString why;
        // The replicas authenticate with the exported masterauth.
        QVERIFY2(BlockingRedis::waitConverged(copyMaster, {QStringLiteral("127.0.0.1:%1").arg(p1), QStringLiteral("127.0.0.1:%1").arg(p2)},
                                              kPassword, 20000, &why),
                 qPrintable(why));
        // The master's settings, place aside.
        BlockingRedis::ConfigMap original = BlockingRedis::configAll(m_lab.address(QStringLiteral("m")), kPassword);
        BlockingRedis::ConfigMap copy = BlockingRedis::configAll(copyMaster, kPassword);
        for (const char *k : {"port", "bind", "dir", "logfile", "pidfile", "dbfilename", "appenddirname", "daemonize", "aclfile"}) {
            original.remove(k);
            copy.remove(k);
        }
        const QString diff = BlockingRedis::configChanges(original, copy);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        BlockingRedis alice(copyMaster);
        QCOMPARE(alice.call({"AUTH", "alice", kAlicePass.toUtf8()}).text, QByteArray("OK"));

        // A real redis-sentinel runs from the bundle's file (paths moved) and finds the group.
        const QString sentinelDir = QDir(folder).filePath(QStringLiteral("sentinels"));
        const QStringList hosts = QDir(sentinelDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QVERIFY(!hosts.isEmpty());
        const QString port = hosts.first().section(QLatin1Char('-'), -1);
        const QString conf = m_tmp.filePath(QStringLiteral("sentinel-copy.conf"));
        QFile::copy(QStringLiteral("%1/%2/sentinel-%3.conf").arg(sentinelDir, hosts.first(), port), conf);
        const quint16 sp = TestEnv::freePort();
        const QString log = m_tmp.filePath(QStringLiteral("sentinel.log"));
        ServerProcess sentinel;
        const QString binary = TestEnv::requireBinary(QStringLiteral("redis-sentinel"), QStringLiteral("redis-sentinel"));
        QVERIFY2(sentinel.start({binary, conf, QStringLiteral("--port"), QString::number(sp), QStringLiteral("--logfile"), log,
                                 QStringLiteral("--pidfile"), QString(), QStringLiteral("--dir"), m_tmp.path()},
                                [log] { return QString::fromUtf8(TestEnv::readFile(log)); }, QStringLiteral("+monitor master"),
                                QStringLiteral("redis-sentinel"), 15000, &error),
                 qPrintable(error));
        BlockingRedis s(QStringLiteral("127.0.0.1:%1").arg(sp));
        auto numSlaves = [&s] {
            const QByteArrayList e = s.call({"SENTINEL", "MASTER", "mymaster"}).elements;
            const qsizetype at = e.indexOf("num-slaves");
            return at >= 0 && at + 1 < e.size() ? e.at(at + 1).toInt() : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(numSlaves(), 2, 20000);
    }
};

TANDEM_TEST_GUILESS_MAIN(TestExportBundle)
#include "tst_exportbundle.moc"
