#include "SftpFileWriter.h"

#include "RemoteCommand.h"
#include "SftpConnection.h"
#include "SftpFileReader.h"
#include "SshJob.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <fcntl.h>

#include <algorithm>

namespace {

// The backup is read into memory first; a config file far beyond this is not what we edit.
constexpr qint64 kBackupMaxSize = 4 * kRemoteFileMaxSize;
constexpr int kBackupAttempts = 20;

QString directoryOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    if (slash < 0)
        return QString();
    return path.left(slash + 1);  // keeps the slash ("/" stays "/")
}

QString nameOf(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

} // namespace

SftpFileWriter::SftpFileWriter(SftpConnection &sftp, const SshJob &job)
    : m_sftp(sftp)
    , m_job(job)
{
}

QString SftpFileWriter::tempPathFor(const QString &path)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QString token;
    for (int i = 0; i < 8; ++i)
        token += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof alphabet - 1))]);
    return directoryOf(path) + QLatin1Char('.') + nameOf(path) + QStringLiteral(".tandem-") + token;
}

QString SftpFileWriter::backupPathFor(const QString &path)
{
    return path + QStringLiteral(".tandem-backup-")
        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
}

NetError SftpFileWriter::write(const QString &path, const QByteArray &content, const RemoteWriteOptions &options,
                               RemoteWriteResult *result)
{
    *result = RemoteWriteResult();
    QString target;
    RemoteFileInfo info;
    bool exists = false;
    NetError error = resolveTarget(path, &target, &info, &exists);
    if (!error.isError())
        error = checkUnchanged(target, exists ? info : RemoteFileInfo(), options);
    if (!error.isError() && exists && options.backup)
        error = makeBackup(target, info, result);
    if (error.isError())
        return error;

    const QString temp = tempPathFor(target);
    error = upload(temp, content, options.fsync);
    if (!error.isError()) {
        if (exists)
            applyAttributes(temp, info, result);
        error = replace(temp, target, result);
    }
    if (error.isError()) {
        // The original was never touched: only the temp file (if any) has to go.
        if (!m_keepTemp)
            removeQuietly(temp);
        return error;
    }
    result->bytesWritten = content.size();
    return {};
}

NetError SftpFileWriter::resolveTarget(const QString &path, QString *target, RemoteFileInfo *info, bool *exists)
{
    *target = path;
    *exists = false;
    if (!path.startsWith(QLatin1Char('/')))
        return NetError::make(NetError::Kind::Other, QStringLiteral("The remote path must be absolute: %1").arg(path),
                              QStringLiteral("bad_path"));
    NetError error;
    bool isSymlink = false;
    if (!m_sftp.stat(path, info, &error, &isSymlink, false)) {
        if (m_sftp.lastStatus() == SSH_FX_NO_SUCH_FILE)
            return {};  // a new file: nothing to compare, back up or preserve
        return error;
    }
    *exists = true;
    if (isSymlink) {
        // Renaming over the link would replace the link itself; write where it points instead.
        const QByteArray name = SftpConnection::encode(path);
        char *resolved = sftp_canonicalize_path(m_sftp.handle(), name.constData());
        if (!resolved)
            return m_sftp.error(QStringLiteral("Resolving the link"), path);
        *target = QString::fromUtf8(resolved);
        ssh_string_free_char(resolved);
        if (!m_sftp.stat(*target, info, &error))
            return error;
    }
    return {};
}

NetError SftpFileWriter::checkUnchanged(const QString &path, const RemoteFileInfo &info,
                                        const RemoteWriteOptions &options) const
{
    const bool mtimeChanged = options.expectedMtime >= 0 && info.mtime != options.expectedMtime;
    const bool sizeChanged = options.expectedSize >= 0 && info.size != options.expectedSize;
    if (!mtimeChanged && !sizeChanged)
        return {};
    if (info.size < 0)
        return NetError::make(NetError::Kind::Other,
                              QStringLiteral("%1 was removed on the server since you opened it; nothing was written.")
                                  .arg(path),
                              QStringLiteral("remote_changed"));
    return NetError::make(NetError::Kind::Other,
                          QStringLiteral("%1 changed on the server since you opened it (now %2 bytes, modified %3); "
                                         "nothing was written. Reopen it to see the other changes.")
                              .arg(path)
                              .arg(info.size)
                              .arg(QDateTime::fromSecsSinceEpoch(info.mtime).toString(Qt::ISODate)),
                          QStringLiteral("remote_changed"));
}

NetError SftpFileWriter::makeBackup(const QString &path, const RemoteFileInfo &info, RemoteWriteResult *result)
{
    QByteArray old;
    RemoteFileInfo readInfo;
    NetError error = SftpFileReader(m_sftp, m_job).read(path, kBackupMaxSize, &old, &readInfo);
    if (error.isError()) {
        error.message = QStringLiteral("Cannot make a backup, nothing was written: ") + error.message;
        return error;
    }
    const QString base = backupPathFor(path);
    for (int attempt = 0; attempt < kBackupAttempts; ++attempt) {
        // Two saves within a second must not overwrite the first backup.
        const QString candidate = attempt == 0 ? base : base + QLatin1Char('-') + QString::number(attempt);
        RemoteFileInfo existing;
        NetError statError;
        if (m_sftp.stat(candidate, &existing, &statError, nullptr, false))
            continue;
        if (m_sftp.lastStatus() != SSH_FX_NO_SUCH_FILE) {
            statError.message = QStringLiteral("Cannot make a backup, nothing was written: ") + statError.message;
            return statError;
        }
        error = upload(candidate, old, false);
        if (error.isError()) {
            removeQuietly(candidate);
            error.message = QStringLiteral("Cannot make a backup, nothing was written: ") + error.message;
            return error;
        }
        applyAttributes(candidate, info, result);
        result->backupPath = candidate;
        return {};
    }
    return NetError::make(NetError::Kind::Other,
                          QStringLiteral("Cannot make a backup of %1: too many backups named %2*; nothing was written.")
                              .arg(path, base),
                          QStringLiteral("backup_failed"));
}

