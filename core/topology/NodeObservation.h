#pragma once

#include "Topology.h"

// What the monitor currently knows about one address: the input of TopologyBuilder.
struct NodeObservation
{
    QString address;           // host:port as reached
    NodeReachability reachability = NodeReachability::Connecting;
    QString error;
    bool hasSnapshot = false;
    NodeSnapshot snapshot;
    QDateTime lastSeen;
    // Sentinel knowledge about this address (when it was learned from a sentinel).
    NodeSnapshot::Role reportedRole = NodeSnapshot::Role::Unknown;
    QString sentinelMasterName;      // set on masters named by a sentinel
    QStringList watchingSentinels;   // sentinel addresses that watch this master
    // CONFIG GET save when the monitor could read it ("" = no RDB snapshots); unset = unknown.
    std::optional<QString> saveConfig;
    NodeSettings settings;           // what must match across the group (NodeConfigReader)
};
