// tandemctl through SSH as an operator uses it: the built binary, exit codes and messages,
// against redis-server nodes that only exist inside a network namespace behind a real sshd.
#include "CliRunner.h"
#include "RedisServer.h"
#include "SshServer.h"
#include "SshTestBed.h"
#include "TestEnv.h"
#include "TestPki.h"
#include "TestRegistry.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

class TestTandemctlSsh : public QObject
{
    Q_OBJECT

private:
    SshTestBed m_bed;

    static QString node(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }

    // --ssh and friends for the bed's sshd, trusted through the bed's known_hosts.
    QStringList viaSsh(const QString &keyFile = {}) const
    {
        return {QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(m_bed.sshPort()),
                QStringLiteral("--ssh-key"), keyFile.isEmpty() ? m_bed.sshd().plainKeyFile() : keyFile,
                QStringLiteral("--ssh-known-hosts"), m_bed.knownHostsFile()};
    }

    static CliResult run(const QStringList &args)
    {
        const CliResult r = CliRunner::run(args);
        qInfo("tandemctl %s -> %d\n%s", qPrintable(args.first()), r.exitCode, qPrintable(r.err.trimmed()));
        return r;
    }

    static QByteArray contents(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
    }

    // The fingerprint as an operator would check it: `ssh-keygen -lf` on the server's key.
    static QString keygenFingerprint(const SshServer &server)
    {
        QString output;
        if (TestEnv::run(TestEnv::findBinary(QStringLiteral("ssh-keygen")),
                         {QStringLiteral("-lf"), server.hostPublicKeyFile()}, &output)
            != 0)
            return {};
        return output.split(QLatin1Char(' '), Qt::SkipEmptyParts).value(1);
    }

