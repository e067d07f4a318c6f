#include "ClientProbe.h"
#include "RedisServer.h"
#include "SocketPairRelay.h"
#include "TestEnv.h"
#include "TestPki.h"
#include "TestRegistry.h"

#include "net/RespClient.h"
#include "net/SocketTransport.h"
#include "tls/CertificateAuthority.h"

#include <QFile>
#include <QSslCertificate>
#include <QTest>

#include <memory>

#include <sys/stat.h>

// TLS as a user sets it up: our own CA, a redis-server that demands client certificates, and
// the mistakes people make (wrong CA, no client cert, wrong name) refused with a TLS error.
class TestTls : public QObject
{
    Q_OBJECT

private:
    ConnectionProfile profile() const
    {
        ConnectionProfile p;
        p.host = QStringLiteral("127.0.0.1");
        p.port = m_redis->port();
        p.connectTimeoutMs = 5000;
        p.tls = m_pki.clientTls();
        return p;
    }

    static RespValue ping(RespClient *client) { return ClientProbe::call(client, {"PING"}, 5000).value; }

    TestPki m_pki;
    std::unique_ptr<RedisServer> m_redis;

private Q_SLOTS:
    void initTestCase()
    {
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
            return;
        QVERIFY2(m_pki.create(), qPrintable(m_pki.errorString()));
        QVERIFY2(m_pki.createStranger(), qPrintable(m_pki.errorString()));

        m_redis = std::make_unique<RedisServer>();
        m_redis->setTls(m_pki.serverCert(), m_pki.serverKey(), m_pki.caFile(), true);
        QVERIFY2(m_redis->start(), qPrintable(m_redis->errorString()));
    }

    void cleanupTestCase() { m_redis.reset(); }

