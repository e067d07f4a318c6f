// `tandemctl export sentinel` judged by the only judge that matters: three real redis-sentinels
// started from the exported files find the master, its replicas and each other, and fail over
// when asked. Without --include-secrets no password byte leaves Tandem; TLS groups get TLS
// sentinels that work.
#include "ClientProbe.h"
#include "CliRunner.h"
#include "ReplicationLab.h"
#include "ServerProcess.h"
#include "TestEnv.h"
#include "TestPki.h"
#include "TestRegistry.h"

#include "info/InfoParser.h"
#include "net/RespClient.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>
#include <vector>

namespace {

// A redis-sentinel started from an exported file, copied into a directory of its own
// (Sentinel rewrites its file). Only the log file and the loopback bind come from the test.
class ExportedSentinel
{
public:
    bool start(const QString &exportedFile, quint16 port)
    {
        m_port = port;
        const QString conf = m_dir.filePath(QStringLiteral("sentinel.conf"));
        if (!QFile::copy(exportedFile, conf)) {
            m_error = QStringLiteral("cannot copy ") + exportedFile;
            return false;
        }
        QFile::setPermissions(conf, QFile::ReadOwner | QFile::WriteOwner);
        const QString log = m_dir.filePath(QStringLiteral("sentinel.log"));
        return m_process.start({TestEnv::findBinary(QStringLiteral("redis-sentinel")), conf, QStringLiteral("--bind"),
                                QStringLiteral("127.0.0.1"), QStringLiteral("--logfile"), log},
                               [log] { return QString::fromUtf8(TestEnv::readFile(log)); }, QStringLiteral("+monitor master"),
                               QStringLiteral("redis-sentinel"), 15000, &m_error);
    }
    quint16 port() const { return m_port; }
    QString log() const { return QString::fromUtf8(TestEnv::readFile(m_dir.filePath(QStringLiteral("sentinel.log")))); }
    QString errorString() const { return m_error; }

private:
    QTemporaryDir m_dir;
    ServerProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace

class tst_ExportSentinel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exportedSentinelsWatchAndFailOver();
    void noSecretsWithoutIncludeSecrets();
    void tlsGroupGetsWorkingTlsSentinel();
    void hostNamedMasterIsResolved();
    void aclUserSentinel();
    void usageAndUnreachable();

private:
    static const QString kPassword;

