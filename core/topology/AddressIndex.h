#pragma once

#include <QHash>
#include <QList>
#include <QString>

// Every address (and alias) the nodes of a topology are known by, exact and loosely: replicas
// report their master as configured (often "localhost") while Tandem reached it as 127.0.0.1,
// so every loopback spelling and the case of host names count as one host.
class AddressIndex
{
public:
    void add(const QString &address, int node);
    // Exact match first; a loose match only when it is unambiguous (two servers behind two SSH
    // hosts may both be "127.0.0.1:6379"). -1 when none.
    int find(const QString &address) const;

    // host and port of "host:port" or "[v6]:port"; false when it is neither.
    static bool split(const QString &address, QString *host, quint16 *port);
    // The same key for every loopback spelling (localhost, 127.x, ::1), host names lower-case.
    static QString looseKey(const QString &address);

private:
    QHash<QString, int> m_exact;
    QHash<QString, QList<int>> m_loose;
};