    static QString redisVersion()
    {
        QString version;
        TestEnv::run(TestEnv::findBinary(QStringLiteral("redis-server")), {QStringLiteral("--version")}, &version);
        return QRegularExpression(QStringLiteral("v=([0-9.]+)")).match(version).captured(1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        if (!SshTestBed::requireBinaries())
            return;
        QVERIFY2(m_bed.start(), qPrintable(m_bed.errorString()));
    }

    void cleanupTestCase() { m_bed.stop(); }

    void nodeIsOnlyReachableThroughSsh()
    {
        const QString target = node(m_bed.redis().port());
        CliResult r = run({QStringLiteral("ping"), target, QStringLiteral("--timeout"), QStringLiteral("2")});
        QCOMPARE(r.exitCode, 3);
        r = run(QStringList{QStringLiteral("ping"), target} + viaSsh());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QLatin1String("PONG")), qPrintable(r.out));
    }

    void hostKeyIsTrustedOnFirstUseOnly()
    {
        SshServer sshd;  // its own server: its host key changes below
        quint16 sshPort = 0;
        QVERIFY2(m_bed.startSshd(&sshd, 2223, &sshPort), qPrintable(m_bed.errorString()));
        const QString knownHosts = m_bed.freshFile(QStringLiteral("known_hosts"));
        {
            QFile empty(knownHosts);
            QVERIFY(empty.open(QIODevice::WriteOnly));
        }
        const QStringList args{QStringLiteral("info"), node(m_bed.redis().port()), QStringLiteral("--json"),
                               QStringLiteral("--ssh"), QStringLiteral("root@127.0.0.1:%1").arg(sshPort),
                               QStringLiteral("--ssh-key"), sshd.plainKeyFile(),
                               QStringLiteral("--ssh-known-hosts"), knownHosts};
        const QString acceptNew = QStringLiteral("--ssh-accept-new");

        // Unknown: refused, with the fingerprint to check and the way to accept it.
        const QString fingerprint = keygenFingerprint(sshd);
        QVERIFY2(fingerprint.startsWith(QLatin1String("SHA256:")), qPrintable(fingerprint));
        CliResult r = run(args);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(fingerprint), qPrintable(r.err));
        QVERIFY2(r.err.contains(acceptNew), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(contents(knownHosts), QByteArray());

        // Accepted: connected, and the key is stored.
        r = run(args + QStringList{acceptNew});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject info = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(info.value(QStringLiteral("replication")).toObject().value(QStringLiteral("role")).toString(),
                 QStringLiteral("master"));
        QCOMPARE(info.value(QStringLiteral("server")).toObject().value(QStringLiteral("version")).toString(),
                 redisVersion());
        const QByteArray entry = SshTestBed::knownHostsEntry(sshd, sshPort);
        QVERIFY(!entry.isEmpty());
        const QByteArray stored = contents(knownHosts);
        QVERIFY2(stored.contains(entry.split(' ').value(2)) && stored.contains(entry.split(' ').value(0)),
                 stored.constData());

        // Known: no flag needed any more.
        r = run(args);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("replication")).toObject()
                     .value(QStringLiteral("role")).toString(),
                 QStringLiteral("master"));

        // Changed: refused even with --ssh-accept-new, and the stored key stays.
        QVERIFY(sshd.regenerateHostKey());
        const QString newFingerprint = keygenFingerprint(sshd);
        QVERIFY(newFingerprint != fingerprint);
        r = run(args + QStringList{acceptNew});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("changed"), Qt::CaseInsensitive)
                     && r.err.contains(QLatin1String("host key")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(newFingerprint), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(contents(knownHosts), stored);
    }

    void wrongSshKeyFailsAuthentication()
    {
        const CliResult r = run(QStringList{QStringLiteral("ping"), node(m_bed.redis().port())}
                                + viaSsh(m_bed.sshd().unauthorizedKeyFile()));
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(m_bed.sshd().unauthorizedKeyFile()) && r.err.contains(QLatin1String("failed")),
                 qPrintable(r.err));
        // The operator must read that the SSH login (not the Redis password) was refused.
        QVERIFY2(r.err.contains(QLatin1String("authentication"), Qt::CaseInsensitive), qPrintable(r.err));
    }

    void tlsNodeThroughSsh()
    {
        TestPki pki;
        QVERIFY2(pki.create(), qPrintable(pki.errorString()));
        RedisServer tlsRedis;
        QVERIFY2(m_bed.startTlsRedis(&tlsRedis, pki), qPrintable(m_bed.errorString()));

        const QStringList certs{QStringLiteral("--cacert"), pki.caFile(),
                                QStringLiteral("--cert"), pki.clientCert(),
                                QStringLiteral("--key"), pki.clientKey()};
        const QString url = QStringLiteral("rediss://127.0.0.1:%1").arg(tlsRedis.port());
        CliResult r = run(QStringList{QStringLiteral("ping"), url} + certs + viaSsh());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QLatin1String("PONG")), qPrintable(r.out));

        r = run(QStringList{QStringLiteral("info"), url, QStringLiteral("--json")} + certs + viaSsh());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("replication")).toObject()
                     .value(QStringLiteral("role")).toString(),
                 QStringLiteral("master"));

        // TLS still verifies the server through the tunnel: without our CA it is not trusted.
        QVERIFY2(pki.createStranger(), qPrintable(pki.errorString()));
        QStringList wrongCa = certs;
        wrongCa[1] = pki.strangerCaFile();
        r = run(QStringList{QStringLiteral("ping"), url, QStringLiteral("--timeout"), QStringLiteral("5")} + wrongCa
                + viaSsh());
        QCOMPARE(r.exitCode, 3);
    }

    void passwordNodeThroughSsh()
    {
        RedisServer secured;
        QVERIFY2(m_bed.startRedis(&secured, {QStringLiteral("--requirepass"), QStringLiteral("tunnel-pw-42")}),
                 qPrintable(m_bed.errorString()));
        const QString target = node(secured.port());

        CliResult r = run(QStringList{QStringLiteral("ping"), target} + viaSsh());
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("authentication failed")), qPrintable(r.err));

        r = run(QStringList{QStringLiteral("ping"), target, QStringLiteral("-a"), QStringLiteral("pw-zebra-77")}
                + viaSsh());
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("authentication failed")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QLatin1String("zebra")), "the password itself must not be echoed");

        r = run(QStringList{QStringLiteral("info"), target, QStringLiteral("-a"), QStringLiteral("tunnel-pw-42"),
                            QStringLiteral("--json")}
                + viaSsh());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("replication")).toObject()
                     .value(QStringLiteral("role")).toString(),
                 QStringLiteral("master"));
        QVERIFY2(!r.out.contains(QLatin1String("tunnel-pw-42")), "secrets never printed");
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctlSsh)
#include "tst_tandemctlssh.moc"
