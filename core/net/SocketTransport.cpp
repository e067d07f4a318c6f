#include "SocketTransport.h"

#include "ssh/SshSessionPool.h"

#include <QFile>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>

#include <unistd.h>

namespace {

QByteArray readFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    return f.readAll();
}

// The key file does not say which algorithm it holds in a way QSslKey asks for: try each.
QSslKey loadPrivateKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        const QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

} // namespace

SocketTransport::SocketTransport(const ConnectionProfile &profile, SshSessionPool *ssh,
                                 QObject *parent)
    : Transport(parent)
    , m_profile(profile)
    , m_ssh(ssh)
{
}

SocketTransport::~SocketTransport()
{
    close();
}

void SocketTransport::setStreamOpener(StreamOpener opener)
{
    m_opener = std::move(opener);
}

QString SocketTransport::where() const
{
    QString s = m_profile.address();
    if (m_profile.ssh.enabled)
        s += QStringLiteral(" (via ssh %1)").arg(m_profile.ssh.host);
    return s;
}

QString SocketTransport::verifyName() const
{
    return m_profile.tls.serverName.isEmpty() ? m_profile.host : m_profile.tls.serverName;
}

void SocketTransport::open()
{
    if (m_socket || m_finished)
        return;
    m_socket = new QSslSocket(this);

    if (m_profile.tls.enabled) {
        NetError error;
        if (!configureTls(&error)) {
            failLater(error);
            return;
        }
    }

    if (!m_opener && m_profile.ssh.enabled) {
        if (!m_ssh) {
            failLater(NetError::make(NetError::Kind::Ssh,
                                     QStringLiteral("%1 needs an SSH tunnel, but no SSH session pool "
                                                    "was given").arg(where())));
            return;
        }
        const QPointer<SshSessionPool> pool(m_ssh);
        const ConnectionProfile profile = m_profile;
        m_opener = [pool, profile](QObject *context, StreamReady done) {
            if (!pool) {
                done(-1, NetError::make(NetError::Kind::Ssh,
                                        QStringLiteral("the SSH session pool is gone")));
                return;
            }
            pool->openForward(profile.ssh, profile.host, profile.port, context, std::move(done),
                              profile.connectTimeoutMs > 0 ? profile.connectTimeoutMs : 10000);
        };
    }

    if (m_opener) {
        const QPointer<SocketTransport> self(this);
        m_opener(this, [self](int fd, const NetError &error) {
            if (self)
                self->adoptStream(fd, error);
            else if (fd >= 0)
                ::close(fd);
        });
        return;
    }

    watchSocket();
    if (m_profile.tls.enabled)
        m_socket->connectToHostEncrypted(m_profile.host, m_profile.port, verifyName());
    else
        m_socket->connectToHost(m_profile.host, m_profile.port);
}

bool SocketTransport::configureTls(NetError *error)
{
    const TlsOptions &tls = m_profile.tls;
    if (!QSslSocket::supportsSsl()) {
        *error = NetError::make(NetError::Kind::Tls,
                                QStringLiteral("TLS is not available: Qt has no TLS backend (%1)")
                                    .arg(QSslSocket::sslLibraryVersionString()));
        return false;
    }
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    QString reason;

    if (!tls.caFile.isEmpty()) {
        const QByteArray pem = readFile(tls.caFile, &reason);
        const QList<QSslCertificate> cas = QSslCertificate::fromData(pem, QSsl::Pem);
        if (cas.isEmpty()) {
            *error = NetError::make(NetError::Kind::Tls,
                                    reason.isEmpty()
                                        ? QStringLiteral("no PEM certificate in CA file %1").arg(tls.caFile)
                                        : reason);
            return false;
        }
        config.setCaCertificates(cas);
    }

    if (!tls.certFile.isEmpty() || !tls.keyFile.isEmpty()) {
        if (tls.certFile.isEmpty() || tls.keyFile.isEmpty()) {
            *error = NetError::make(NetError::Kind::Tls,
                                    QStringLiteral("a client certificate needs both a certificate "
                                                   "and a key file"));
            return false;
        }
        const QByteArray certPem = readFile(tls.certFile, &reason);
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certPem, QSsl::Pem);
        if (chain.isEmpty()) {
            *error = NetError::make(NetError::Kind::Tls,
                                    reason.isEmpty()
                                        ? QStringLiteral("no PEM certificate in %1").arg(tls.certFile)
                                        : reason);
            return false;
        }
        const QByteArray keyPem = readFile(tls.keyFile, &reason);
        const QSslKey key = loadPrivateKey(keyPem);
        if (key.isNull()) {
            *error = NetError::make(NetError::Kind::Tls,
                                    reason.isEmpty()
                                        ? QStringLiteral("no usable unencrypted PEM private key in %1")
                                              .arg(tls.keyFile)
                                        : reason);
            return false;
        }
        config.setLocalCertificateChain(chain);
        config.setPrivateKey(key);
    }

    config.setPeerVerifyMode(tls.insecure ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
    m_socket->setSslConfiguration(config);
    // Also the SNI name: Qt sends it unless the name is an IP address.
    m_socket->setPeerVerifyName(verifyName());
    return true;
}