    QProcessEnvironment env() const { return CliRunner::withDataDir(m_tmp.filePath(QStringLiteral("data"))); }
    static QString show(const CliResult &r) { return CliRunner::describe(r); }
    static QList<quint16> distinctFreePorts(int count)
    {
        QList<quint16> ports;
        while (ports.size() < count) {
            const quint16 p = TestEnv::freePort();
            if (!ports.contains(p))
                ports.append(p);
        }
        return ports;
    }
    // One command on a fresh connection (Sentinel kills normal clients when it reconfigures).
    static RespResult call(ConnectionProfile profile, const QByteArrayList &args)
    {
        profile.connectTimeoutMs = 2000;
        profile.commandTimeoutMs = 2000;
        RespClient client(profile);
        if (ClientProbe::connect(&client, 3000).isError())
            return {};
        return ClientProbe::call(&client, args, 3000);
    }
    static ConnectionProfile at(quint16 port, const QString &password = {}, const TlsOptions &tls = {})
    {
        ConnectionProfile p;
        p.port = port;
        p.password = password;
        p.tls = tls;
        return p;
    }
    // SENTINEL MASTER's fields as a map.
    static QHash<QByteArray, QByteArray> sentinelMaster(const ConnectionProfile &sentinel)
    {
        QHash<QByteArray, QByteArray> fields;
        const RespResult r = call(sentinel, {"SENTINEL", "MASTER", "mymaster"});
        const QList<RespValue> e = r.value.elements();
        for (qsizetype i = 0; i + 1 < e.size(); i += 2)
            fields.insert(e.at(i).bytes(), e.at(i + 1).bytes());
        return fields;
    }
    static QByteArray masterAddrOf(const ConnectionProfile &sentinel)
    {
        const RespResult r = call(sentinel, {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"});
        const QList<RespValue> e = r.value.elements();
        return e.size() == 2 ? e.at(0).bytes() + ':' + e.at(1).bytes() : QByteArray();
    }
    static bool waitFor(const std::function<QString()> &notYet, int timeoutMs, QString *why)
    {
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            *why = notYet();
            if (why->isEmpty())
                return true;
            if (deadline.hasExpired())
                return false;
            QTest::qWait(200);
        }
    }
    // What is not yet true of `sentinels` watching `master` with `replicas` replicas ("" = all is).
    static QString notWatching(const QList<ConnectionProfile> &sentinels, quint16 master, int replicas,
                               const QByteArray &host = "127.0.0.1")
    {
        const QByteArray expected = host + ':' + QByteArray::number(master);
        for (const ConnectionProfile &s : sentinels) {
            const QByteArray addr = masterAddrOf(s);
            if (addr != expected)
                return QStringLiteral("sentinel %1 reports master '%2'").arg(s.port).arg(QString::fromUtf8(addr));
            const auto fields = sentinelMaster(s);
            if (fields.value("num-slaves").toInt() != replicas)
                return QStringLiteral("sentinel %1 sees %2 replicas").arg(s.port).arg(QString::fromUtf8(fields.value("num-slaves")));
            if (fields.value("num-other-sentinels").toInt() != int(sentinels.size()) - 1)
                return QStringLiteral("sentinel %1 sees %2 other sentinels")
                    .arg(s.port).arg(QString::fromUtf8(fields.value("num-other-sentinels")));
            const QByteArray flags = fields.value("flags");
            if (flags != "master")
                return QStringLiteral("sentinel %1 flags the master %2").arg(s.port).arg(QString::fromUtf8(flags));
        }
        return {};
    }
    static QStringList filesIn(const QString &dir)
    {
        QStringList out;
        for (const QString &name : QDir(dir).entryList(QDir::Files, QDir::Name))
            out.append(QDir(dir).filePath(name));
        return out;
    }

    QTemporaryDir m_tmp;
};

const QString tst_ExportSentinel::kPassword = QStringLiteral("Exp0rt-Sentinel-pw");

void tst_ExportSentinel::initTestCase()
{
    QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-sentinel"), QStringLiteral("redis-sentinel")).isEmpty());
}

void tst_ExportSentinel::exportedSentinelsWatchAndFailOver()
{
    ReplicationLab lab;
    lab.setPassword(kPassword);
    QVERIFY2(lab.addMaster(QStringLiteral("master")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r1"), QStringLiteral("master")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r2"), QStringLiteral("master")), qPrintable(lab.errorString()));
    QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));

    const QList<quint16> ports = distinctFreePorts(3);
    const QString out = m_tmp.filePath(QStringLiteral("with-secrets"));
    QStringList args{QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--seed"), lab.address(QStringLiteral("master")),
                     QStringLiteral("-a"), kPassword, QStringLiteral("--down-after"), QStringLiteral("2000"),
                     QStringLiteral("--failover-timeout"), QStringLiteral("10000"), QStringLiteral("--include-secrets"),
                     QStringLiteral("--out"), out};
    for (const quint16 p : ports)
        args << QStringLiteral("--sentinel") << QStringLiteral("127.0.0.1:%1").arg(p);
    const CliResult r = CliRunner::run(args, 60000, env());
    QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
    QVERIFY2(r.err.contains(QStringLiteral("contain the group's password")), qPrintable(show(r)));
    const QStringList files = filesIn(out);
    QCOMPARE(files.size(), 3);
    for (const quint16 p : ports) {
        const QString file = QDir(out).filePath(QStringLiteral("sentinel-127.0.0.1-%1.conf").arg(p));
        QVERIFY2(files.contains(file), qPrintable(files.join(QLatin1Char(' '))));
        QVERIFY2(r.out.contains(QStringLiteral("wrote ") + file), qPrintable(r.out));
        QVERIFY(TestEnv::readFile(file).contains(QByteArray("sentinel auth-pass mymaster " + kPassword.toUtf8())));
    }
    // The audit log says what left, without the content.
    const CliResult audit = CliRunner::run({QStringLiteral("audit"), QStringLiteral("--json")}, 30000, env());
    QVERIFY2(audit.out.contains(QStringLiteral("sentinel.conf")), qPrintable(show(audit)));
    QVERIFY(!audit.out.contains(kPassword));

    std::vector<std::unique_ptr<ExportedSentinel>> sentinels;
    QList<ConnectionProfile> sentinelProfiles;
    for (const quint16 p : ports) {
        auto s = std::make_unique<ExportedSentinel>();
        QVERIFY2(s->start(QDir(out).filePath(QStringLiteral("sentinel-127.0.0.1-%1.conf").arg(p)), p), qPrintable(s->errorString()));
        sentinels.push_back(std::move(s));
        sentinelProfiles.append(at(p));
    }
    QString why;
    QElapsedTimer clock;
    clock.start();
    const auto logs = [&sentinels] {
        QString all;
        for (const auto &s : sentinels)
            all += QStringLiteral("--- sentinel %1:\n").arg(s->port()) + s->log();
        return all;
    };
    QVERIFY2(waitFor([&] { return notWatching(sentinelProfiles, lab.port(QStringLiteral("master")), 2); }, 40000, &why),
             qPrintable(why + QStringLiteral("\n") + logs()));
    const qint64 watchingMs = clock.restart();

    const RespResult failover = call(sentinelProfiles.first(), {"SENTINEL", "FAILOVER", "mymaster"});
    QVERIFY2(failover.ok() && failover.value.bytes() == "OK", qPrintable(failover.errorText()));
    quint16 promoted = 0;
    QVERIFY2(waitFor([&] {
        for (const QString &name : {QStringLiteral("r1"), QStringLiteral("r2")}) {
            const RespResult role = call(at(lab.port(name), kPassword), {"ROLE"});
            if (!role.value.elements().isEmpty() && role.value.elements().first().bytes() == "master") {
                promoted = lab.port(name);
                return QString();
            }
        }
        return QStringLiteral("no former replica is master yet");
    }, 30000, &why), qPrintable(why + QStringLiteral("\n") + logs()));
    QVERIFY2(waitFor([&] {
        const QByteArray expected = "127.0.0.1:" + QByteArray::number(promoted);
        for (const ConnectionProfile &s : std::as_const(sentinelProfiles)) {
            if (masterAddrOf(s) != expected)
                return QStringLiteral("sentinel %1 still reports %2").arg(s.port).arg(QString::fromUtf8(masterAddrOf(s)));
        }
        return QString();
    }, 30000, &why), qPrintable(why));
    qInfo("sentinels agreed on the master and each other after %lld ms; failover seen by all after %lld ms",
          watchingMs, clock.elapsed());
}

