#pragma once

#include "ExecutionReport.h"
#include "Plan.h"
#include "SshFencePlanner.h"

#include "topology/Topology.h"

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

// One replica considered for promotion when the master is down.
struct FailoverCandidate
{
    QString address;
    bool eligible = false;
    QString reason;               // why not eligible, or why it ranks where it does
    qint64 appliedOffset = -1;    // slave_repl_offset as last seen
    int priority = 100;           // replica-priority (lower wins; 0 = never)
    qint64 estimatedLossBytes = -1;  // last known master offset - appliedOffset; -1 unknown
    qint64 linkDownSeconds = -1;

    QJsonObject toJson() const;   // address, eligible, reason, applied_offset, priority, ...
};

struct FailoverOptions
{
    QString candidate;            // empty = the best ranked
    int timeoutMs = 10000;        // verify deadline
    // A replica whose link went down this long before the master was last seen had already
    // lost touch: its data is older than its siblings'.
    int staleLinkSeconds = 60;
    // SSH fence (SshFencePlanner): edit the dead master's redis.conf so it restarts as a
    // replica. Used when `sshFence` is valid; `sshFenceSettings.newMaster` is filled in.
    SshFenceTarget sshFence;
    SshFenceSettings sshFenceSettings;   // masteruser / masterauth to write
    SshSessionPool *ssh = nullptr;
    // >= 0: min-replicas-to-write 1 + min-replicas-max-lag this on every reachable node
    // (MinReplicasPlanner), and in the old master's file when the SSH fence edits it.
    int minReplicasMaxLag = -1;
};

// The master of a group is down: rank its replicas (skip priority 0, unreachable ones, links
// down long before the master vanished; prefer the highest applied offset, then the lowest
// priority number, then the address), estimate the data loss (offset gap to the master's last
// known offset), and plan: re-check the candidate, REPLICAOF NO ONE, repoint the others,
// verify, persist, and register a fence for the old master (see MasterFence).
// Refused when the master is actually up (use a switchover), when no replica is eligible, or
// when the chosen one is not eligible.
//
// The estimated loss is the last known offset of the group (the dead master's last
// master_repl_offset Tandem saw, or a sibling's applied offset when that is higher) minus the
// candidate's applied offset: a lower bound, since the master may have accepted writes after
// Tandem's last look. It is in plan.facts ("estimated_loss_bytes", and per candidate in
// "candidates") and in plain words in plan.risks.
//
// Steps: "preflight" (connect; the master must still not answer, the candidate must still be
// a replica of it with its link down), "promote" (REPLICAOF NO ONE, the point of no return),
// "repoint", "verify", "persist", optionally "min-replicas" and "ssh-fence", then "fence". The fence step records {old, new} in its details
// ("fence") and in the run's metrics ("fence_old", "fence_new"); the caller registers it with
// MasterFence (fenceOf() reads it back from the report).
class FailoverPlanner
{
public:
    // `seed`: any node of the group (the dead master, a replica, a sentinel's master).
    // Best first: eligible candidates in rank order, then the ineligible ones with their reason.
    // Empty when `seed` is unknown or its group has no master address.
    static QList<FailoverCandidate> rank(const Topology &topology, const QString &seed,
                                         const FailoverOptions &options = {});
    static Plan build(const Topology &topology, const QString &seed, const FailoverOptions &options = {});

    // The fence a failover run asks for: {old master, new master}, once its fence step
    // succeeded (i.e. the candidate was promoted); nullopt for any other report.
    static std::optional<QPair<QString, QString>> fenceOf(const ExecutionReport &report);
};
