#pragma once

#include "topology/Topology.h"

#include <QString>

// Builds Topology values by hand for GUI tests and benchmarks: groups, replicas, chains,
// sentinels and anomalies with plausible snapshots, no server involved. Every node starts up
// and every link up with no lag; tests then bend what they need through node() and edge().
class TopologyFactory
{
public:
    TopologyFactory();

    // A master starting a new group; returns its address.
    QString addMaster(const QString &address, const QString &sentinelName = QString());
    // A replica of `master` (which may itself be a replica: a chain).
    QString addReplica(const QString &address, const QString &master);
    QString addSentinel(const QString &address, int group);
    void addAnomaly(const QString &kind, Anomaly::Severity severity, const QStringList &nodes,
                    const QString &message, const QString &advice = QString());
    // Drops a node and every link to or from it.
    void removeNode(const QString &address);

    TopologyNode &node(const QString &address);
    TopologyEdge &edge(const QString &master, const QString &replica);
    // The next poll: ops, memory and lag of every node move a little, deterministically.
    void tick(int step);

    Topology topology() const;

    // 1 master (10.0.0.1) + 3 replicas (.2 .3 .4), .5 chained below .3.
    static TopologyFactory sample();
    // `groups` groups with `nodesPerGroup` nodes each: masters with fan-out and chains.
    static TopologyFactory large(int groups, int nodesPerGroup);

private:
    Topology m_topology;
};
