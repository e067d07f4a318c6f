#include "SftpFileReader.h"

#include "SftpConnection.h"
#include "SshJob.h"

#include <fcntl.h>

#include <algorithm>

SftpFileReader::SftpFileReader(SftpConnection &sftp, const SshJob &job)
    : m_sftp(sftp)
    , m_job(job)
{
}

NetError SftpFileReader::read(const QString &path, qint64 maxSize, QByteArray *content, RemoteFileInfo *info)
{
    content->clear();
    const QByteArray name = SftpConnection::encode(path);
    sftp_file file = sftp_open(m_sftp.handle(), name.constData(), O_RDONLY, 0);
    if (!file)
        return m_sftp.error(QStringLiteral("Opening"), path);
    NetError error;
    sftp_attributes attributes = sftp_fstat(file);
    if (!attributes) {
        error = m_sftp.error(QStringLiteral("Looking up"), path);
    } else {
        *info = SftpConnection::toInfo(attributes);
        const bool regular = attributes->type == SSH_FILEXFER_TYPE_REGULAR;
        sftp_attributes_free(attributes);
        if (!regular)
            error = NetError::make(NetError::Kind::Other, QStringLiteral("%1 is not a regular file.").arg(path),
                                   QStringLiteral("not_a_file"));
        else if (info->size > maxSize)
            error = NetError::make(NetError::Kind::Other,
                                   QStringLiteral("%1 is too large to open (%2 bytes; the limit is %3 bytes).")
                                       .arg(path)
                                       .arg(info->size)
                                       .arg(maxSize),
                                   QStringLiteral("too_large"));
    }
    if (!error.isError()) {
        content->reserve(int(std::max<qint64>(0, info->size)));
        char buffer[SftpConnection::kChunk];
        for (;;) {
            if (m_job.shouldStop()) {
                error = NetError::make(NetError::Kind::Timeout,
                                       QStringLiteral("Reading %1 did not finish in time.").arg(path));
                break;
            }
            const ssize_t n = sftp_read(file, buffer, sizeof buffer);
            if (n < 0) {
                error = m_sftp.error(QStringLiteral("Reading"), path);
                break;
            }
            if (n == 0)
                break;
            // The file may grow while we read it; the limit holds for what we keep in memory.
            if (content->size() + n > maxSize) {
                error = NetError::make(NetError::Kind::Other,
                                       QStringLiteral("%1 grew beyond %2 bytes while it was read.").arg(path).arg(maxSize),
                                       QStringLiteral("too_large"));
                break;
            }
            content->append(buffer, int(n));
        }
    }
    sftp_close(file);
    if (error.isError())
        content->clear();
    else
        info->size = content->size();  // what we actually hold, should the file have changed
    return error;
}
