#pragma once

#include "info/NodeSnapshot.h"
#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <QString>
#include <QStringList>

// How TopologyMonitor finds neighbours and reaches them. Pure functions, kept apart so the
// rules can be read (and tested) without the polling machinery around them.
class DiscoveryRules
{
public:
    // host:port the way ConnectionProfile::address() writes it ([v6]:port for IPv6).
    static QString address(const QString &host, quint16 port);
    // Inverse of address(); false for text that is not host:port.
    static bool splitAddress(const QString &address, QString *host, quint16 *port);

    // What a node's INFO points at: a replica's master, a master's (or relay's) replicas.
    static QStringList linkedAddresses(const NodeSnapshot &snapshot);

    // The profile of a node found through `parent`: same user, password, TLS and SSH (an
    // operator's nodes share them far more often than not), only the address differs.
    static ConnectionProfile inherit(const ConnectionProfile &parent, const QString &address);

    // AUTH refused because the server has no password at all: sentinels usually run without
    // one next to password-protected data nodes, so the monitor retries such a node without.
    static bool isNoPasswordConfigured(const NetError &error);
};
