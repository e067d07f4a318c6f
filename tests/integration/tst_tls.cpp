#include "RedisServer.h"
#include "SocketPairRelay.h"
#include "TestEnv.h"

#include "net/RespClient.h"
#include "net/SocketTransport.h"
#include "tls/CertificateAuthority.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <sys/stat.h>

// TLS as a user sets it up: our own CA, a redis-server that demands client certificates, and
// the mistakes people make (wrong CA, no client cert, wrong name) refused with a TLS error.
class TestTls : public QObject
{
    Q_OBJECT

private:
    QString file(const QString &name) const { return m_dir.filePath(name); }

    ConnectionProfile profile() const
    {
        ConnectionProfile p;
        p.host = QStringLiteral("127.0.0.1");
        p.port = m_redis->port();
        p.connectTimeoutMs = 5000;
        p.tls.enabled = true;
        p.tls.caFile = file(QStringLiteral("ca/ca.crt"));
        p.tls.certFile = file(QStringLiteral("ca/client.crt"));
        p.tls.keyFile = file(QStringLiteral("ca/client.key"));
        return p;
    }

    // Connects; returns the connect error, or a None error once ready.
    static NetError connectResult(RespClient *client)
    {
        QSignalSpy failed(client, &RespClient::connectFailed);
        QSignalSpy ready(client, &RespClient::ready);
        client->connectToServer();
        if (!QTest::qWaitFor([&] { return failed.count() + ready.count() > 0; }, 10000))
            return NetError::make(NetError::Kind::Other, QStringLiteral("test: neither ready nor failed"));
        return failed.isEmpty() ? NetError() : failed.first().first().value<NetError>();
    }

