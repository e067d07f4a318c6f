#include "TopologyDiff.h"

#include "TopologyBuilder.h"

#include <QHash>

namespace {

using Kind = TopologyEvent::Kind;
using Severity = Anomaly::Severity;

TopologyEvent event(Kind kind, const QDateTime &at, const QString &node, const QString &message,
                    Severity severity)
{
    TopologyEvent e;
    e.kind = kind;
    e.at = at;
    e.node = node;
    e.message = message;
    e.severity = severity;
    return e;
}

// "replica of 127.0.0.1:7000", "master": what a node is, including whom it follows.
QString roleText(const Topology &t, const TopologyNode &n)
{
    const TopologyEdge *e = t.edgeTo(n.address);
    if (n.role == NodeSnapshot::Role::Replica && e)
        return QStringLiteral("replica of %1").arg(e->master);
    return NodeSnapshot::roleName(n.role);
}

// Two addresses of one master: equal, loopback spellings of one port, or aliases of one node.
bool sameNode(const Topology &t, const QString &a, const QString &b)
{
    const TopologyNode *n = t.node(a);
    return TopologyBuilder::looselyEqual(a, b) || (n && n == t.node(b));
}

QString downText(const TopologyNode &n)
{
    switch (n.reachability) {
    case NodeReachability::Connecting:
        return QStringLiteral("%1 is down; Tandem is reconnecting").arg(n.address);
    case NodeReachability::AuthFailed:
        return QStringLiteral("%1 refused Tandem's login").arg(n.address);
    case NodeReachability::HostKeyUnknown:
        return QStringLiteral("%1 waits for its SSH host key to be accepted").arg(n.address);
    case NodeReachability::HostKeyChanged:
        return QStringLiteral("%1 is refused: its SSH host key changed").arg(n.address);
    default:
        return QStringLiteral("%1 cannot be reached").arg(n.address);
    }
}

void nodeEvents(const Topology &before, const Topology &after, QList<TopologyEvent> *out)
{
    const QDateTime at = after.takenAt;
    for (const TopologyNode &n : after.nodes) {
        // Alias-aware lookups: a node merged under another address was not added or removed.
        const TopologyNode *old = before.node(n.address);
        if (!old) {
            for (const QString &a : n.aliases) {
                if ((old = before.node(a)))
                    break;
            }
        }
        if (!old) {
            out->append(event(Kind::NodeAdded, at, n.address,
                              QStringLiteral("%1 joined the topology (%2)")
                                  .arg(n.address, roleText(after, n)), Severity::Info));
            continue;
        }
        if (n.isUp() && !old->isUp()) {
            const QString what = n.hasSnapshot
                ? QStringLiteral(" (%1, Redis %2)").arg(roleText(after, n), n.snapshot.version)
                : QString();
            out->append(event(Kind::NodeUp, at, n.address,
                              QStringLiteral("%1 is up%2").arg(n.address, what), Severity::Info));
        } else if (!n.isUp()) {
            // Down now, or still down for a new reason (refused -> wrong password) worth a line.
            const bool newReason = n.reachability != old->reachability && !n.placeholder
                && n.reachability != NodeReachability::Connecting;
            const QString why = n.error.isEmpty() ? QString() : QStringLiteral(": %1").arg(n.error);
            if (old->isUp() || newReason)
                out->append(event(Kind::NodeDown, at, n.address, downText(n) + why,
                                  n.reachability == NodeReachability::HostKeyChanged
                                      ? Severity::Critical : Severity::Warning));
        }
        // Roles compare only when both sides know them; a first answer is not a change.
        // A master now known under another of its addresses is the same master.
        const TopologyEdge *oldEdge = before.edgeTo(old->address);
        const TopologyEdge *newEdge = after.edgeTo(n.address);
        const bool sameMaster = !oldEdge || !newEdge
            || sameNode(after, oldEdge->master, newEdge->master);
        const QString was = roleText(before, *old);
        const QString now = roleText(after, n);
        if (old->role != NodeSnapshot::Role::Unknown && n.role != NodeSnapshot::Role::Unknown
            && (old->role != n.role || !sameMaster))
            out->append(event(Kind::RoleChanged, at, n.address,
                              QStringLiteral("%1 changed role: %2 -> %3").arg(n.address, was, now),
                              Severity::Warning));
    }
    for (const TopologyNode &n : before.nodes) {
        bool present = after.node(n.address);
        for (const QString &a : n.aliases)
            present = present || after.node(a);
        if (!present)
            out->append(event(Kind::NodeRemoved, at, n.address,
                              QStringLiteral("%1 left the topology").arg(n.address), Severity::Info));
    }
}

void edgeEvents(const Topology &before, const Topology &after, QList<TopologyEvent> *out)
{
    const QDateTime at = after.takenAt;
    for (const TopologyEdge &e : after.edges) {
        const TopologyEdge *old = before.edgeTo(e.replica);
        // Only the same master counts: a replica pointed elsewhere is a role change.
        if (old && !sameNode(after, old->master, e.master))
            old = nullptr;
        if (e.syncInProgress && !(old && old->syncInProgress)) {
            out->append(event(Kind::FullSyncStarted, at, e.replica,
                              QStringLiteral("%1 started a full sync from %2").arg(e.replica, e.master),
                              Severity::Info));
            continue;
        }
        if (!old)
            continue;
        if (old->syncInProgress && !e.syncInProgress) {
            if (e.linkUp)
                out->append(event(Kind::FullSyncFinished, at, e.replica,
                                  QStringLiteral("%1 finished its full sync from %2")
                                      .arg(e.replica, e.master), Severity::Info));
            else
                out->append(event(Kind::FullSyncFinished, at, e.replica,
                                  QStringLiteral("%1 stopped its full sync from %2 before it "
                                                 "completed").arg(e.replica, e.master),
                                  Severity::Warning));
            continue;
        }
        if (e.syncInProgress)
            continue;  // the link reads "down" all through a full sync: not news
        if (old->linkUp && !e.linkUp)
            out->append(event(Kind::LinkDown, at, e.replica,
                              QStringLiteral("Replication link %1 -> %2 is down").arg(e.master, e.replica),
                              Severity::Warning));
        else if (!old->linkUp && e.linkUp)
            out->append(event(Kind::LinkUp, at, e.replica,
                              QStringLiteral("Replication link %1 -> %2 is up again").arg(e.master, e.replica),
                              Severity::Info));
    }
}

void anomalyEvents(const Topology &before, const Topology &after, QList<TopologyEvent> *out)
{
    QHash<QString, const Anomaly *> old;
    for (const Anomaly &a : before.anomalies)
        old.insert(a.key(), &a);
    QHash<QString, const Anomaly *> now;
    for (const Anomaly &a : after.anomalies)
        now.insert(a.key(), &a);
    for (const Anomaly &a : after.anomalies) {
        if (!old.contains(a.key()))
            out->append(event(Kind::AnomalyRaised, after.takenAt, a.nodes.value(0), a.message,
                              a.severity));
    }
    for (const Anomaly &a : before.anomalies) {
        if (!now.contains(a.key()))
            out->append(event(Kind::AnomalyCleared, after.takenAt, a.nodes.value(0),
                              QStringLiteral("Resolved: %1").arg(a.message), Severity::Info));
    }
}

} // namespace

QList<TopologyEvent> TopologyDiff::events(const Topology &before, const Topology &after)
{
    QList<TopologyEvent> out;
    nodeEvents(before, after, &out);
    edgeEvents(before, after, &out);
    anomalyEvents(before, after, &out);
    return out;
}