    void generatedFilesAreSound()
    {
        // CertificateAuthority loads what it wrote, from where TestPki expects it.
        const CertificateAuthority ca(m_pki.caDir());
        QVERIFY(ca.isValid());
        QCOMPARE(ca.caCertFile(), m_pki.caFile());
        QCOMPARE(ca.caKeyFile(), m_pki.caKeyFile());

        // Keys are private to the user; certificates carry what verification needs.
        for (const QString &key : {m_pki.caKeyFile(), m_pki.serverKey(), m_pki.clientKey()}) {
            struct stat st {};
            QCOMPARE(::stat(QFile::encodeName(key).constData(), &st), 0);
            QCOMPARE(st.st_mode & 0777, mode_t(0600));
        }
        const QList<QSslCertificate> server = QSslCertificate::fromPath(m_pki.serverCert());
        QCOMPARE(server.size(), 1);
        const auto sans = server.first().subjectAlternativeNames();
        QVERIFY(sans.values(QSsl::AlternativeNameEntryType::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
        QVERIFY(sans.values(QSsl::AlternativeNameEntryType::DnsEntry).contains(QStringLiteral("localhost")));
        QVERIFY(!sans.values(QSsl::AlternativeNameEntryType::DnsEntry).contains(QStringLiteral("127.0.0.1")));
        QVERIFY(!CertificateAuthority(m_pki.unusedPath(QStringLiteral("missing"))).isValid());

        const QString openssl = TestEnv::requireBinary(QStringLiteral("openssl"), QStringLiteral("openssl"));
        if (openssl.isEmpty())
            return;
        QString out;
        QCOMPARE(TestEnv::run(openssl, {QStringLiteral("verify"), QStringLiteral("-CAfile"), m_pki.caFile(),
                                        QStringLiteral("-purpose"), QStringLiteral("sslserver"),
                                        m_pki.serverCert()}, &out), 0);
        QCOMPARE(TestEnv::run(openssl, {QStringLiteral("verify"), QStringLiteral("-CAfile"), m_pki.caFile(),
                                        QStringLiteral("-purpose"), QStringLiteral("sslclient"),
                                        m_pki.clientCert()}, &out), 0);
        QCOMPARE(TestEnv::run(openssl, {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-text"),
                                        QStringLiteral("-in"), m_pki.caFile()}, &out), 0);
        QVERIFY2(out.contains(QLatin1String("CA:TRUE")), qPrintable(out));
        QVERIFY(out.contains(QLatin1String("Certificate Sign")));
        // A certificate from another CA must not verify against ours.
        QVERIFY(TestEnv::run(openssl, {QStringLiteral("verify"), QStringLiteral("-CAfile"), m_pki.strangerCaFile(),
                                       m_pki.serverCert()}, &out) != 0);
    }

    void verifiedConnectionWithClientCertificate()
    {
        RespClient byIp(profile());
        NetError e = ClientProbe::connect(&byIp);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(ping(&byIp), RespValue::status("PONG"));

        ConnectionProfile named = profile();
        named.host = QStringLiteral("localhost");  // DNS subjectAltName and SNI
        RespClient byName(named);
        e = ClientProbe::connect(&byName);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(ping(&byName), RespValue::status("PONG"));
    }

    void wrongCaIsRefused()
    {
        ConnectionProfile p = profile();
        p.tls.caFile = m_pki.strangerCaFile();
        RespClient client(p);
        const NetError e = ClientProbe::connect(&client);
        QCOMPARE(e.kind, NetError::Kind::Tls);
        QVERIFY2(e.message.contains(QLatin1String("certificate"), Qt::CaseInsensitive), qPrintable(e.message));
        qInfo("%s", qPrintable(e.message));
    }

    void insecureAcceptsUnknownCa()
    {
        ConnectionProfile p = profile();
        p.tls.caFile = m_pki.strangerCaFile();
        p.tls.insecure = true;
        RespClient client(p);
        const NetError e = ClientProbe::connect(&client);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(ping(&client), RespValue::status("PONG"));
    }

    void missingClientCertificateIsRefused()
    {
        ConnectionProfile p = profile();
        p.tls.certFile.clear();
        p.tls.keyFile.clear();
        RespClient client(p);
        const NetError e = ClientProbe::connect(&client);
        QVERIFY2(e.kind == NetError::Kind::Tls, qPrintable(NetError::kindName(e.kind) + QLatin1Char(' ') + e.message));
        QVERIFY(!client.isReady());
        qInfo("%s", qPrintable(e.message));
    }

    void serverNameMismatchIsRefused()
    {
        ConnectionProfile p = profile();
        p.tls.serverName = QStringLiteral("wrong.example");
        RespClient client(p);
        const NetError e = ClientProbe::connect(&client);
        QCOMPARE(e.kind, NetError::Kind::Tls);
        QVERIFY2(e.message.contains(QLatin1String("host name"), Qt::CaseInsensitive), qPrintable(e.message));

        // serverName overrides the host: the right name works even when dialling an address
        // the certificate does not list.
        ConnectionProfile right = profile();
        right.host = QStringLiteral("127.0.0.1");
        right.tls.serverName = QStringLiteral("localhost");
        RespClient ok(right);
        const NetError e2 = ClientProbe::connect(&ok);
        QVERIFY2(!e2.isError(), qPrintable(e2.message));
    }

    void unreadableFilesAreTlsErrors()
    {
        ConnectionProfile p = profile();
        p.tls.caFile = m_pki.unusedPath(QStringLiteral("nope.crt"));
        RespClient client(p);
        const NetError e = ClientProbe::connect(&client);
        QCOMPARE(e.kind, NetError::Kind::Tls);
        QVERIFY2(e.message.contains(QLatin1String("nope.crt")), qPrintable(e.message));
    }

    void mismatchedPortKindsSayWhy()
    {
        ConnectionProfile plain = profile();
        plain.tls = TlsOptions();
        RespClient plainOnTls(plain);
        NetError e = ClientProbe::connect(&plainOnTls);
        QCOMPARE(e.kind, NetError::Kind::Closed);
        QVERIFY2(e.message.contains(QLatin1String("TLS port")), qPrintable(e.message));

        RedisServer plainServer;
        QVERIFY2(plainServer.start(), qPrintable(plainServer.errorString()));
        // A plain port takes the ClientHello for the start of an inline command and waits.
        ConnectionProfile tlsOnPlain = profile();
        tlsOnPlain.port = plainServer.port();
        tlsOnPlain.connectTimeoutMs = 500;
        RespClient client(tlsOnPlain);
        e = ClientProbe::connect(&client);
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
        const NetError e = ClientProbe::connect(&client);
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(ping(&client), RespValue::status("PONG"));
        const auto used = relays.findChildren<SocketPairRelay *>();
        QCOMPARE(used.size(), 1);
        QVERIFY(used.first()->bytesRelayed() > 0);

        ConnectionProfile wrong = p;
        wrong.tls.serverName = QStringLiteral("wrong.example");
        RespClient refused(wrong);
        refused.setTransportFactory(factory);
        QCOMPARE(ClientProbe::connect(&refused).kind, NetError::Kind::Tls);
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
