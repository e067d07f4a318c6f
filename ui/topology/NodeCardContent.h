#pragma once

#include "NodeFences.h"
#include "topology/Topology.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

// What one node card shows, derived from the topology in one place. Cards compare the new
// content with the old and repaint only when it differs, so the 1 s poll stays cheap.
struct NodeCardContent
{
    Q_DECLARE_TR_FUNCTIONS(NodeCardContent)

public:
    NodeSnapshot::Role role = NodeSnapshot::Role::Unknown;
    NodeReachability reachability = NodeReachability::Connecting;
    QString badge;             // "MASTER", "REPLICA", "DOWN", "FENCED"
    bool down = false;         // polled and not answering: drawn grey, whatever its last role
    bool fenced = false;
    QString address;
    QString meta;              // "v7.2.4 · 1.2 MiB · 1,234 ops/s"
    QString status;            // "Up · 3 replicas", "Unreachable · connection refused"
    bool stale = false;        // meta comes from an old snapshot
    bool syncing = false;
    double syncProgress = -1;  // 0..1 while syncing, -1 when unknown
    int anomalyCount = 0;
    Anomaly::Severity anomalySeverity = Anomaly::Severity::Info;
    QString anomalyText;       // every anomaly's message and advice, for the marker's tooltip
    QString toolTip;

    bool operator==(const NodeCardContent &other) const = default;

    // `incoming` is the link from the node's master, if any; `takenAt` dates "last seen";
    // `fence` the window's fence on this node, if any.
    static NodeCardContent from(const TopologyNode &node, const TopologyEdge *incoming,
                                const QList<const Anomaly *> &anomalies, const QDateTime &takenAt,
                                const NodeFences::Fence *fence = nullptr);
};