void tst_ExportSentinel::noSecretsWithoutIncludeSecrets()
{
    ReplicationLab lab;
    lab.setPassword(kPassword);
    QVERIFY2(lab.addMaster(QStringLiteral("master")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r1"), QStringLiteral("master")), qPrintable(lab.errorString()));
    QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));

    const QString out = m_tmp.filePath(QStringLiteral("placeholders"));
    const CliResult r = CliRunner::run({QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--seed"),
                                        lab.address(QStringLiteral("r1")), QStringLiteral("-a"), kPassword, QStringLiteral("--out"), out},
                                       60000, env());
    QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
    QVERIFY(!r.out.contains(kPassword) && !r.err.contains(kPassword));
    // One host: three sentinels on it, and the operator is told.
    QVERIFY2(r.err.contains(QStringLiteral("1 host(s)")), qPrintable(show(r)));
    QVERIFY2(r.err.contains(QStringLiteral("placeholder")), qPrintable(show(r)));
    const QStringList files = filesIn(out);
    QCOMPARE(files, (QStringList{QDir(out).filePath(QStringLiteral("sentinel-127.0.0.1-26379.conf")),
                                 QDir(out).filePath(QStringLiteral("sentinel-127.0.0.1-26380.conf")),
                                 QDir(out).filePath(QStringLiteral("sentinel-127.0.0.1-26381.conf"))}));
    for (const QString &file : files) {
        const QByteArray bytes = TestEnv::readFile(file);
        QVERIFY2(!bytes.contains(kPassword.toUtf8()), qPrintable(file));
        QVERIFY2(bytes.contains("sentinel auth-pass mymaster <hidden>"), bytes.constData());
        // The master, wherever the seed was.
        QVERIFY2(bytes.contains(QByteArray("sentinel monitor mymaster 127.0.0.1 " + QByteArray::number(lab.port(QStringLiteral("master"))) + " 2")),
                 bytes.constData());
        for (const char *state : {"myid", "known-", "epoch"})
            QVERIFY2(!bytes.contains(state), state);
    }
}

