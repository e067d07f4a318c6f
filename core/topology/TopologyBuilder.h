#pragma once

#include "NodeObservation.h"
#include "Topology.h"

// Folds observations into a Topology: merges addresses of the same node (run_id), resolves
// each replica's master, builds edges with lag and sync progress, groups (master + every
// replica at any depth + sentinels), depths and a stable node order. Pure: no I/O, no clock
// except `now`. Anomalies are left empty (AnomalyDetector fills them).
//
// Rules worth knowing:
// - Observations of one run_id become one node under the address observed first (the seed);
//   the others become aliases. Order of `observations` therefore matters, and only that.
// - A replica's master is found by its own report (master_host:master_port, matched against
//   addresses and aliases, loopback names treated alike when that is unambiguous) and by the
//   masters' slaveN lists; the replica's own report wins when the two disagree.
// - An address named as master (by a replica or a sentinel) but not observed becomes a
//   placeholder node, so an orphaned replica still has a group and an edge to draw.
// - Lag is computed only from data that is current on both sides; unknown beats wrong.
class TopologyBuilder
{
public:
    static Topology build(const QList<NodeObservation> &observations, const QDateTime &now);

    // host:port as ConnectionProfile::address() writes it ([v6]:port for IPv6 hosts).
    static QString address(const QString &host, quint16 port);
    // Same host:port, loopback spellings (localhost, 127.0.0.1, ::1) counted as one host.
    static bool looselyEqual(const QString &a, const QString &b);
};
