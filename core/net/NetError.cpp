#include "NetError.h"

bool NetError::isConnectFailure() const
{
    switch (kind) {
    case Kind::HostNotFound:
    case Kind::ConnectionRefused:
    case Kind::Timeout:
    case Kind::Closed:
    case Kind::AuthFailed:
    case Kind::Tls:
    case Kind::SshHostKeyUnknown:
    case Kind::SshHostKeyChanged:
    case Kind::SshAuthFailed:
    case Kind::Ssh:
        return true;
    default:
        return false;
    }
}

NetError NetError::make(Kind kind, const QString &message, const QString &detail)
{
    NetError e;
    e.kind = kind;
    e.message = message;
    e.detail = detail;
    return e;
}

QString NetError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None: return QStringLiteral("none");
    case Kind::HostNotFound: return QStringLiteral("host_not_found");
    case Kind::ConnectionRefused: return QStringLiteral("connection_refused");
    case Kind::Timeout: return QStringLiteral("timeout");
    case Kind::Closed: return QStringLiteral("closed");
    case Kind::Protocol: return QStringLiteral("protocol_error");
    case Kind::ServerError: return QStringLiteral("server_error");
    case Kind::AuthFailed: return QStringLiteral("auth_failed");
    case Kind::Tls: return QStringLiteral("tls_error");
    case Kind::SshHostKeyUnknown: return QStringLiteral("ssh_host_key_unknown");
    case Kind::SshHostKeyChanged: return QStringLiteral("ssh_host_key_changed");
    case Kind::SshAuthFailed: return QStringLiteral("ssh_auth_failed");
    case Kind::Ssh: return QStringLiteral("ssh_error");
    case Kind::Aborted: return QStringLiteral("aborted");
    case Kind::Other: return QStringLiteral("error");
    }
    return QStringLiteral("error");
}
