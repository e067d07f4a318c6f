#pragma once

#include "Plan.h"

#include "topology/Topology.h"

#include <QString>
#include <QStringList>

// min-replicas-to-write 1 + min-replicas-max-lag N on every node of a group (CONFIG SET, then
// CONFIG REWRITE so it survives a restart). A master then acknowledges a write only while at
// least one replica has answered within N seconds: an old master that comes back alone after
// a failover refuses writes with NOREPLICAS instead of acknowledging writes a resync discards.
// The price: any master with no replica linked (the last one down, or a lone survivor of a
// failover) refuses writes too. Offered in the failover review (step()) and as a group setting
// (plan()).
class MinReplicasPlanner
{
public:
    static constexpr int kDefaultMaxLagSeconds = 10;

    // The explanation shown beside the option (GUI and tandemctl help).
    static QString explanation(int maxLagSeconds = kDefaultMaxLagSeconds);
    // Id "min-replicas"; OnFailure::Continue (a node that refuses is reported).
    static PlanStep step(const QStringList &nodes, int maxLagSeconds);
    // Operation "min-replicas" on every reachable node of `seed`'s group.
    static Plan plan(const Topology &topology, const QString &seed, int maxLagSeconds = kDefaultMaxLagSeconds);
};
