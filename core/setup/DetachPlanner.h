#pragma once

#include "ops/Plan.h"
#include "topology/Topology.h"

#include <QString>

// "Detach": a replica stops following its master and becomes a standalone master that keeps
// its data (REPLICAOF NO ONE), waits until it reports role master, then CONFIG REWRITE so a
// restart does not re-attach it. Refused unless the node answers and is a replica. The risk
// said before it runs: it accepts writes from then on, and clients pointed at it may write
// data the old master never sees.
class DetachPlanner
{
public:
    static Plan build(const Topology &topology, const QString &node);
    // True when build() would be allowed to run (a replica that answers).
    static bool canDetach(const Topology &topology, const QString &node);
};
