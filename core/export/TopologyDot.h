#pragma once

#include "topology/Topology.h"

#include <QByteArray>

// The topology as a Graphviz digraph (tandemctl topology --dot, "Export as DOT"): one cluster
// per replication group, master -> replica edges labelled with link state and lag, nodes
// Tandem cannot reach dashed red, sentinels as hexagons with dotted "watches" edges.
// Anomalies are listed as comments at the top so the file explains itself.
class TopologyDot
{
public:
    static QByteArray toDot(const Topology &topology);
};
