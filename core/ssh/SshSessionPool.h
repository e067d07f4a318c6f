#pragma once

#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <QObject>

#include <functional>

// SSH sessions shared by every connection that goes through the same bastion. Each session
// lives on its own worker thread (libssh sessions are single-threaded and blocking); the pool
// itself is used from the GUI/main thread and never blocks it.
class SshSessionPool : public QObject
{
    Q_OBJECT
public:
    explicit SshSessionPool(QObject *parent = nullptr);
    ~SshSessionPool() override;

    // Receives one end of a connected local stream socket (the caller owns it and wraps it in
    // a QTcpSocket/QSslSocket), or an error. Called once, on the caller's thread.
    using ForwardHandler = std::function<void(int fd, const NetError &error)>;

    // Opens a direct-tcpip channel to host:port as resolved on the SSH server's side,
    // connecting (and checking the host key against the known_hosts file) if needed.
    // An unknown host key fails with SshHostKeyUnknown (detail = "SHA256:..." fingerprint)
    // unless ssh.acceptNewHostKey is set or ssh.acceptFingerprint matches; a changed key
    // always fails with SshHostKeyChanged.
    void openForward(const SshOptions &ssh, const QString &host, quint16 port,
                     QObject *context, ForwardHandler handler, int timeoutMs = 10000);

    // Drops idle sessions (no open channels). Called on shutdown and by tests.
    void closeAll();

    // A session without channels disconnects after this long (default 60 s; negative: never).
    // Applies to sessions created afterwards.
    void setIdleTimeout(int ms);
    // Sessions alive right now (connecting, serving or lingering idle).
    int sessionCount() const;

private:
    struct Private;
    Private *d;
};