void tst_ExportSentinel::tlsGroupGetsWorkingTlsSentinel()
{
    TestPki pki;
    QVERIFY2(pki.create(), qPrintable(pki.errorString()));
    RedisServer master, r1, r2;
    for (RedisServer *s : {&master, &r1, &r2})
        s->setTls(pki.serverCert(), pki.serverKey(), pki.caFile(), false);
    const QStringList fast{QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0")};
    QVERIFY2(master.start(fast), qPrintable(master.errorString()));
    const QStringList replica = fast + QStringList{QStringLiteral("--tls-replication"), QStringLiteral("yes"),
                                                   QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"),
                                                   QString::number(master.port())};
    QVERIFY2(r1.start(replica), qPrintable(r1.errorString()));
    QVERIFY2(r2.start(replica), qPrintable(r2.errorString()));
    TlsOptions tls;
    tls.enabled = true;
    tls.caFile = pki.caFile();
    QString why;
    QVERIFY2(waitFor([&] {
        for (const RedisServer *s : {&r1, &r2}) {
            const RespResult info = call(at(s->port(), {}, tls), {"INFO", "replication"});
            if (InfoParser::parse(info.value.bytes()).masterLinkStatus != QLatin1String("up"))
                return QStringLiteral("%1 not linked: %2").arg(s->port()).arg(info.errorText());
        }
        return QString();
    }, 20000, &why), qPrintable(why));

    const quint16 port = TestEnv::freePort();
    const QString out = m_tmp.filePath(QStringLiteral("tls"));
    const CliResult r = CliRunner::run({QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--seed"),
                                        QStringLiteral("127.0.0.1:%1").arg(master.port()), QStringLiteral("--tls"),
                                        QStringLiteral("--cacert"), pki.caFile(), QStringLiteral("--sentinel"),
                                        QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--out"), out},
                                       60000, env());
    QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
    const QString file = QDir(out).filePath(QStringLiteral("sentinel-127.0.0.1-%1.conf").arg(port));
    const QByteArray bytes = TestEnv::readFile(file);
    QVERIFY2(bytes.contains("\nport 0\n"), bytes.constData());
    QVERIFY2(bytes.contains(QByteArray("\ntls-port " + QByteArray::number(port) + "\n")), bytes.constData());
    QVERIFY2(bytes.contains("\ntls-replication yes\n"), bytes.constData());
    QVERIFY2(bytes.contains(QByteArray("\ntls-cert-file " + pki.serverCert().toUtf8() + "\n")), bytes.constData());
    QVERIFY2(bytes.contains(QByteArray("\ntls-ca-cert-file " + pki.caFile().toUtf8() + "\n")), bytes.constData());
    QVERIFY2(bytes.contains("\ntls-auth-clients no\n"), bytes.constData());

    ExportedSentinel sentinel;
    QVERIFY2(sentinel.start(file, port), qPrintable(sentinel.errorString()));
    QVERIFY2(waitFor([&] { return notWatching({at(port, {}, tls)}, master.port(), 2); }, 40000, &why),
             qPrintable(why + QStringLiteral("\n") + sentinel.log()));
    // Its plain port is closed: it speaks only TLS.
    QVERIFY(call(at(port), {"PING"}).value.bytes() != "PONG");
}

// A master reached as "localhost": the sentinel must resolve (and announce) host names, or it
// refuses the monitor line.
void tst_ExportSentinel::hostNamedMasterIsResolved()
{
    // "localhost" is 127.0.0.1 or ::1 depending on /etc/hosts (Debian lists both): the nodes
    // listen on both loopbacks (::1 where the machine has it) so the sentinel reaches them
    // whichever it resolves.
    const QStringList bothLoopbacks{QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("-::1")};
    ReplicationLab lab;
    QVERIFY2(lab.addMaster(QStringLiteral("master"), bothLoopbacks), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r1"), QStringLiteral("master"), bothLoopbacks), qPrintable(lab.errorString()));
    QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));
    const quint16 port = TestEnv::freePort();
    const QString out = m_tmp.filePath(QStringLiteral("hostname"));
    const CliResult r = CliRunner::run({QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--seed"),
                                        QStringLiteral("localhost:%1").arg(lab.port(QStringLiteral("master"))),
                                        QStringLiteral("--sentinel"), QStringLiteral("127.0.0.1:%1").arg(port),
                                        QStringLiteral("--out"), out},
                                       60000, env());
    QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
    const QString file = QDir(out).filePath(QStringLiteral("sentinel-127.0.0.1-%1.conf").arg(port));
    const QByteArray bytes = TestEnv::readFile(file);
    QVERIFY2(bytes.contains("\nsentinel resolve-hostnames yes\n"), bytes.constData());
    QVERIFY2(bytes.contains("\nsentinel announce-hostnames yes\n"), bytes.constData());
    QVERIFY2(bytes.contains("\nsentinel monitor mymaster localhost "), bytes.constData());

    ExportedSentinel sentinel;
    QVERIFY2(sentinel.start(file, port), qPrintable(sentinel.errorString()));
    QString why;
    QVERIFY2(waitFor([&] { return notWatching({at(port)}, lab.port(QStringLiteral("master")), 1, "localhost"); }, 40000, &why),
             qPrintable(why + QStringLiteral("\n") + sentinel.log()));
}

// Tandem logs in as an ACL user with only what a sentinel needs (plus what the export reads):
// the file carries auth-user, and the sentinel started from it watches the whole group.
void tst_ExportSentinel::aclUserSentinel()
{
    ReplicationLab lab;
    lab.setPassword(kPassword);  // replication still uses the default user
    QVERIFY2(lab.addMaster(QStringLiteral("master")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r1"), QStringLiteral("master")), qPrintable(lab.errorString()));
    QVERIFY2(lab.addReplica(QStringLiteral("r2"), QStringLiteral("master")), qPrintable(lab.errorString()));
    QVERIFY2(lab.waitLinked(), qPrintable(lab.errorString()));
    const QByteArray watcherPassword = "watcher-Pw-9";
    for (const QString &node : lab.names()) {
        const RespResult set = call(at(lab.port(node), kPassword),
                                    {"ACL", "SETUSER", "watcher", "on", ">" + watcherPassword, "allchannels", "+multi",
                                     "+slaveof", "+ping", "+exec", "+subscribe", "+config|rewrite", "+role", "+publish",
                                     "+info", "+client|setname", "+client|kill", "+script|kill", "+config|get", "+acl|list"});
        QVERIFY2(set.ok(), qPrintable(set.errorText()));
    }
    const quint16 port = TestEnv::freePort();
    const QString out = m_tmp.filePath(QStringLiteral("acl-user"));
    const CliResult r = CliRunner::run({QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--seed"),
                                        lab.address(QStringLiteral("master")), QStringLiteral("--user"), QStringLiteral("watcher"),
                                        QStringLiteral("-a"), QString::fromUtf8(watcherPassword), QStringLiteral("--include-secrets"),
                                        QStringLiteral("--sentinel"), QStringLiteral("127.0.0.1:%1").arg(port),
                                        QStringLiteral("--out"), out},
                                       60000, env());
    QVERIFY2(r.exitCode == 0, qPrintable(show(r)));
    QVERIFY2(r.err.contains(QStringLiteral("ACL user 'watcher'")), qPrintable(show(r)));
    const QString file = QDir(out).filePath(QStringLiteral("sentinel-127.0.0.1-%1.conf").arg(port));
    const QByteArray bytes = TestEnv::readFile(file);
    QVERIFY2(bytes.contains("\nsentinel auth-user mymaster watcher\n"), bytes.constData());
    QVERIFY2(bytes.contains(QByteArray("\nsentinel auth-pass mymaster " + watcherPassword + "\n")), bytes.constData());

    ExportedSentinel sentinel;
    QVERIFY2(sentinel.start(file, port), qPrintable(sentinel.errorString()));
    QString why;
    QVERIFY2(waitFor([&] { return notWatching({at(port)}, lab.port(QStringLiteral("master")), 2); }, 40000, &why),
             qPrintable(why + QStringLiteral("\n") + sentinel.log()));
}

void tst_ExportSentinel::usageAndUnreachable()
{
    const QString out = m_tmp.filePath(QStringLiteral("never"));
    const QString dead = QStringLiteral("127.0.0.1:%1").arg(TestEnv::freePort());
    const QList<QPair<QStringList, int>> cases{
        {{QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--seed"), dead}, 2},  // no --out
        {{QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--out"), out}, 2},   // no --seed
        {{QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--seed"), dead, QStringLiteral("--quorum"),
          QStringLiteral("many"), QStringLiteral("--out"), out}, 2},
        {{QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--seed"), dead, QStringLiteral("--name"),
          QStringLiteral("a b"), QStringLiteral("--out"), out}, 2},
        {{QStringLiteral("export"), QStringLiteral("sentinel"), QStringLiteral("--seed"), dead, QStringLiteral("--out"), out}, 3},
        {{QStringLiteral("export"), QStringLiteral("acl"), QStringLiteral("--seed"), dead}, 3},
    };
    for (const auto &[args, code] : cases) {
        const CliResult r = CliRunner::run(args, 30000, env());
        QVERIFY2(r.exitCode == code, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral("\n") + show(r)));
    }
    QVERIFY(!QFileInfo::exists(out));
}

TANDEM_TEST_GUILESS_MAIN(tst_ExportSentinel)
#include "tst_exportsentinel.moc"
