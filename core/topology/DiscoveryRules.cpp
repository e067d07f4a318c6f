#include "DiscoveryRules.h"

QString DiscoveryRules::address(const QString &host, quint16 port)
{
    if (host.contains(QLatin1Char(':')))
        return QLatin1Char('[') + host + QStringLiteral("]:") + QString::number(port);
    return host + QLatin1Char(':') + QString::number(port);
}

bool DiscoveryRules::splitAddress(const QString &address, QString *host, quint16 *port)
{
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    bool ok = false;
    const uint p = QStringView(address).mid(colon + 1).toUInt(&ok);
    if (!ok || p == 0 || p > 65535)
        return false;
    QStringView h = QStringView(address).left(colon);
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    if (h.isEmpty())
        return false;
    *host = h.toString();
    *port = quint16(p);
    return true;
}

QStringList DiscoveryRules::linkedAddresses(const NodeSnapshot &snapshot)
{
    QStringList out;
    if (snapshot.role == NodeSnapshot::Role::Replica && !snapshot.masterHost.isEmpty()
        && snapshot.masterPort != 0) {
        out.append(address(snapshot.masterHost, snapshot.masterPort));
    }
    // Replicas of replicas are listed by the relay itself, so any role may have slaveN lines.
    for (const ReplicaEntry &r : snapshot.replicas) {
        if (!r.ip.isEmpty() && r.port != 0)
            out.append(address(r.ip, r.port));
    }
    return out;
}

ConnectionProfile DiscoveryRules::inherit(const ConnectionProfile &parent, const QString &address)
{
    ConnectionProfile p = parent;
    p.name.clear();
    if (!splitAddress(address, &p.host, &p.port))
        return parent;
    return p;
}

bool DiscoveryRules::isNoPasswordConfigured(const NetError &error)
{
    if (error.kind != NetError::Kind::AuthFailed)
        return false;
    return error.message.contains(QLatin1String("without any password configured"), Qt::CaseInsensitive)
        || error.message.contains(QLatin1String("no password is set"), Qt::CaseInsensitive);
}
