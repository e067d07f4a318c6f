// tandemctl as an operator uses it: real redis-server processes, the built binary, exit codes.
#include "CliRunner.h"
#include "RedisServer.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

class TestTandemctl : public QObject
{
    Q_OBJECT

private:
    static QString addr(const RedisServer &s) { return QStringLiteral("127.0.0.1:%1").arg(s.port()); }
    static bool portOpen(quint16 port)
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return socket.waitForConnected(1000);
    }

    RedisServer m_plain;
    RedisServer m_secured;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::tandemctl().isEmpty(), "tandemctl was not built");
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
            return;
        QVERIFY2(m_plain.start(), qPrintable(m_plain.errorString()));
        QVERIFY2(m_secured.start({QStringLiteral("--requirepass"), QStringLiteral("s3cret-pw"),
                                  QStringLiteral("--user"), QStringLiteral("alice"), QStringLiteral("on"),
                                  QStringLiteral(">alice-pw"), QStringLiteral("~*"), QStringLiteral("&*"),
                                  QStringLiteral("+@all")}),
                 qPrintable(m_secured.errorString()));
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("ping without node") << QStringList{QStringLiteral("ping")};
        QTest::newRow("bad port") << QStringList{QStringLiteral("ping"), QStringLiteral("localhost:99999")};
        QTest::newRow("bad scheme") << QStringList{QStringLiteral("info"), QStringLiteral("http://x:1")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("ping"), QStringLiteral("--bogus"),
                                                       QStringLiteral("127.0.0.1:1")};
        QTest::newRow("cert without key") << QStringList{QStringLiteral("ping"), QStringLiteral("--cert"),
                                                         QStringLiteral("/tmp/x"), QStringLiteral("127.0.0.1:1")};
        QTest::newRow("lab without dir") << QStringList{QStringLiteral("lab"), QStringLiteral("up")};
    }
    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, args);
        const CliResult r = CliRunner::run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(!r.err.isEmpty(), "a usage error must say what is wrong");
    }

    void pingPlain()
    {
        const CliResult r = CliRunner::run({QStringLiteral("ping"), addr(m_plain)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QLatin1String("PONG")), qPrintable(r.out));
    }

    void refusedExitsThree()
    {
        const quint16 closed = TestEnv::freePort();
        const CliResult r = CliRunner::run({QStringLiteral("ping"), QStringLiteral("127.0.0.1:%1").arg(closed)});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("could not connect")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("refused"), Qt::CaseInsensitive), qPrintable(r.err));
    }

    void passwordsLikeRedisCli()
    {
        const QString node = addr(m_secured);
        CliResult r = CliRunner::run({QStringLiteral("ping"), node});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("authentication failed")), qPrintable(r.err));

        r = CliRunner::run({QStringLiteral("ping"), node, QStringLiteral("-a"), QStringLiteral("pw-zebra-77")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("authentication failed")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QLatin1String("zebra")), "the password itself must not be echoed");

        r = CliRunner::run({QStringLiteral("ping"), node, QStringLiteral("-a"), QStringLiteral("s3cret-pw")});
        QCOMPARE(r.exitCode, 0);

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("REDISCLI_AUTH"), QStringLiteral("s3cret-pw"));
        r = CliRunner::run({QStringLiteral("ping"), node}, 30000, env);
        QCOMPARE(r.exitCode, 0);

        r = CliRunner::run({QStringLiteral("ping"), QStringLiteral("redis://:s3cret-pw@%1").arg(node)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.out.contains(QLatin1String("s3cret-pw")), "secrets never printed");
    }

    void aclUsers()
    {
        const QString node = addr(m_secured);
        CliResult r = CliRunner::run({QStringLiteral("ping"), node, QStringLiteral("--user"),
                                      QStringLiteral("alice"), QStringLiteral("--pass"), QStringLiteral("alice-pw")});
        QCOMPARE(r.exitCode, 0);
        r = CliRunner::run({QStringLiteral("ping"), QStringLiteral("redis://alice:alice-pw@%1/3").arg(node)});
        QCOMPARE(r.exitCode, 0);
        r = CliRunner::run({QStringLiteral("ping"), node, QStringLiteral("--user"), QStringLiteral("alice"),
                            QStringLiteral("--pass"), QStringLiteral("nope")});
        QCOMPARE(r.exitCode, 3);
        r = CliRunner::run({QStringLiteral("ping"), node, QStringLiteral("--user"), QStringLiteral("mallory"),
                            QStringLiteral("--pass"), QStringLiteral("alice-pw")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QLatin1String("authentication failed")), qPrintable(r.err));
    }

    void infoJsonIsTheParsedSnapshot()
    {
        QString version;
        TestEnv::run(TestEnv::findBinary(QStringLiteral("redis-server")), {QStringLiteral("--version")}, &version);
        const QString expected = QRegularExpression(QStringLiteral("v=([0-9.]+)")).match(version).captured(1);

        RedisServer replica;
        QVERIFY2(replica.start({QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"),
                                QString::number(m_plain.port())}),
                 qPrintable(replica.errorString()));

        CliResult r = CliRunner::run({QStringLiteral("info"), addr(m_plain), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("server")).toObject().value(QStringLiteral("version")).toString(), expected);
        QCOMPARE(o.value(QStringLiteral("replication")).toObject().value(QStringLiteral("role")).toString(),
                 QStringLiteral("master"));
        QVERIFY(o.value(QStringLiteral("raw")).toObject().contains(QStringLiteral("replication")));

        r = CliRunner::run({QStringLiteral("info"), addr(replica), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonObject repl = o.value(QStringLiteral("replication")).toObject();
        QCOMPARE(repl.value(QStringLiteral("role")).toString(), QStringLiteral("replica"));
        QCOMPARE(repl.value(QStringLiteral("master")).toString(), addr(m_plain));

        r = CliRunner::run({QStringLiteral("info"), addr(replica)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QLatin1String("role:            replica")), qPrintable(r.out));
    }

    void labOutlivesTheCommand()
    {
        QTemporaryDir dir;
        const QString d = dir.filePath(QStringLiteral("lab"));
        CliResult r = CliRunner::run({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--replicas"),
                                      QStringLiteral("2"), QStringLiteral("--chain"), QStringLiteral("--dir"), d},
                                     60000);
        QCOMPARE(r.exitCode, 0);
        const QRegularExpression addrRe(QStringLiteral("127\\.0\\.0\\.1:(\\d+)"));
        QList<quint16> ports;
        for (auto it = addrRe.globalMatch(r.out); it.hasNext();)
            ports << quint16(it.next().captured(1).toUInt());
        QCOMPARE(ports.size(), 3);
        auto cleanup = qScopeGuard([&] { CliRunner::run({QStringLiteral("lab"), QStringLiteral("down"),
                                                         QStringLiteral("--dir"), d}); });

        // The servers keep running after `lab up` returned.
        r = CliRunner::run({QStringLiteral("info"), QStringLiteral("127.0.0.1:%1").arg(ports.last()),
                            QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject repl = QJsonDocument::fromJson(r.out.toUtf8()).object()
                                     .value(QStringLiteral("replication")).toObject();
        QCOMPARE(repl.value(QStringLiteral("master")).toString(), QStringLiteral("127.0.0.1:%1").arg(ports[1]));
        QCOMPARE(repl.value(QStringLiteral("link")).toString(), QStringLiteral("up"));

        r = CliRunner::run({QStringLiteral("lab"), QStringLiteral("status"), QStringLiteral("--dir"), d});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.count(QLatin1String("running")), 3);

        r = CliRunner::run({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--dir"), d});
        QCOMPARE(r.exitCode, 1);  // refuses to start a second lab over a running one

        r = CliRunner::run({QStringLiteral("lab"), QStringLiteral("down"), QStringLiteral("--dir"), d});
        QCOMPARE(r.exitCode, 0);
        cleanup.dismiss();
        for (quint16 port : ports)
            QTRY_VERIFY_WITH_TIMEOUT(!portOpen(port), 5000);
        r = CliRunner::run({QStringLiteral("lab"), QStringLiteral("status"), QStringLiteral("--dir"), d});
        QCOMPARE(r.exitCode, 1);
    }

    void tlsLabWithPassword()
    {
        QTemporaryDir dir;
        const QString d = dir.filePath(QStringLiteral("tls-lab"));
        CliResult r = CliRunner::run({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--replicas"),
                                      QStringLiteral("1"), QStringLiteral("--tls"), QStringLiteral("--password"),
                                      QStringLiteral("lab-pw"), QStringLiteral("--dir"), d},
                                     60000);
        QCOMPARE(r.exitCode, 0);
        auto cleanup = qScopeGuard([&] { CliRunner::run({QStringLiteral("lab"), QStringLiteral("down"),
                                                         QStringLiteral("--dir"), d}); });
        const QString port = QRegularExpression(QStringLiteral("127\\.0\\.0\\.1:(\\d+)")).match(r.out).captured(1);
        QVERIFY(!port.isEmpty());
        const QString tls = d + QStringLiteral("/tls/");
        const QStringList certs{QStringLiteral("--cacert"), tls + QStringLiteral("ca.crt"),
                                QStringLiteral("--cert"), tls + QStringLiteral("client.crt"),
                                QStringLiteral("--key"), tls + QStringLiteral("client.key")};

        r = CliRunner::run(QStringList{QStringLiteral("info"), QStringLiteral("rediss://127.0.0.1:%1").arg(port),
                                       QStringLiteral("-a"), QStringLiteral("lab-pw"), QStringLiteral("--json")}
                           + certs);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("replication")).toObject()
                     .value(QStringLiteral("connected_replicas")).toInt(), 1);

        // Plain TCP against a TLS port is not a silent success.
        r = CliRunner::run({QStringLiteral("ping"), QStringLiteral("127.0.0.1:%1").arg(port),
                            QStringLiteral("--timeout"), QStringLiteral("2")});
        QVERIFY(r.exitCode != 0);

        // Another CA: the certificate is not trusted unless --insecure.
        QTemporaryDir otherCa;
        r = CliRunner::run({QStringLiteral("lab"), QStringLiteral("up"), QStringLiteral("--replicas"),
                            QStringLiteral("0"), QStringLiteral("--tls"), QStringLiteral("--dir"),
                            otherCa.filePath(QStringLiteral("l"))}, 60000);
        QCOMPARE(r.exitCode, 0);
        auto cleanupOther = qScopeGuard([&] { CliRunner::run({QStringLiteral("lab"), QStringLiteral("down"),
                                                              QStringLiteral("--dir"), otherCa.filePath(QStringLiteral("l"))}); });
        QStringList wrongCa = certs;
        wrongCa[1] = otherCa.filePath(QStringLiteral("l/tls/ca.crt"));
        r = CliRunner::run(QStringList{QStringLiteral("ping"), QStringLiteral("--tls"),
                                       QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-a"),
                                       QStringLiteral("lab-pw")} + wrongCa);
        QCOMPARE(r.exitCode, 3);
        r = CliRunner::run(QStringList{QStringLiteral("ping"), QStringLiteral("--tls"), QStringLiteral("--insecure"),
                                       QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-a"),
                                       QStringLiteral("lab-pw")} + wrongCa);
        QCOMPARE(r.exitCode, 0);
    }

    void doesNotLinkWidgets()
    {
        QString output;
        QCOMPARE(TestEnv::run(QStringLiteral("ldd"), {CliRunner::tandemctl()}, &output), 0);
        QVERIFY2(output.contains(QLatin1String("libQt6Core")), qPrintable(output));
        QVERIFY2(!output.contains(QLatin1String("libQt6Widgets")), qPrintable(output));
        QVERIFY2(!output.contains(QLatin1String("libQt6Gui")), qPrintable(output));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTandemctl)
#include "tst_tandemctl.moc"
