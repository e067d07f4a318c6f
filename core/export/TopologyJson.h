#pragma once

#include "topology/Topology.h"

#include <QByteArray>
#include <QJsonObject>

// The machine-readable topology (tandemctl topology --json). Scripts depend on this shape:
// fields may be added, never removed or renamed.
//
// {"taken_at", "nodes":[{address, role, reachable, version|null, master|null, link|null,
//   repl_offset|null, lag_bytes|null, sync_in_progress, ...}], "edges":[{master, replica, link,
//   lag_bytes|null, ...}], "groups":[{master|null, nodes, sentinels, ...}],
//   "anomalies":[{kind, nodes, message, severity, advice}]}
//
// repl_offset is the node's own master_repl_offset on masters and, on replicas, the offset
// the replica has applied (slave_repl_offset): the number to compare with its master's.
class TopologyJson
{
public:
    static QJsonObject toJson(const Topology &topology);
    static QByteArray toText(const Topology &topology, bool indented = true);
};
