#pragma once

#include "topology/Topology.h"

#include <QCoreApplication>
#include <QString>

// The words and numbers the topology view shows: link labels, role and status names, sizes.
// Kept apart from the items so tests and tooltips read the same strings the cards paint.
class TopologyLabels
{
    Q_DECLARE_TR_FUNCTIONS(TopologyLabels)

public:
    // The role to show: the node's own report when it has one, else what sentinels said.
    static NodeSnapshot::Role role(const TopologyNode &node);
    static QString roleBadge(NodeSnapshot::Role role);        // "MASTER", "REPLICA", ...
    static QString roleName(NodeSnapshot::Role role);         // "master", "replica", ...
    static QString reachability(NodeReachability reachability);  // "Up", "Unreachable", ...
    // Tandem polled the node and it does not answer (refused, timed out, TLS/protocol error):
    // whatever it last said, its role now is unknown, so it is drawn down, not as a master.
    static bool isDown(const TopologyNode &node);
    // What the node's data is worth now: "" when current, "stale (35 s old)" when it is the
    // last word of a node that stopped answering (age measured against `now`).
    static QString staleness(const TopologyNode &node, const QDateTime &now);
    // "DOWN" for a down node, "FENCED" when fenced, else the role badge.
    static QString badge(const TopologyNode &node, bool fenced);
    // "down (was master)", "fenced (was master)", or the role name.
    static QString roleText(const TopologyNode &node, bool fenced);

    // "0 B", "512 B", "12.3 KiB", "1.2 MiB" (binary units, one decimal).
    static QString bytes(qint64 bytes);
    // "950 ops/s", "12.3k ops/s", "1.2M ops/s".
    static QString opsPerSecond(qint64 ops);

    // "up · 0 B", "up · 12.3 KiB / 2 s", "DOWN 35 s", "sync 42%".
    static QString linkLabel(const TopologyEdge &edge);
    // One sentence per line for the link's tooltip: state, lag, sync progress.
    static QString linkToolTip(const TopologyEdge &edge);
};
