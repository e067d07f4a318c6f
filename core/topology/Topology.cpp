#include "Topology.h"

namespace {

// Callers may hold any address a node was reached by; edges and groups use the canonical one.
QString canonical(const Topology &topology, const QString &address)
{
    const TopologyNode *n = topology.node(address);
    return n ? n->address : address;
}

} // namespace

QString Anomaly::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Critical:
        return QStringLiteral("critical");
    }
    return QStringLiteral("warning");
}

const TopologyNode *Topology::node(const QString &address) const
{
    for (const TopologyNode &n : nodes) {
        if (n.address == address)
            return &n;
    }
    // Second pass so a node's own address always wins over another node's alias.
    for (const TopologyNode &n : nodes) {
        if (n.aliases.contains(address))
            return &n;
    }
    return nullptr;
}

QList<const TopologyEdge *> Topology::edgesFrom(const QString &master) const
{
    const QString m = canonical(*this, master);
    QList<const TopologyEdge *> out;
    for (const TopologyEdge &e : edges) {
        if (e.master == m)
            out.append(&e);
    }
    return out;
}

const TopologyEdge *Topology::edgeTo(const QString &replica) const
{
    const QString r = canonical(*this, replica);
    for (const TopologyEdge &e : edges) {
        if (e.replica == r)
            return &e;
    }
    return nullptr;
}

const TopologyGroup *Topology::groupOf(const QString &address) const
{
    const TopologyNode *n = node(address);
    if (!n || n->group < 0 || n->group >= groups.size())
        return nullptr;
    return &groups.at(n->group);
}

QString Topology::reachabilityName(NodeReachability r)
{
    switch (r) {
    case NodeReachability::Connecting:
        return QStringLiteral("connecting");
    case NodeReachability::Up:
        return QStringLiteral("up");
    case NodeReachability::Loading:
        return QStringLiteral("loading");
    case NodeReachability::Unreachable:
        return QStringLiteral("unreachable");
    case NodeReachability::AuthFailed:
        return QStringLiteral("auth_failed");
    case NodeReachability::HostKeyUnknown:
        return QStringLiteral("host_key_unknown");
    case NodeReachability::HostKeyChanged:
        return QStringLiteral("host_key_changed");
    case NodeReachability::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("unknown");
}

QString TopologyEvent::kindName(Kind kind)
{
    switch (kind) {
    case Kind::NodeAdded:
        return QStringLiteral("node_added");
    case Kind::NodeRemoved:
        return QStringLiteral("node_removed");
    case Kind::NodeUp:
        return QStringLiteral("node_up");
    case Kind::NodeDown:
        return QStringLiteral("node_down");
    case Kind::RoleChanged:
        return QStringLiteral("role_changed");
    case Kind::LinkDown:
        return QStringLiteral("link_down");
    case Kind::LinkUp:
        return QStringLiteral("link_up");
    case Kind::FullSyncStarted:
        return QStringLiteral("full_sync_started");
    case Kind::FullSyncFinished:
        return QStringLiteral("full_sync_finished");
    case Kind::AnomalyRaised:
        return QStringLiteral("anomaly_raised");
    case Kind::AnomalyCleared:
        return QStringLiteral("anomaly_cleared");
    }
    return QStringLiteral("unknown");
}
