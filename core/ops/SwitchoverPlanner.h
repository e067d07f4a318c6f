#pragma once

#include "Plan.h"

#include "topology/Topology.h"

#include <QHash>
#include <QList>
#include <QString>

// A planned switchover: a healthy master hands over to one of its replicas.
struct SwitchoverOptions
{
    enum class Strategy {
        Automatic,        // Sentinel when sentinels watch the group, else Coordinated
        Coordinated,      // CLIENT PAUSE WRITE, wait for the candidate's applied offset, promote, repoint, unpause
        FailoverCommand,  // Redis 6.2+ FAILOVER TO, then repoint the other replicas
        Sentinel,         // pause + drain like Coordinated, then SENTINEL FAILOVER (see SentinelSwitchover)
    };
    Strategy strategy = Strategy::Automatic;
    // Longest the candidate may take to catch up while writes are paused; the pause itself is
    // finite (this plus a margin for promote and repoint) so a crashed Tandem never leaves
    // the master paused.
    int timeoutMs = 5000;
    // Use the pre-6.2 pause (CLIENT PAUSE ALL inside MULTI, with min-replicas-to-write raised
    // so writes released after the pause are refused) even on 6.2+: for tests and old servers.
    bool legacyPause = false;
    // Write pauses measured by earlier runs on this group, per strategy name (PauseHistory):
    // the review quotes them instead of the generic estimate. Empty = none recorded.
    QHash<QString, QList<qint64>> pastPausesMs;

    static QString strategyName(Strategy strategy);   // "coordinated", "failover-command", ...
    static bool parseStrategy(const QString &name, Strategy *strategy);
};

// Builds the plan to make `candidate` the master of its group. Pure: reads only the topology.
// Preconditions (each a clear refusal when it fails, nothing sent): candidate known and up;
// it is a replica (not a master, not a sentinel); its master is known, up, and a master; the
// candidate's link is up and it is not in a full sync; replica-priority is not 0; no other
// master claims the group (split brain); FAILOVER needs 6.2+; the candidate is not chained
// below another replica (promote its parent first, or it would take its siblings along).
// Risks: lag now, the expected write pause, replicas that will need a full resync (pre-4.0),
// chained replicas that follow their parent, sentinels (when strategy forces non-Sentinel).
// Facts: lag_bytes, lag_seconds, replicas, master_version, pause_mode ("write" / "all").
class SwitchoverPlanner
{
public:
    static Plan build(const Topology &topology, const QString &candidate, const SwitchoverOptions &options = {});
};
