#include "NodeStatusText.h"

#include "topology/TopologyLabels.h"

#include <QRegularExpression>

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

QString NodeStatusText::label(const TopologyNode &node)
{
    if (node.placeholder)
        return tr("Not polled");
    return TopologyLabels::reachability(node.reachability);
}

QString NodeStatusText::sentence(const TopologyNode &node)
{
    const QString message = withoutWho(node.error, node.address);
    switch (node.reachability) {
    case NodeReachability::Connecting:
        return tr("connecting");
    case NodeReachability::Up:
        return tr("connected");
    case NodeReachability::Loading:
        return tr("loading its dataset");
    case NodeReachability::Unreachable:
        return withReason(tr("unreachable"), message);
    case NodeReachability::AuthFailed:
        return withReason(tr("authentication failed"), message);
    case NodeReachability::HostKeyUnknown: {
        const QString fingerprint = fingerprintIn(node.error);
        return fingerprint.isEmpty() ? tr("unknown SSH host key")
                                     : tr("unknown SSH host key %1").arg(fingerprint);
    }
    case NodeReachability::HostKeyChanged: {
        const QString fingerprint = fingerprintIn(node.error);
        return fingerprint.isEmpty() ? tr("SSH host key changed; refusing to connect")
                                     : tr("SSH host key changed (%1); refusing to connect").arg(fingerprint);
    }
    case NodeReachability::Error:
        return withReason(tr("error"), message);
    }
    return {};
}

QIcon NodeStatusText::icon(NodeReachability reachability)
{
    switch (reachability) {
    case NodeReachability::Connecting:
    case NodeReachability::Loading:
        return QIcon(QStringLiteral(":/icons/status-connecting.svg"));
    case NodeReachability::Up:
        return QIcon(QStringLiteral(":/icons/status-up.svg"));
    case NodeReachability::Unreachable:
        return QIcon(QStringLiteral(":/icons/status-unreachable.svg"));
    case NodeReachability::AuthFailed:
        return QIcon(QStringLiteral(":/icons/status-auth.svg"));
    case NodeReachability::HostKeyUnknown:
    case NodeReachability::HostKeyChanged:
        return QIcon(QStringLiteral(":/icons/status-hostkey.svg"));
    case NodeReachability::Error:
        break;
    }
    return QIcon(QStringLiteral(":/icons/status-error.svg"));
}

bool NodeStatusText::isProblem(NodeReachability reachability)
{
    return reachability != NodeReachability::Up && reachability != NodeReachability::Connecting
        && reachability != NodeReachability::Loading;
}

QString NodeStatusText::fingerprintIn(const QString &error)
{
    // The topology carries the core's readable message only; host key messages always name
    // the fingerprint in OpenSSH's notation.
    static const QRegularExpression pattern(QStringLiteral("SHA256:[A-Za-z0-9+/=]+"));
    return pattern.match(error).captured(0);
}
