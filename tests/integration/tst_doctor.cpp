// tandemctl doctor as an operator runs it: redis-server nodes inside a network namespace
// behind a real sshd (SshTestBed), the host checks and the log read over that SSH session.
#include "CliRunner.h"
#include "RedisServer.h"
#include "SshServer.h"
#include "SshTestBed.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class TestDoctor : public QObject
{
    Q_OBJECT

private:
    SshTestBed m_bed;
    QTemporaryDir m_data;

    static QString node(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }

    QStringList viaSsh() const
    {
        return {QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(m_bed.sshPort()),
                QStringLiteral("--ssh-key"), m_bed.sshd().plainKeyFile(),
                QStringLiteral("--ssh-known-hosts"), m_bed.knownHostsFile()};
    }

    CliResult run(const QStringList &args) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TANDEM_DATA_DIR"), m_data.path());
        const CliResult r = CliRunner::run(args + viaSsh(), 60000, env);
        qInfo("tandemctl %s -> %d\n%s\n%s", qPrintable(args.join(QLatin1Char(' '))), r.exitCode,
              qPrintable(r.out.left(3000)), qPrintable(r.err.trimmed().left(2000)));
        return r;
    }

    static QJsonArray findings(const CliResult &r)
    {
        return QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("doctor")).toObject()
            .value(QStringLiteral("findings")).toArray();
    }

    static QJsonObject finding(const QJsonArray &list, const QString &code, const QString &nodeAddress)
    {
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("code")).toString() == code
                && o.value(QStringLiteral("node")).toString() == nodeAddress)
                return o;
        }
        return {};
    }

    static bool waitFor(const std::function<bool()> &condition, int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (!condition()) {
            if (t.elapsed() > timeoutMs)
                return false;
            QTest::qWait(100);
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        QVERIFY(m_data.isValid());
        if (!SshTestBed::requireBinaries())
            return;
        QVERIFY2(m_bed.start(), qPrintable(m_bed.errorString()));
    }

    void cleanupTestCase() { m_bed.stop(); }

    void reportsThisMachinesOvercommit()
    {
        const QByteArray value = TestEnv::readFile(QStringLiteral("/proc/sys/vm/overcommit_memory")).trimmed();
        QVERIFY2(value == "0" || value == "1" || value == "2", value.constData());
        const QString target = node(m_bed.redis().port());
        const CliResult r = run({QStringLiteral("doctor"), target, QStringLiteral("--json"), QStringLiteral("--sample"),
                                 QStringLiteral("0")});
        const QJsonObject doctor = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("doctor")).toObject();
        QCOMPARE(doctor.value(QStringLiteral("checked")).toObject().value(target).toArray(),
                 (QJsonArray{QStringLiteral("server"), QStringLiteral("host"), QStringLiteral("log")}));
        const QJsonObject overcommit = finding(findings(r), QStringLiteral("overcommit-memory"), target);
        if (value == "1") {
            QVERIFY(overcommit.isEmpty());
            return;
        }
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(overcommit.value(QStringLiteral("evidence")).toString(),
                 QStringLiteral("vm.overcommit_memory = ") + QString::fromLatin1(value));
        QCOMPARE(overcommit.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1"));
        const QJsonArray steps = overcommit.value(QStringLiteral("fix_plan")).toObject().value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), 1);
        QVERIFY(steps.first().toObject().value(QStringLiteral("commands")).toArray().first().toString()
                    .contains(QLatin1String("sysctl -w 'vm.overcommit_memory=1'")));

        // The fix reviewed only: --dry-run prints the sysctl plan and the kernel keeps its value.
        const CliResult dry = run({QStringLiteral("doctor"), target, QStringLiteral("--sample"), QStringLiteral("0"),
                                   QStringLiteral("--fix"), QStringLiteral("overcommit-memory"), QStringLiteral("--dry-run")});
        QCOMPARE(dry.exitCode, 0);
        QVERIFY2(dry.out.contains(QLatin1String("/etc/sysctl.d/60-tandem-vm.overcommit_memory.conf")), qPrintable(dry.out));
        QVERIFY(dry.out.contains(QLatin1String("Dry run: nothing was changed.")));
        QCOMPARE(TestEnv::readFile(QStringLiteral("/proc/sys/vm/overcommit_memory")).trimmed(), value);
    }

    void replicaWithoutMasterAuthGetsNoauthAndItsFix()
    {
        RedisServer master;
        QVERIFY2(m_bed.startRedis(&master, {QStringLiteral("--requirepass"), QStringLiteral("s3cret-pw")}),
                 qPrintable(m_bed.errorString()));
        RedisServer replica;
        QVERIFY2(m_bed.startRedis(&replica, {QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"),
                                             QString::number(master.port())}),
                 qPrintable(m_bed.errorString()));
        const QString noauth = QStringLiteral("MASTER aborted replication with an error: NOAUTH");
        QVERIFY2(waitFor([&] { return replica.log().contains(noauth); }, 15000), qPrintable(replica.log()));

        const QString r = node(replica.port());
        const QString m = QStringLiteral("redis://:s3cret-pw@127.0.0.1:%1").arg(master.port());
        const CliResult before = run({QStringLiteral("doctor"), r, m, QStringLiteral("--json"), QStringLiteral("--sample"),
                                      QStringLiteral("0")});
        QCOMPARE(before.exitCode, 1);
        const QJsonObject f = finding(findings(before), QStringLiteral("replica-noauth"), r);
        QVERIFY2(!f.isEmpty(), qPrintable(before.out));
        QCOMPARE(f.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
        // The evidence is the replica's own log line (the abort or the PSYNC reply before it).
        const QString evidence = f.value(QStringLiteral("evidence")).toString();
        const QString line = evidence.section(QStringLiteral(" ("), 0, 0);
        QVERIFY2(line.contains(QLatin1String("NOAUTH Authentication required.")) && replica.log().contains(line),
                 qPrintable(evidence));
        QVERIFY(f.value(QStringLiteral("fix")).toString().contains(QLatin1String("masterauth")));
        const QJsonObject plan = f.value(QStringLiteral("fix_plan")).toObject();
        QVERIFY2(QJsonDocument(plan).toJson().contains("CONFIG SET masterauth <hidden>"), QJsonDocument(plan).toJson().constData());
        QVERIFY(!before.out.contains(QLatin1String("s3cret-pw")));
        QVERIFY(!finding(findings(before), QStringLiteral("replica-link-down"), r).isEmpty());

        // Running the fix links the replica; the doctor then has nothing to say about its link.
        const CliResult fix = run({QStringLiteral("doctor"), r, m, QStringLiteral("--sample"), QStringLiteral("0"),
                                   QStringLiteral("--fix"), QStringLiteral("replica-noauth"), QStringLiteral("--yes")});
        QCOMPARE(fix.exitCode, 0);
        QVERIFY2(fix.out.contains(QLatin1String("Outcome: succeeded")), qPrintable(fix.out));
        QVERIFY(waitFor([&] { return replica.log().contains(QLatin1String("MASTER <-> REPLICA sync: Finished with success")); },
                        10000));
        const CliResult after = run({QStringLiteral("doctor"), r, QStringLiteral("--json"), QStringLiteral("--sample"),
                                     QStringLiteral("0")});
        for (const QString &code : {QStringLiteral("replica-noauth"), QStringLiteral("replica-link-down"),
                                    QStringLiteral("replica-masterauth")})
            QVERIFY2(finding(findings(after), code, r).isEmpty(), qPrintable(code));
        const QByteArray audit = TestEnv::readFile(m_data.filePath(QStringLiteral("audit.jsonl")));
        QVERIFY2(audit.contains("doctor-fix"), audit.constData());
        QVERIFY(!audit.contains("s3cret-pw"));
    }

    void wrongMasterAuthShowsInTheLogAndTheMastersAclLog()
    {
        RedisServer master;
        QVERIFY2(m_bed.startRedis(&master, {QStringLiteral("--requirepass"), QStringLiteral("right-pw")}),
                 qPrintable(m_bed.errorString()));
        RedisServer replica;
        QVERIFY2(m_bed.startRedis(&replica, {QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"),
                                             QString::number(master.port()), QStringLiteral("--masterauth"),
                                             QStringLiteral("wrong-pw")}),
                 qPrintable(m_bed.errorString()));
        const QString wrongpass = QStringLiteral("Unable to AUTH to MASTER: -WRONGPASS");
        QVERIFY2(waitFor([&] { return replica.log().contains(wrongpass); }, 15000), qPrintable(replica.log()));

        const QString r = node(replica.port());
        const QString m = node(master.port());
        const CliResult result = run({QStringLiteral("doctor"), r, QStringLiteral("redis://:right-pw@") + m,
                                      QStringLiteral("--json"), QStringLiteral("--sample"), QStringLiteral("0")});
        QCOMPARE(result.exitCode, 1);
        const QJsonObject onReplica = finding(findings(result), QStringLiteral("replica-wrongpass"), r);
        QVERIFY2(onReplica.value(QStringLiteral("evidence")).toString().contains(wrongpass), qPrintable(result.out));
        QVERIFY(onReplica.contains(QStringLiteral("fix_plan")));
        // The master logs nothing for a failed AUTH: its ACL LOG does.
        const QJsonObject onMaster = finding(findings(result), QStringLiteral("acl-auth-failures"), m);
        QVERIFY2(onMaster.value(QStringLiteral("evidence")).toString().contains(QLatin1String("failed AUTH, latest user 'default'")),
                 qPrintable(result.out));
        QVERIFY(!result.out.contains(QLatin1String("right-pw")) && !result.out.contains(QLatin1String("wrong-pw")));
    }

    void exitCodesForHealthyAndUnreachable()
    {
        // Without SSH only the server is checked: a fresh redis-server has nothing to report.
        RedisServer plain;
        QVERIFY2(plain.start(), qPrintable(plain.errorString()));
        CliResult r = CliRunner::run({QStringLiteral("doctor"), node(plain.port()), QStringLiteral("--sample"),
                                      QStringLiteral("0")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QLatin1String("Healthy: no findings on 1 node(s).")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("No SSH host")));
        const quint16 closed = TestEnv::freePort();
        r = CliRunner::run({QStringLiteral("doctor"), node(closed), QStringLiteral("--timeout"), QStringLiteral("2")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.out.contains(node(closed) + QStringLiteral(": unreachable")), qPrintable(r.out));
    }

    void somaxconnFixRunsSysctlOverSsh()
    {
        // net.core.somaxconn belongs to the network namespace the bed's sshd and servers live
        // in: the fix changes it there only. Its /etc/sysctl.d file is removed afterwards.
        RedisServer server;
        QVERIFY2(m_bed.startRedis(&server, {QStringLiteral("--tcp-backlog"), QStringLiteral("8192")}),
                 qPrintable(m_bed.errorString()));
        const QString target = node(server.port());
        QVERIFY2(server.log().contains(QLatin1String("cannot be enforced because /proc/sys/net/core/somaxconn")),
                 qPrintable(server.log()));
        const QString conf = QStringLiteral("/etc/sysctl.d/60-tandem-net.core.somaxconn.conf");
        const bool existed = QFile::exists(conf);
        const QByteArray hostValue = TestEnv::readFile(QStringLiteral("/proc/sys/net/core/somaxconn"));
        const CliResult fix = run({QStringLiteral("doctor"), target, QStringLiteral("--sample"), QStringLiteral("0"),
                                   QStringLiteral("--fix"), QStringLiteral("somaxconn"), QStringLiteral("--yes")});
        const QByteArray written = TestEnv::readFile(conf);
        if (!existed)
            QFile::remove(conf);
        QCOMPARE(fix.exitCode, 0);
        QVERIFY2(fix.out.contains(QLatin1String("Outcome: succeeded")), qPrintable(fix.out));
        QVERIFY2(fix.err.contains(QLatin1String("now 8192")), qPrintable(fix.err));
        QCOMPARE(written, QByteArray("net.core.somaxconn = 8192\n"));
        const CliResult after = run({QStringLiteral("doctor"), target, QStringLiteral("--json"), QStringLiteral("--sample"),
                                     QStringLiteral("0")});
        const QJsonObject f = finding(findings(after), QStringLiteral("somaxconn"), target);
        // The host value is fixed; the start-up warning stays in the log until a restart.
        QVERIFY2(f.value(QStringLiteral("host")).toString().isEmpty(), qPrintable(after.out));
        QCOMPARE(TestEnv::readFile(QStringLiteral("/proc/sys/net/core/somaxconn")), hostValue);  // only the namespace's
        const QByteArray audit = TestEnv::readFile(m_data.filePath(QStringLiteral("audit.jsonl")));
        QVERIFY2(audit.contains("sysctl -w"), audit.constData());
    }
};

TANDEM_TEST_GUILESS_MAIN(TestDoctor)
#include "tst_doctor.moc"
