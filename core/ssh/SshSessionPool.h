#pragma once

#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include "RemoteFileTypes.h"

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

    // Remote files for the config editor, over SFTP on the same (shared) session. Handlers are
    // called once, on the pool's thread, only while `context` lives; the work runs on the
    // session's worker thread. A job holds its session for its duration (tunnels through the
    // same bastion wait meanwhile), so keep them to config-file sizes.
    using ReadHandler = std::function<void(const QByteArray &content, const RemoteFileInfo &info,
                                           const NetError &error)>;
    using WriteHandler = std::function<void(const RemoteWriteResult &result, const NetError &error)>;
    using CommandHandler = std::function<void(int exitCode, const QByteArray &out, const QByteArray &err,
                                              const NetError &error)>;

    // Whole file, at most kRemoteFileMaxSize bytes (larger: error detail "too_large").
    void readFile(const SshOptions &ssh, const QString &path, QObject *context, ReadHandler handler,
                  int timeoutMs = 30000);
    // Safe replace (see SftpFileWriter): refuses with detail "remote_changed" when
    // options.expectedMtime/expectedSize no longer match; backup, temp upload, mode/owner,
    // atomic rename. The original is never left truncated or half-written.
    void writeFile(const SshOptions &ssh, const QString &path, const QByteArray &content,
                   const RemoteWriteOptions &options, QObject *context, WriteHandler handler,
                   int timeoutMs = 60000);
    // `command` goes to the remote shell as is: quote arguments (RemoteCommand::shellQuote).
    // exitCode is the command's; error is set only when it could not be run to its end.
    void runCommand(const SshOptions &ssh, const QString &command, QObject *context, CommandHandler handler,
                    int timeoutMs = 30000);

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
