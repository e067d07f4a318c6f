#include "SftpConnection.h"


SftpConnection::SftpConnection(ssh_session session)
    : m_session(session)
{
}

SftpConnection::~SftpConnection()
{
    if (m_sftp)
        sftp_free(m_sftp);
}

QByteArray SftpConnection::encode(const QString &path)
{
    // Remote paths are bytes; UTF-8 is what every current server uses for names.
    return path.toUtf8();
}

NetError SftpConnection::open()
{
    m_sftp = sftp_new(m_session);
    if (!m_sftp)
        return NetError::make(NetError::Kind::Ssh, QStringLiteral("Cannot open an SFTP channel: %1")
                                                       .arg(QString::fromUtf8(ssh_get_error(m_session))));
    if (sftp_init(m_sftp) != SSH_OK) {
        const NetError error = NetError::make(
            NetError::Kind::Ssh, QStringLiteral("The SSH server refused SFTP (is the sftp subsystem enabled?): %1")
                                     .arg(QString::fromUtf8(ssh_get_error(m_session))));
        sftp_free(m_sftp);
        m_sftp = nullptr;
        return error;
    }
    return {};
}

int SftpConnection::lastStatus() const
{
    return m_sftp ? sftp_get_error(m_sftp) : SSH_FX_NO_CONNECTION;
}

bool SftpConnection::supports(const char *extension, const char *version) const
{
    return m_sftp && sftp_extension_supported(m_sftp, extension, version) == 1;
}

NetError SftpConnection::error(const QString &doing, const QString &path) const
{
    const QString what = doing + QLatin1Char(' ') + path;
    if (!ssh_is_connected(m_session) || (ssh_get_status(m_session) & (SSH_CLOSED | SSH_CLOSED_ERROR)))
        return NetError::make(NetError::Kind::Ssh, QStringLiteral("%1 failed: the SSH connection was lost (%2).")
                                                       .arg(what, QString::fromUtf8(ssh_get_error(m_session))));
    switch (lastStatus()) {
    case SSH_FX_NO_SUCH_FILE:
    case SSH_FX_NO_SUCH_PATH:
        return NetError::make(NetError::Kind::Other, QStringLiteral("%1: no such file or directory.").arg(what),
                              QStringLiteral("no_such_file"));
    case SSH_FX_PERMISSION_DENIED:
        return NetError::make(NetError::Kind::Other, QStringLiteral("%1: permission denied.").arg(what),
                              QStringLiteral("permission_denied"));
    case SSH_FX_FILE_ALREADY_EXISTS:
        return NetError::make(NetError::Kind::Other, QStringLiteral("%1: the file already exists.").arg(what),
                              QStringLiteral("exists"));
    case SSH_FX_OP_UNSUPPORTED:
        return NetError::make(NetError::Kind::Other, QStringLiteral("%1: the SFTP server does not support this.")
                                                         .arg(what),
                              QStringLiteral("unsupported"));
    default:
        return NetError::make(NetError::Kind::Other, QStringLiteral("%1 failed: %2")
                                                         .arg(what, QString::fromUtf8(ssh_get_error(m_session))),
                              QStringLiteral("sftp_failure"));
    }
}

RemoteFileInfo SftpConnection::toInfo(sftp_attributes attributes)
{
    RemoteFileInfo info;
    if (attributes->flags & SSH_FILEXFER_ATTR_SIZE)
        info.size = qint64(attributes->size);
    if (attributes->flags & SSH_FILEXFER_ATTR_PERMISSIONS)
        info.mode = attributes->permissions & 07777;
    if (attributes->flags & SSH_FILEXFER_ATTR_UIDGID) {
        info.uid = attributes->uid;
        info.gid = attributes->gid;
    }
    if (attributes->flags & SSH_FILEXFER_ATTR_ACMODTIME)
        info.mtime = qint64(attributes->mtime);
    return info;
}

bool SftpConnection::stat(const QString &path, RemoteFileInfo *info, NetError *error, bool *isSymlink,
                          bool follow) const
{
    const QByteArray name = encode(path);
    sftp_attributes attributes = follow ? sftp_stat(m_sftp, name.constData()) : sftp_lstat(m_sftp, name.constData());
    if (!attributes) {
        *error = this->error(QStringLiteral("Looking up"), path);
        return false;
    }
    *info = toInfo(attributes);
    if (isSymlink)
        *isSymlink = attributes->type == SSH_FILEXFER_TYPE_SYMLINK;
    sftp_attributes_free(attributes);
    return true;
}
