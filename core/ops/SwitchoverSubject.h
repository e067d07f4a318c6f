#pragma once

#include "Plan.h"
#include "SwitchoverPlanner.h"

#include "topology/Topology.h"

#include <QString>
#include <QStringList>

// Who takes part in a switchover, read from the topology, and the checks every non-Sentinel
// strategy shares. analyse() fills a plan's header (title, group, nodes, preconditions, risks,
// facts); the strategies then add their steps when the plan can run.
struct SwitchoverSubject
{
    QString candidate;          // topology address of the replica to promote
    QString master;             // topology address of its master
    QString reportedMaster;     // the master as the candidate names it (host:port)
    QStringList others;         // the master's other direct replicas (repointed)
    QStringList chained;        // deeper replicas: they follow their parent, untouched
    QStringList sentinels;
    QString failoverHost;       // the candidate as the master lists it (FAILOVER TO)
    quint16 failoverPort = 0;
    int masterVersion = 0;      // NodeSnapshot::versionNumber()
    int masterReplicas = 0;     // connected_slaves of the master
    bool legacyPause = false;
    bool usable = false;        // every precondition holds

    static SwitchoverSubject analyse(const Topology &topology, const QString &candidate,
                                     const SwitchoverOptions &options, Plan *plan);

    // Connects every data node of the group (nothing may wait for a handshake once writes
    // are paused), then re-reads master and candidate: still master / replica of it, link up,
    // no full sync, version good for the strategy. Leaves the candidate's sync_full in
    // shared "candidate_sync_full" for the final check.
    PlanStep preflight(bool failoverCommand) const;

    // Nodes whose role changes: master, candidate, others.
    QStringList changed() const;
};
