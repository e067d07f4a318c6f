#pragma once

#include "RemoteFileTypes.h"

#include "net/NetError.h"

class SftpConnection;
class SshJob;

// Reads one whole remote file over SFTP, with its size, mode, owner and mtime as they were
// when it was opened (fstat on the open handle, so content and info belong together).
class SftpFileReader
{
public:
    SftpFileReader(SftpConnection &sftp, const SshJob &job);

    NetError read(const QString &path, qint64 maxSize, QByteArray *content, RemoteFileInfo *info);

private:
    SftpConnection &m_sftp;
    const SshJob &m_job;
};
