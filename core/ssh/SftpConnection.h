#pragma once

#include "RemoteFileTypes.h"

#include "net/NetError.h"

#include <libssh/libssh.h>
#include <libssh/sftp.h>

// One SFTP subsystem channel on a logged-in session, for the length of one job. Turns
// libssh's error state into readable NetErrors: file-level problems (no such file, permission
// denied) come out as Kind::Other with a stable detail, a lost connection as Kind::Ssh.
class SftpConnection
{
public:
    // Bytes per SFTP read or write request: OpenSSH's sftp-server takes and answers at most
    // 32 KiB per packet, and libssh 0.10 sends one request per call.
    static constexpr int kChunk = 32 * 1024;

    explicit SftpConnection(ssh_session session);
    ~SftpConnection();
    SftpConnection(const SftpConnection &) = delete;
    SftpConnection &operator=(const SftpConnection &) = delete;

    NetError open();
    sftp_session handle() const { return m_sftp; }
    ssh_session session() const { return m_session; }

    // The error of the last failed call, as "<doing> <path>: <reason>".
    NetError error(const QString &doing, const QString &path) const;
    int lastStatus() const;  // SSH_FX_* of the last failed call
    bool supports(const char *extension, const char *version) const;

    // stat() (follows symlinks) or lstat(); false with *error set when it fails.
    bool stat(const QString &path, RemoteFileInfo *info, NetError *error, bool *isSymlink = nullptr,
              bool follow = true) const;
    static RemoteFileInfo toInfo(sftp_attributes attributes);

    static QByteArray encode(const QString &path);

private:
    ssh_session m_session;
    sftp_session m_sftp = nullptr;
};
