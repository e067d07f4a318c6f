#include "NodeStatusText.h"

namespace {

// "authentication failed" + "WRONGPASS ..." -> "authentication failed: WRONGPASS ...", without
// repeating the prefix when the core's message already starts with it.
QString withReason(const QString &prefix, const QString &message)
{
    const QString m = message.trimmed();
    if (m.isEmpty())
        return prefix;
    if (m.startsWith(prefix, Qt::CaseInsensitive))
        return prefix + m.mid(prefix.size());
    return prefix + QStringLiteral(": ") + m;
}

// "authentication failed at 10.0.0.5:6379: WRONGPASS ..." -> "WRONGPASS ...";
// "10.0.0.5:6379 did not answer within 5000 ms" -> "did not answer within 5000 ms".
QString withoutWho(const QString &message, const QString &who)
{
    if (who.isEmpty())
        return message;
    const QString authPrefix = QStringLiteral("authentication failed at ") + who + QStringLiteral(": ");
    if (message.startsWith(authPrefix))
        return message.mid(authPrefix.size());
    if (message.startsWith(who + QLatin1Char(' ')))
        return message.mid(who.size() + 1);
    return message;
}

} // namespace

QString NodeStatusText::shortReason(const NetError &error)
{
    using Kind = NetError::Kind;
    switch (error.kind) {
    case Kind::Timeout: return tr("timed out");
    case Kind::ConnectionRefused: return tr("refused");
    case Kind::HostNotFound: return tr("host not found");
    case Kind::Closed: return tr("closed");
    case Kind::Aborted: return tr("dropped");
    case Kind::Ssh: return tr("SSH");
    case Kind::SshAuthFailed: return tr("SSH login");
    case Kind::Tls: return tr("TLS");
    case Kind::Protocol: return tr("protocol");
    case Kind::ServerError: return tr("server refused");
    default: return {};
    }
}

QString NodeStatusText::label(NodeMonitor::Status status, const NetError &error)
{
    const QString reason = shortReason(error);
    switch (status) {
    case NodeMonitor::Status::Connecting:
        return tr("Connecting…");
    case NodeMonitor::Status::Up:
        return tr("Up");
    case NodeMonitor::Status::Unreachable:
        return reason.isEmpty() ? tr("Unreachable") : tr("Unreachable (%1)").arg(reason);
    case NodeMonitor::Status::AuthFailed:
        return error.kind == NetError::Kind::SshAuthFailed ? tr("SSH authentication failed")
                                                           : tr("Authentication failed");
    case NodeMonitor::Status::HostKeyUnknown:
        return tr("Unknown SSH host key");
    case NodeMonitor::Status::HostKeyChanged:
        return tr("SSH host key changed");
    case NodeMonitor::Status::Error:
        return reason.isEmpty() ? tr("Error") : tr("Error (%1)").arg(reason);
    }
    return {};
}

QString NodeStatusText::sentence(NodeMonitor::Status status, const NetError &error,
                                 const QString &who)
{
    const QString message = withoutWho(error.message, who);
    switch (status) {
    case NodeMonitor::Status::Connecting:
        return tr("connecting");
    case NodeMonitor::Status::Up:
        return tr("connected");
    case NodeMonitor::Status::Unreachable:
        return withReason(tr("unreachable"), message);
    case NodeMonitor::Status::AuthFailed:
        return withReason(error.kind == NetError::Kind::SshAuthFailed
                              ? tr("SSH authentication failed")
                              : tr("authentication failed"),
                          message);
    case NodeMonitor::Status::HostKeyUnknown:
        return tr("unknown SSH host key %1").arg(error.detail);
    case NodeMonitor::Status::HostKeyChanged:
        return tr("SSH host key changed (%1); refusing to connect").arg(error.detail);
    case NodeMonitor::Status::Error:
        return withReason(tr("error"), message);
    }
    return {};
}

QIcon NodeStatusText::icon(NodeMonitor::Status status)
{
    switch (status) {
    case NodeMonitor::Status::Connecting:
        return QIcon(QStringLiteral(":/icons/status-connecting.svg"));
    case NodeMonitor::Status::Up:
        return QIcon(QStringLiteral(":/icons/status-up.svg"));
    case NodeMonitor::Status::Unreachable:
        return QIcon(QStringLiteral(":/icons/status-unreachable.svg"));
    case NodeMonitor::Status::AuthFailed:
        return QIcon(QStringLiteral(":/icons/status-auth.svg"));
    case NodeMonitor::Status::HostKeyUnknown:
    case NodeMonitor::Status::HostKeyChanged:
        return QIcon(QStringLiteral(":/icons/status-hostkey.svg"));
    case NodeMonitor::Status::Error:
        return QIcon(QStringLiteral(":/icons/status-error.svg"));
    }
    return {};
}

bool NodeStatusText::isProblem(NodeMonitor::Status status)
{
    return status != NodeMonitor::Status::Up && status != NodeMonitor::Status::Connecting;
}
