#pragma once

#include "RemoteFileTypes.h"

#include "net/NetError.h"

#include <libssh/libssh.h>

class SftpConnection;
class SshJob;

// Replaces one remote file without ever leaving it truncated or half-written: refuse if it
// changed since it was read, copy it to a timestamped backup, upload the new content to a
// hidden temp file in the same directory (same filesystem, so the final rename is atomic),
// give that the original's mode and owner, then rename it over the original. Any failure
// after the upload started removes the temp file again (when the connection still allows).
class SftpFileWriter
{
public:
    SftpFileWriter(SftpConnection &sftp, const SshJob &job);

    NetError write(const QString &path, const QByteArray &content, const RemoteWriteOptions &options,
                   RemoteWriteResult *result);

    // "<dir>/.<name>.tandem-<random>": hidden, next to the target.
    static QString tempPathFor(const QString &path);
    // "<path>.tandem-backup-YYYYMMDD-HHMMSS" (local time of this machine).
    static QString backupPathFor(const QString &path);

private:
    NetError resolveTarget(const QString &path, QString *target, RemoteFileInfo *info, bool *exists);
    NetError checkUnchanged(const QString &path, const RemoteFileInfo &info, const RemoteWriteOptions &options) const;
    NetError makeBackup(const QString &path, const RemoteFileInfo &info, RemoteWriteResult *result);
    NetError upload(const QString &path, const QByteArray &content, bool fsync);
    void applyAttributes(const QString &path, const RemoteFileInfo &info, RemoteWriteResult *result);
    NetError replace(const QString &temp, const QString &path, RemoteWriteResult *result);
    void removeQuietly(const QString &path);

    SftpConnection &m_sftp;
    const SshJob &m_job;
    bool m_keepTemp = false;  // set when the temp file became the only copy of the content
};
