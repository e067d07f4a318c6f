#pragma once

#include "Transport.h"

#include <QAbstractSocket>
#include <QList>
#include <QSslError>

#include <functional>

class QSslSocket;
class SshSessionPool;

// Plain TCP or TLS to a node over a QSslSocket. The stream is either a direct TCP connection
// or an already connected local socket handed over by a StreamOpener (an SSH direct-tcpip
// forward, or a socketpair in tests); TLS then runs over that stream, verified against the
// node's name, exactly as on a direct connection.
class SocketTransport : public Transport
{
    Q_OBJECT
public:
    using StreamReady = std::function<void(int fd, const NetError &error)>;
    // Produces a connected stream socket fd (ownership passes to the transport) or an error.
    // `context` guards the callback: it is the transport itself.
    using StreamOpener = std::function<void(QObject *context, StreamReady done)>;

    // With profile.ssh.enabled the stream comes from `ssh` (which may then not be null).
    SocketTransport(const ConnectionProfile &profile, SshSessionPool *ssh, QObject *parent = nullptr);
    ~SocketTransport() override;

    // Overrides where the stream comes from (SSH or not). Call before open().
    void setStreamOpener(StreamOpener opener);

    void open() override;
    void write(const QByteArray &data) override;
    void close() override;

private:
    bool configureTls(NetError *error);
    void adoptStream(int fd, const NetError &error);
    void watchSocket();
    void onConnected();
    void onReadyRead();
    void onSocketError(QAbstractSocket::SocketError code);
    void onDisconnected();
    void fail(const NetError &error);
    void failLater(const NetError &error);
    NetError mapSocketError(QAbstractSocket::SocketError code) const;
    QString where() const;
    QString verifyName() const;

    ConnectionProfile m_profile;
    SshSessionPool *m_ssh = nullptr;
    StreamOpener m_opener;
    QSslSocket *m_socket = nullptr;
    QList<QSslError> m_sslErrors;
    bool m_opened = false;
    bool m_finished = false;  // failed or closed: stays silent from now on
};