NetError SftpFileWriter::upload(const QString &path, const QByteArray &content, bool fsync)
{
    const QByteArray name = SftpConnection::encode(path);
    // Owner-only until applyAttributes(): the content may be secret (requirepass).
    sftp_file file = sftp_open(m_sftp.handle(), name.constData(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (!file)
        return m_sftp.error(QStringLiteral("Creating"), path);
    NetError error;
    qint64 offset = 0;
    while (offset < content.size()) {
        if (m_job.shouldStop()) {
            error = NetError::make(NetError::Kind::Timeout,
                                   QStringLiteral("Writing %1 did not finish in time.").arg(path));
            break;
        }
        const qint64 size = std::min<qint64>(SftpConnection::kChunk, content.size() - offset);
        const ssize_t n = sftp_write(file, content.constData() + offset, size_t(size));
        if (n <= 0) {
            error = m_sftp.error(QStringLiteral("Writing"), path);
            break;
        }
        offset += n;
    }
    if (!error.isError() && fsync && m_sftp.supports("fsync@openssh.com", "1") && sftp_fsync(file) != SSH_OK)
        error = m_sftp.error(QStringLiteral("Flushing to disk"), path);
    if (sftp_close(file) != SSH_NO_ERROR && !error.isError())
        error = m_sftp.error(QStringLiteral("Closing"), path);
    return error;
}

void SftpFileWriter::applyAttributes(const QString &path, const RemoteFileInfo &info, RemoteWriteResult *result)
{
    const QByteArray name = SftpConnection::encode(path);
    if (info.mode != 0 && sftp_chmod(m_sftp.handle(), name.constData(), mode_t(info.mode)) != SSH_OK)
        result->warnings << QStringLiteral("Could not set the mode of %1 to %2: %3")
                                .arg(path, QString::number(info.mode, 8), m_sftp.error(QString(), path).message);
    RemoteFileInfo now;
    NetError error;
    if (!m_sftp.stat(path, &now, &error, nullptr, false)) {
        result->warnings << error.message;
        return;
    }
    if (now.uid == info.uid && now.gid == info.gid)
        return;
    // Only root may give a file away; the file then belongs to the SSH user, which works but
    // may surprise whoever reads it (redis-server runs as its own user).
    if (sftp_chown(m_sftp.handle(), name.constData(), uid_t(info.uid), gid_t(info.gid)) != SSH_OK)
        result->warnings << QStringLiteral("Could not keep the owner %1:%2 on %3 (it now belongs to uid %4, gid %5).")
                                .arg(info.uid)
                                .arg(info.gid)
                                .arg(path)
                                .arg(now.uid)
                                .arg(now.gid);
}

NetError SftpFileWriter::replace(const QString &temp, const QString &path, RemoteWriteResult *result)
{
    if (m_job.shouldStop())
        return NetError::make(NetError::Kind::Timeout,
                              QStringLiteral("Writing %1 did not finish in time; it was left unchanged.").arg(path));
    // SFTP v3 rename refuses to overwrite, and libssh 0.10 has no call for the
    // posix-rename@openssh.com extension: mv(1) in the same directory is rename(2), atomic.
    const RemoteCommand::Result mv = RemoteCommand(m_sftp.session(), m_job)
                                         .run(RemoteCommand::shellCommand({QStringLiteral("mv"), QStringLiteral("-f"),
                                                                           QStringLiteral("--"), temp, path}));
    if (!mv.error.isError() && mv.exitCode == 0)
        return {};
    if (!mv.error.isError())
        return NetError::make(NetError::Kind::Other,
                              QStringLiteral("Replacing %1 failed (mv exited with %2): %3")
                                  .arg(path)
                                  .arg(mv.exitCode)
                                  .arg(QString::fromUtf8(mv.err).trimmed()),
                              QStringLiteral("rename_failed"));
    if (!mv.channelRefused)
        return mv.error;
    // No shell (an SFTP-only account): unlink, then rename. Not atomic: for a moment the
    // path does not exist, but it is never half-written.
    const QByteArray from = SftpConnection::encode(temp);
    const QByteArray to = SftpConnection::encode(path);
    if (sftp_unlink(m_sftp.handle(), to.constData()) != SSH_OK && m_sftp.lastStatus() != SSH_FX_NO_SUCH_FILE)
        return m_sftp.error(QStringLiteral("Removing the old"), path);
    if (sftp_rename(m_sftp.handle(), from.constData(), to.constData()) != SSH_OK) {
        // The old file is gone: the temp file now holds the only copy, it must stay.
        m_keepTemp = true;
        NetError error = m_sftp.error(QStringLiteral("Renaming the new file to"), path);
        error.message += QStringLiteral(" The new content is in %1").arg(temp)
            + (result->backupPath.isEmpty() ? QString() : QStringLiteral(", the old in %1").arg(result->backupPath))
            + QLatin1Char('.');
        return error;
    }
    result->warnings << QStringLiteral("The server allows no commands, so %1 was replaced by remove + rename "
                                       "(not atomically).")
                            .arg(path);
    return {};
}

void SftpFileWriter::removeQuietly(const QString &path)
{
    const QByteArray name = SftpConnection::encode(path);
    if (ssh_is_connected(m_sftp.session()))
        sftp_unlink(m_sftp.handle(), name.constData());
}
