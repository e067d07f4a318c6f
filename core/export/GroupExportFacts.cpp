#include "GroupExportFacts.h"

#include "topology/DiscoveryRules.h"

#include <QHostAddress>

bool GroupExportFacts::hasConfig(const QByteArray &name) const
{
    for (const auto &pair : config) {
        if (pair.first == name)
            return true;
    }
    return false;
}

QByteArray GroupExportFacts::configValue(const QByteArray &name) const
{
    for (const auto &pair : config) {
        if (pair.first == name)
            return pair.second;
    }
    return {};
}

QStringList GroupExportFacts::hosts() const
{
    QStringList out;
    for (const QString &address : nodes) {
        QString host;
        quint16 port = 0;
        if (DiscoveryRules::splitAddress(address, &host, &port) && !out.contains(host))
            out.append(host);
    }
    return out;
}

bool GroupExportFacts::isHostName(const QString &host)
{
    return !host.isEmpty() && QHostAddress(host).isNull();
}