    static RespValue ping(RespClient *client)
    {
        auto out = std::make_shared<std::optional<RespResult>>();
        QObject context;
        client->send({"PING"}, &context, [out](const RespResult &r) { *out = r; });
        if (!QTest::qWaitFor([&] { return out->has_value(); }, 5000))
            return RespValue::error("test: no reply");
        return (*out)->value;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<RedisServer> m_redis;

private Q_SLOTS:
    void initTestCase()
    {
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
            return;
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(CertificateAuthority::create(file(QStringLiteral("ca")), QStringLiteral("Tandem Test CA"), &error),
                 qPrintable(error));
        QVERIFY2(CertificateAuthority::create(file(QStringLiteral("other")), QStringLiteral("Stranger CA"), &error),
                 qPrintable(error));
        const CertificateAuthority ca(file(QStringLiteral("ca")));
        QVERIFY(ca.isValid());
        QVERIFY2(ca.issue(QStringLiteral("server"), QStringLiteral("redis test server"),
                          {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}, false, &error),
                 qPrintable(error));
        QVERIFY2(ca.issue(QStringLiteral("client"), QStringLiteral("tandem"), {}, true, &error), qPrintable(error));

        m_redis = std::make_unique<RedisServer>();
        m_redis->setTls(file(QStringLiteral("ca/server.crt")), file(QStringLiteral("ca/server.key")),
                        file(QStringLiteral("ca/ca.crt")), true);
        QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
    }

    void cleanupTestCase() { m_redis.reset(); }

    void generatedFilesAreSound()
    {
        // Keys are private to the user; certificates carry what verification needs.
        for (const QString &key : {QStringLiteral("ca/ca.key"), QStringLiteral("ca/server.key"),
                                   QStringLiteral("ca/client.key")}) {
            struct stat st {};
            QCOMPARE(::stat(QFile::encodeName(file(key)).constData(), &st), 0);
            QCOMPARE(st.st_mode & 0777, mode_t(0600));
        }
        const QList<QSslCertificate> server = QSslCertificate::fromPath(file(QStringLiteral("ca/server.crt")));
        QCOMPARE(server.size(), 1);
        const auto sans = server.first().subjectAlternativeNames();
        QVERIFY(sans.values(QSsl::AlternativeNameEntryType::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
        QVERIFY(sans.values(QSsl::AlternativeNameEntryType::DnsEntry).contains(QStringLiteral("localhost")));
        QVERIFY(!sans.values(QSsl::AlternativeNameEntryType::DnsEntry).contains(QStringLiteral("127.0.0.1")));
        QVERIFY(!CertificateAuthority(file(QStringLiteral("missing"))).isValid());

        const QString openssl = TestEnv::requireBinary(QStringLiteral("openssl"), QStringLiteral("openssl"));
        if (openssl.isEmpty())
            return;
        QString out;
        QCOMPARE(TestEnv::run(openssl, {QStringLiteral("verify"), QStringLiteral("-CAfile"), file(QStringLiteral("ca/ca.crt")),
                                        QStringLiteral("-purpose"), QStringLiteral("sslserver"),
                                        file(QStringLiteral("ca/server.crt"))}, &out), 0);
        QCOMPARE(TestEnv::run(openssl, {QStringLiteral("verify"), QStringLiteral("-CAfile"), file(QStringLiteral("ca/ca.crt")),
                                        QStringLiteral("-purpose"), QStringLiteral("sslclient"),
                                        file(QStringLiteral("ca/client.crt"))}, &out), 0);
        QCOMPARE(TestEnv::run(openssl, {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-text"),
                                        QStringLiteral("-in"), file(QStringLiteral("ca/ca.crt"))}, &out), 0);
        QVERIFY2(out.contains(QLatin1String("CA:TRUE")), qPrintable(out));
        QVERIFY(out.contains(QLatin1String("Certificate Sign")));
        // A certificate from another CA must not verify against ours.
        QVERIFY(TestEnv::run(openssl, {QStringLiteral("verify"), QStringLiteral("-CAfile"), file(QStringLiteral("other/ca.crt")),
                                       file(QStringLiteral("ca/server.crt"))}, &out) != 0);
    }

    void verifiedConnectionWithClientCertificate()
    {
        RespClient byIp(profile());
        NetError e = connectResult(&byIp);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(ping(&byIp), RespValue::status("PONG"));

        ConnectionProfile named = profile();
        named.host = QStringLiteral("localhost");  // DNS subjectAltName and SNI
        RespClient byName(named);
        e = connectResult(&byName);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(ping(&byName), RespValue::status("PONG"));
    }

    void wrongCaIsRefused()
    {
        ConnectionProfile p = profile();
        p.tls.caFile = file(QStringLiteral("other/ca.crt"));
        RespClient client(p);
        const NetError e = connectResult(&client);
        QCOMPARE(e.kind, NetError::Kind::Tls);
        QVERIFY2(e.message.contains(QLatin1String("certificate"), Qt::CaseInsensitive), qPrintable(e.message));
        qInfo("%s", qPrintable(e.message));
    }

    void insecureAcceptsUnknownCa()
    {
        ConnectionProfile p = profile();
        p.tls.caFile = file(QStringLiteral("other/ca.crt"));
        p.tls.insecure = true;
        RespClient client(p);
        const NetError e = connectResult(&client);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(ping(&client), RespValue::status("PONG"));
    }

    void missingClientCertificateIsRefused()
    {
        ConnectionProfile p = profile();
        p.tls.certFile.clear();
        p.tls.keyFile.clear();
        RespClient client(p);
        const NetError e = connectResult(&client);
        QVERIFY2(e.kind == NetError::Kind::Tls, qPrintable(NetError::kindName(e.kind) + QLatin1Char(' ') + e.message));
        QVERIFY(!client.isReady());
        qInfo("%s", qPrintable(e.message));
    }

    void serverNameMismatchIsRefused()
    {
        ConnectionProfile p = profile();
        p.tls.serverName = QStringLiteral("wrong.example");
        RespClient client(p);
        const NetError e = connectResult(&client);
        QCOMPARE(e.kind, NetError::Kind::Tls);
        QVERIFY2(e.message.contains(QLatin1String("host name"), Qt::CaseInsensitive), qPrintable(e.message));

        // serverName overrides the host: the right name works even when dialling an address
        // the certificate does not list.
        ConnectionProfile right = profile();
        right.host = QStringLiteral("127.0.0.1");
        right.tls.serverName = QStringLiteral("localhost");
        RespClient ok(right);
        const NetError e2 = connectResult(&ok);
        QVERIFY2(!e2.isError(), qPrintable(e2.message));
    }

    void unreadableFilesAreTlsErrors()
    {
        ConnectionProfile p = profile();
        p.tls.caFile = file(QStringLiteral("nope.crt"));
        RespClient client(p);
        const NetError e = connectResult(&client);
        QCOMPARE(e.kind, NetError::Kind::Tls);
        QVERIFY2(e.message.contains(QLatin1String("nope.crt")), qPrintable(e.message));
    }

    void mismatchedPortKindsSayWhy()
    {
        ConnectionProfile plain = profile();
        plain.tls = TlsOptions();
        RespClient plainOnTls(plain);
        NetError e = connectResult(&plainOnTls);
        QCOMPARE(e.kind, NetError::Kind::Closed);
        QVERIFY2(e.message.contains(QLatin1String("TLS port")), qPrintable(e.message));

        RedisServer plainServer;
        QVERIFY2(plainServer.start(), qPrintable(plainServer.errorString()));
        // A plain port takes the ClientHello for the start of an inline command and waits.
        ConnectionProfile tlsOnPlain = profile();
        tlsOnPlain.port = plainServer.port();
        tlsOnPlain.connectTimeoutMs = 500;
        RespClient client(tlsOnPlain);
        e = connectResult(&client);
        QCOMPARE(e.kind, NetError::Kind::Timeout);
        QVERIFY2(e.message.contains(QLatin1String("TLS port")), qPrintable(e.message));
    }

    // What an SSH tunnel hands over: an AF_UNIX socketpair fd. TLS (SNI, verification, client
    // certificate) must run over it exactly as over TCP.
    void tlsOverAdoptedStream()
    {
        QObject relays;
        const quint16 port = m_redis->port();
        auto factory = [&relays, port](const ConnectionProfile &profile, QObject *parent) -> Transport * {
            auto *t = new SocketTransport(profile, nullptr, parent);
            t->setStreamOpener([&relays, port](QObject *, SocketTransport::StreamReady done) {
                auto *relay = new SocketPairRelay(&relays);
                QString error;
                const int fd = relay->open(port, &error);
                done(fd, fd < 0 ? NetError::make(NetError::Kind::Ssh, error) : NetError());
            });
            return t;
        };

        ConnectionProfile p = profile();
        p.host = QStringLiteral("localhost");  // as named on the far side of the tunnel
        RespClient client(p);
        client.setTransportFactory(factory);
        const NetError e = connectResult(&client);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(ping(&client), RespValue::status("PONG"));
        const auto used = relays.findChildren<SocketPairRelay *>();
        QCOMPARE(used.size(), 1);
        QVERIFY(used.first()->bytesRelayed() > 0);

        ConnectionProfile wrong = p;
        wrong.tls.serverName = QStringLiteral("wrong.example");
        RespClient refused(wrong);
        refused.setTransportFactory(factory);
        QCOMPARE(connectResult(&refused).kind, NetError::Kind::Tls);
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
