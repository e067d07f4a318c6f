#pragma once

#include "topology/Topology.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

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
// Also per node: master_address (what a replica reports), stats (what its card shows: memory,
// ops/s, clients, replicas, uptime, sentinels' watched masters; null without a reply) and per
// edge sync_waiting. An anomaly's keys are exactly the five above.
class TopologyJson
{
public:
    static QJsonObject toJson(const Topology &topology);
    static QByteArray toText(const Topology &topology, bool indented = true);

    // A document toJson wrote, back as a Topology: nodes with roles, reachability, versions and
    // card numbers, links, groups with their sentinels, anomalies; whatever the topology view
    // draws. toJson(fromJson(toJson(t))) == toJson(t). Fields it does not carry (INFO details,
    // node settings) stay at their defaults. Unknown fields are ignored, missing ones default,
    // so older or hand-edited documents load; a document with no "nodes" list, a node with no
    // address or an unknown role is refused with a readable reason in *error.
    static std::optional<Topology> fromJson(const QJsonObject &json, QString *error = nullptr);
    static std::optional<Topology> fromText(const QByteArray &text, QString *error = nullptr);
};
