#include "AddressIndex.h"

namespace {

bool isLoopbackHost(const QString &host)
{
    const QString h = host.toLower();
    return h == QLatin1String("localhost") || h == QLatin1String("localhost.localdomain")
        || h.startsWith(QLatin1String("127.")) || h == QLatin1String("::1");
}

} // namespace

bool AddressIndex::split(const QString &address, QString *host, quint16 *port)
{
    QString h;
    QString p;
    if (address.startsWith(QLatin1Char('['))) {
        const qsizetype close = address.indexOf(QLatin1Char(']'));
        if (close < 0 || address.mid(close + 1, 1) != QLatin1String(":"))
            return false;
        h = address.mid(1, close - 1);
        p = address.mid(close + 2);
    } else {
        const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
        if (colon <= 0)
            return false;
        h = address.left(colon);
        p = address.mid(colon + 1);
    }
    bool ok = false;
    const uint v = p.toUInt(&ok);
    if (!ok || v == 0 || v > 65535 || h.isEmpty())
        return false;
    *host = h;
    *port = quint16(v);
    return true;
}

QString AddressIndex::looseKey(const QString &address)
{
    QString host;
    quint16 port = 0;
    if (!split(address, &host, &port))
        return address.toLower();
    const QString h = isLoopbackHost(host) ? QStringLiteral("loopback") : host.toLower();
    return h + QLatin1Char(':') + QString::number(port);
}

void AddressIndex::add(const QString &address, int node)
{
    if (!m_exact.contains(address))
        m_exact.insert(address, node);
    QList<int> &l = m_loose[looseKey(address)];
    if (!l.contains(node))
        l.append(node);
}

int AddressIndex::find(const QString &address) const
{
    const auto it = m_exact.constFind(address);
    if (it != m_exact.constEnd())
        return it.value();
    const QList<int> l = m_loose.value(looseKey(address));
    return l.size() == 1 ? l.first() : -1;
}