void SocketTransport::adoptStream(int fd, const NetError &error)
{
    if (m_finished) {
        if (fd >= 0)
            ::close(fd);
        return;
    }
    if (error.isError() || fd < 0) {
        fail(error.isError() ? error
                             : NetError::make(NetError::Kind::Ssh,
                                              QStringLiteral("no stream to %1").arg(where())));
        return;
    }
    watchSocket();
    if (!m_socket->setSocketDescriptor(fd)) {
        ::close(fd);
        fail(NetError::make(NetError::Kind::Other,
                            QStringLiteral("cannot use the tunnel to %1: %2")
                                .arg(where(), m_socket->errorString())));
        return;
    }
    if (m_profile.tls.enabled) {
        m_socket->startClientEncryption();  // -> encrypted()
        return;
    }
    // Already connected; report it from the event loop, never from inside open().
    QMetaObject::invokeMethod(this, &SocketTransport::onConnected, Qt::QueuedConnection);
}

void SocketTransport::watchSocket()
{
    if (m_profile.tls.enabled) {
        connect(m_socket, &QSslSocket::encrypted, this, &SocketTransport::onConnected);
        connect(m_socket, &QSslSocket::sslErrors, this,
                [this](const QList<QSslError> &errors) { m_sslErrors += errors; });
    } else {
        connect(m_socket, &QAbstractSocket::connected, this, &SocketTransport::onConnected);
    }
    connect(m_socket, &QIODevice::readyRead, this, &SocketTransport::onReadyRead);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &SocketTransport::onSocketError);
    connect(m_socket, &QAbstractSocket::disconnected, this, &SocketTransport::onDisconnected);
}

void SocketTransport::onConnected()
{
    if (m_finished || m_opened)
        return;
    m_opened = true;
    if (!m_profile.ssh.enabled && !m_opener) {
        // Pipelined small commands must not wait for Nagle; dead peers must eventually surface.
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    }
    const QPointer<SocketTransport> self(this);
    Q_EMIT opened();
    // Bytes may already be waiting (decrypted along with the handshake's last flight).
    if (self && !m_finished && m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void SocketTransport::onReadyRead()
{
    if (m_finished || !m_opened)
        return;
    const QByteArray data = m_socket->readAll();
    if (!data.isEmpty())
        Q_EMIT received(data);
}

void SocketTransport::onSocketError(QAbstractSocket::SocketError code)
{
    if (m_finished)
        return;
    fail(mapSocketError(code));
}

void SocketTransport::onDisconnected()
{
    if (m_finished)
        return;
    fail(NetError::make(NetError::Kind::Closed, QStringLiteral("%1 closed the connection").arg(where())));
}

NetError SocketTransport::mapSocketError(QAbstractSocket::SocketError code) const
{
    using Kind = NetError::Kind;
    const bool handshaking = m_profile.tls.enabled && !m_opened;
    switch (code) {
    case QAbstractSocket::ConnectionRefusedError:
        return NetError::make(Kind::ConnectionRefused,
                              QStringLiteral("connection to %1 refused").arg(where()));
    case QAbstractSocket::HostNotFoundError:
        return NetError::make(Kind::HostNotFound,
                              QStringLiteral("host %1 not found").arg(m_profile.host));
    case QAbstractSocket::SocketTimeoutError:
        return NetError::make(Kind::Timeout, QStringLiteral("%1 timed out").arg(where()));
    case QAbstractSocket::RemoteHostClosedError:
        if (handshaking)
            return NetError::make(Kind::Tls,
                                  QStringLiteral("%1 closed the connection during the TLS handshake "
                                                 "(is it a TLS port? does it require a client "
                                                 "certificate?)").arg(where()));
        return NetError::make(Kind::Closed, QStringLiteral("%1 closed the connection").arg(where()));
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError: {
        QStringList reasons;
        for (const QSslError &e : m_sslErrors)
            reasons << e.errorString();
        if (reasons.isEmpty())
            reasons << m_socket->errorString();
        reasons.removeDuplicates();
        return NetError::make(Kind::Tls,
                              QStringLiteral("TLS with %1 failed: %2").arg(where(),
                                                                         reasons.join(QStringLiteral("; "))));
    }
    default:
        if (handshaking)
            return NetError::make(Kind::Tls, QStringLiteral("TLS with %1 failed: %2")
                                                 .arg(where(), m_socket->errorString()));
        return NetError::make(Kind::Other,
                              QStringLiteral("%1: %2").arg(where(), m_socket->errorString()));
    }
}

void SocketTransport::write(const QByteArray &data)
{
    if (m_finished || !m_opened || data.isEmpty())
        return;
    m_socket->write(data);
}

void SocketTransport::fail(const NetError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_socket)
        disconnect(m_socket, nullptr, this, nullptr);
    Q_EMIT failed(error);
}

void SocketTransport::failLater(const NetError &error)
{
    QMetaObject::invokeMethod(this, [this, error] { fail(error); }, Qt::QueuedConnection);
}

void SocketTransport::close()
{
    m_finished = true;
    if (!m_socket)
        return;
    disconnect(m_socket, nullptr, this, nullptr);
    // abort(), not close(): no lingering flush, and it is safe from inside the socket's signals.
    m_socket->abort();
}
