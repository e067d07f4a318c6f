// tandemctl export redis-conf against real servers: every exported file validates clean with
// Tandem's validator and a real redis-server started from it runs with the node's settings;
// no password reaches a file, the output or the audit log without --include-secrets; a node
// reached through SSH gets its own file back, comments kept, running values put in.
#include "BlockingRedis.h"
#include "CliRunner.h"
#include "NetNamespace.h"
#include "RedisServer.h"
#include "ReplicationLab.h"
#include "ServerProcess.h"
#include "SshServer.h"
#include "SshTestBed.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "config/ConfigAdvisor.h"
#include "config/ConfigDocument.h"
#include "config/ConfigValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kRequirePass = QStringLiteral("Rq-export-Secret-0123456789abcdef");
const QString kMasterAuth = QStringLiteral("Ma-export-Secret-0123456789abcdef");
const QString kAlicePass = QStringLiteral("Al-export-Secret-0123456789abcdef");

// Settings that name the machine the server runs on rather than how it behaves.
const QSet<QByteArray> kPlaceSettings{"port", "bind", "dir", "logfile", "pidfile", "daemonize", "unixsocket"};

} // namespace

class TestExportRedisConf : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("TANDEM_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        return e;
    }

    CliResult exportConf(const QStringList &args, const QString &out)
    {
        return CliRunner::run(QStringList{QStringLiteral("export"), QStringLiteral("redis-conf")} + args
                                  + QStringList{QStringLiteral("--out"), out},
                              30000, env());
    }

    // What `tandemctl validate` would say: the validator's findings and the advisor's warnings.
    static QString problems(const QByteArray &bytes)
    {
        const ConfigDocument doc = ConfigDocument::parse(bytes);
        QStringList lines;
        for (const ConfigDiagnostic &d : ConfigValidator::validate(doc) + ConfigAdvisor::advise(doc)) {
            if (d.severity != ConfigDiagnostic::Severity::Info)
                lines << QStringLiteral("%1: %2").arg(d.line).arg(d.message);
        }
        return lines.join(QLatin1Char('\n'));
    }

    // A real redis-server from `file`, only its place moved (port, dir, log) to this test's.
    bool startFrom(const QString &file, ServerProcess *process, quint16 *port, QString *error)
    {
        *port = TestEnv::freePort();
        const QString dir = m_tmp.filePath(QStringLiteral("run-%1").arg(*port));
        QDir().mkpath(dir);
        const QString log = dir + QStringLiteral("/redis.log");
        const QString binary = TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server"));
        return process->start({binary, file, QStringLiteral("--port"), QString::number(*port), QStringLiteral("--bind"),
                               QStringLiteral("127.0.0.1"), QStringLiteral("--dir"), dir, QStringLiteral("--logfile"), log,
                               QStringLiteral("--daemonize"), QStringLiteral("no"), QStringLiteral("--pidfile"), QString()},
                              [log] { return QString::fromUtf8(TestEnv::readFile(log)); },
                              QStringLiteral("Ready to accept connections"), QStringLiteral("redis-server"), 15000, error);
    }

    // "name: a -> b" for every behaviour setting that differs, `ignored` left out.
    static QString behaviourDiff(const BlockingRedis::ConfigMap &a, const BlockingRedis::ConfigMap &b,
                                 const QSet<QByteArray> &ignored = {})
    {
        BlockingRedis::ConfigMap left = a, right = b;
        for (const QByteArray &k : kPlaceSettings + ignored) {
            left.remove(k);
            right.remove(k);
        }
        return BlockingRedis::configChanges(left, right);
    }

    void checkNoSecret(const QByteArray &bytes, const QString &what)
    {
        for (const QString &s : {kRequirePass, kMasterAuth, kAlicePass})
            QVERIFY2(!bytes.contains(s.toUtf8()), qPrintable(what + QStringLiteral(" contains a password")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        QVERIFY(m_tmp.isValid());
    }

    void exportsStartTheSameServer()
    {
        RedisServer node;
        QVERIFY2(node.start({QStringLiteral("--requirepass"), kRequirePass, QStringLiteral("--masterauth"), kMasterAuth,
                             QStringLiteral("--maxmemory"), QStringLiteral("123mb"), QStringLiteral("--maxmemory-policy"),
                             QStringLiteral("allkeys-lru"), QStringLiteral("--save"), QStringLiteral("900 1 300 10"),
                             QStringLiteral("--hz"), QStringLiteral("25"), QStringLiteral("--user"), QStringLiteral("alice"),
                             QStringLiteral("on"), QStringLiteral(">") + kAlicePass, QStringLiteral("~app:*"),
                             QStringLiteral("+@read")}),
                 qPrintable(node.errorString()));
        const QString address = QStringLiteral("127.0.0.1:%1").arg(node.port());
        BlockingRedis admin(address, kRequirePass);
        // Changed at run time only: the export must show what runs, not what started.
        QCOMPARE(admin.call({"CONFIG", "SET", "notify-keyspace-events", "KEA"}).text, QByteArray("OK"));
        const BlockingRedis::ConfigMap original = BlockingRedis::configAll(address, kRequirePass);
        QVERIFY(!original.isEmpty());

        QProcessEnvironment e = env();
        e.insert(QStringLiteral("REDISCLI_AUTH"), kRequirePass);
        struct Variant
        {
            QString name;
            QStringList args;
            bool secrets;
        };
        const QList<Variant> variants{
            {QStringLiteral("full"), {}, false},
            {QStringLiteral("full-secrets"), {QStringLiteral("--include-secrets")}, true},
            {QStringLiteral("minimal"), {QStringLiteral("--minimal")}, false},
            {QStringLiteral("minimal-secrets"), {QStringLiteral("--minimal"), QStringLiteral("--include-secrets")}, true},
        };
        for (const Variant &v : variants) {
            const QString file = m_tmp.filePath(v.name + QStringLiteral(".conf"));
            const CliResult r = CliRunner::run(QStringList{QStringLiteral("export"), QStringLiteral("redis-conf"), address,
                                                           QStringLiteral("--out"), file} + v.args,
                                               30000, e);
            QVERIFY2(r.exitCode == 0, qPrintable(v.name + QStringLiteral(": ") + r.err));
            const QByteArray bytes = TestEnv::readFile(file);
            const QString found = problems(bytes);
            QVERIFY2(found.isEmpty(), qPrintable(v.name + QStringLiteral(" does not validate clean:\n") + found));
            QVERIFY2(bytes.contains("notify-keyspace-events"), qPrintable(v.name));
            QVERIFY2(bytes.contains("maxmemory 128974848"), qPrintable(v.name));
            QVERIFY2(bytes.contains("user alice on #"), qPrintable(QString::fromUtf8(bytes)));
            QVERIFY(!bytes.contains(kAlicePass.toUtf8()));  // ACL passwords are hashes either way
            // A file with passwords in clear is its owner's only.
            const QFile::Permissions others = QFile::ReadGroup | QFile::ReadOther;
            QCOMPARE(bool(QFileInfo(file).permissions() & others), !v.secrets);
            if (v.secrets) {
                QVERIFY(bytes.contains(kRequirePass.toUtf8()) && bytes.contains(kMasterAuth.toUtf8()));
                QVERIFY2(r.err.contains(QLatin1String("passwords in clear")), qPrintable(r.err));
            } else {
                checkNoSecret(bytes, v.name);
                checkNoSecret(r.out.toUtf8() + r.err.toUtf8(), v.name + QStringLiteral(" output"));
                QVERIFY(bytes.contains("requirepass <hidden>") && bytes.contains("masterauth <hidden>"));
                QVERIFY2(r.err.contains(QLatin1String("<hidden>")), qPrintable(r.err));
            }
            if (v.name.startsWith(QLatin1String("minimal"))) {
                QVERIFY2(bytes.count('\n') < 80, qPrintable(QString::fromUtf8(bytes)));
                QVERIFY(bytes.contains("# Memory limit"));  // commented from the schema
                QVERIFY(bytes.contains("MEMORY MANAGEMENT"));  // grouped by section
                QVERIFY(!bytes.contains("tcp-backlog"));        // a default: left out
            }

            ServerProcess copy;
            quint16 port = 0;
            QString error;
            QVERIFY2(startFrom(file, &copy, &port, &error), qPrintable(v.name + QStringLiteral(": ") + error));
            const QString copyAddress = QStringLiteral("127.0.0.1:%1").arg(port);
            const QString copyPass = v.secrets ? kRequirePass : QStringLiteral("<hidden>");
            const BlockingRedis::ConfigMap copied = BlockingRedis::configAll(copyAddress, copyPass);
            QVERIFY2(!copied.isEmpty(), qPrintable(v.name));
            const QSet<QByteArray> secretSettings = v.secrets ? QSet<QByteArray>{} : QSet<QByteArray>{"requirepass", "masterauth"};
            const QString diff = behaviourDiff(original, copied, secretSettings);
            QVERIFY2(diff.isEmpty(), qPrintable(v.name + QStringLiteral(" runs differently:\n") + diff));
            // The ACL user came across with its password (as a hash).
            BlockingRedis alice(copyAddress);
            QCOMPARE(alice.call({"AUTH", "alice", kAlicePass.toUtf8()}).text, QByteArray("OK"));
        }

        const QByteArray audit = TestEnv::readFile(m_tmp.filePath(QStringLiteral("data/audit.jsonl")));
        checkNoSecret(audit, QStringLiteral("the audit log"));
        int exports = 0, withSecrets = 0;
        for (const QByteArray &line : audit.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("event")).toString() != QLatin1String("export"))
                continue;
            ++exports;
            withSecrets += o.value(QStringLiteral("secrets_included")).toBool() ? 1 : 0;
            QCOMPARE(o.value(QStringLiteral("sources")).toArray().first().toString(), address);
            QCOMPARE(o.value(QStringLiteral("files")).toArray().first().toObject().value(QStringLiteral("sha256")).toString().size(), 64);
        }
        QCOMPARE(exports, 4);
        QCOMPARE(withSecrets, 2);
    }

    void replicaExportNamesItsMaster()
    {
        ReplicationLab lab;
        QVERIFY2(lab.addMaster(QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY2(lab.addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(lab.errorString()));
        QVERIFY(lab.waitLinked());
        for (const QStringList &extra : {QStringList{}, QStringList{QStringLiteral("--minimal")}}) {
            const QString file = m_tmp.filePath(QStringLiteral("replica%1.conf").arg(extra.size()));
            const CliResult r = exportConf(QStringList{lab.address(QStringLiteral("r"))} + extra, file);
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            const QByteArray bytes = TestEnv::readFile(file);
            QVERIFY2(bytes.contains(QStringLiteral("\nreplicaof 127.0.0.1 %1\n").arg(lab.port(QStringLiteral("m"))).toUtf8()),
                     qPrintable(QString::fromUtf8(bytes)));
            const QString found = problems(bytes);
            QVERIFY2(found.isEmpty(), qPrintable(found));
        }
        // The master's export has no replicaof line at all.
        const QString file = m_tmp.filePath(QStringLiteral("master.conf"));
        QCOMPARE(exportConf({lab.address(QStringLiteral("m"))}, file).exitCode, 0);
        QVERIFY(!TestEnv::readFile(file).contains("\nreplicaof"));
    }

    void unreachableNodeExitsThree()
    {
        const QString file = m_tmp.filePath(QStringLiteral("nobody.conf"));
        const CliResult r = exportConf({QStringLiteral("127.0.0.1:%1").arg(TestEnv::freePort())}, file);
        QCOMPARE(r.exitCode, 3);
        QVERIFY(!QFile::exists(file));
    }

    void ownFileOverSsh()
    {
        if (!SshTestBed::requireBinaries())
            return;
        SshTestBed bed;
        QVERIFY2(bed.start(), qPrintable(bed.errorString()));
        const QString conf = m_tmp.filePath(QStringLiteral("own.conf"));
        TestEnv::writeFile(conf, "# Our cache node. Keep this comment.\n"
                                 "maxmemory 10mb\n"
                                 "# the policy we agreed on\n"
                                 "maxmemory-policy allkeys-lru\n"
                                 "requirepass " + kRequirePass.toUtf8() + "\n"
                                 "save 900 1\n");
        RedisServer node;
        node.setConfigFile(conf);
        QVERIFY2(bed.startRedis(&node, {QStringLiteral("--save"), QStringLiteral("900 1")}), qPrintable(bed.errorString()));
        // Run-time change the file does not know yet.
        QProcess cli;
        const QStringList prefix = bed.ns().execPrefix();
        cli.start(prefix.first(), prefix.mid(1) + QStringList{QStringLiteral("redis-cli"), QStringLiteral("-p"), QString::number(node.port()),
                                                             QStringLiteral("--no-auth-warning"), QStringLiteral("-a"), kRequirePass,
                                                             QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("maxmemory"),
                                                             QStringLiteral("20mb")});
        QVERIFY(cli.waitForFinished(10000));
        QCOMPARE(cli.readAllStandardOutput().trimmed(), QByteArray("OK"));

        QProcessEnvironment e = env();
        e.insert(QStringLiteral("REDISCLI_AUTH"), kRequirePass);
        const QString file = m_tmp.filePath(QStringLiteral("own-export.conf"));
        const CliResult r = CliRunner::run(
            {QStringLiteral("export"), QStringLiteral("redis-conf"), QStringLiteral("127.0.0.1:%1").arg(node.port()),
             QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(bed.sshPort()), QStringLiteral("--ssh-key"),
             bed.sshd().plainKeyFile(), QStringLiteral("--ssh-known-hosts"), bed.knownHostsFile(), QStringLiteral("--out"), file},
            60000, e);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(conf), qPrintable(r.err));  // says it used the node's own file
        const QByteArray bytes = TestEnv::readFile(file);
        checkNoSecret(bytes, QStringLiteral("the SSH export"));
        // Comments and order kept, the running value in place of the file's.
        const qsizetype comment = bytes.indexOf("# Our cache node. Keep this comment.\nmaxmemory 20971520\n# the policy we agreed on\n");
        QVERIFY2(comment >= 0, qPrintable(QString::fromUtf8(bytes)));
        QVERIFY(bytes.contains("requirepass <hidden>\n"));
        const QString found = problems(bytes);
        QVERIFY2(found.isEmpty(), qPrintable(found));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestExportRedisConf)
#include "tst_exportredisconf.moc"
