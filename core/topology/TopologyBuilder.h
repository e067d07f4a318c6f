#pragma once

#include "NodeObservation.h"
#include "Topology.h"

// Folds observations into a Topology: merges addresses of the same node (run_id), resolves
// each replica's master, builds edges with lag and sync progress, groups (master + every
// replica at any depth + sentinels), depths and a stable node order. Pure: no I/O, no clock
// except `now`. Anomalies are left empty (AnomalyDetector fills them).
class TopologyBuilder
{
public:
    static Topology build(const QList<NodeObservation> &observations, const QDateTime &now);
};
