#pragma once

#include "Plan.h"
#include "SwitchoverPlanner.h"

#include "topology/Topology.h"

// A switchover in a group that Sentinel watches. Sentinel would undo a manual REPLICAOF, and
// SENTINEL FAILOVER alone does not pause the old master (its writes meanwhile are lost), so:
// set replica-priority 0 on the other replicas (so Sentinel can only pick the candidate),
// pause writes on the master and wait for the candidate to catch up (PauseSteps), SENTINEL
// FAILOVER <name> on one sentinel, wait until the candidate is master, demote and unpause the
// old master, wait until the sentinels report the new master, restore the priorities, verify.
// Preconditions add: at least one sentinel of the group reachable and agreeing on the master;
// the pause must be shorter than down-after-milliseconds. The topology does not carry what the
// sentinels think (master, flags, down-after-milliseconds), so those are checked by the first
// steps (SENTINEL MASTER), before anything changes. Before pausing, the plan also waits until
// the leading sentinel has read the new priorities (it reads replicas' INFO every 10 s).
// Persisting is Sentinel's job (CONFIG REWRITE in its failover transaction) except for the old
// master, which Tandem demotes itself and saves.
class SentinelSwitchover
{
public:
    static Plan build(const Topology &topology, const QString &candidate, const SwitchoverOptions &options);
};
