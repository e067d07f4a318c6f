#pragma once

#include "Topology.h"

// Events an operator wants in the log when the picture changes: nodes added/removed/up/down,
// role changes, links down/up, full sync started/finished, anomalies raised/cleared.
class TopologyDiff
{
public:
    static QList<TopologyEvent> events(const Topology &before, const Topology &after);
};
