#pragma once

#include "Plan.h"

#include "topology/Topology.h"

#include <QList>
#include <QString>

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
};

struct FailoverOptions
{
    QString candidate;            // empty = the best ranked
    int timeoutMs = 10000;        // verify deadline
    // A replica whose link went down this long before the master was last seen had already
    // lost touch: its data is older than its siblings'.
    int staleLinkSeconds = 60;
};

// The master of a group is down: rank its replicas (skip priority 0, unreachable ones, links
// down long before the master vanished; prefer the highest applied offset, then the lowest
// priority number, then the address), estimate the data loss (offset gap to the master's last
// known offset), and plan: re-check the candidate, REPLICAOF NO ONE, repoint the others,
// verify, persist, and register a fence for the old master (see MasterFence).
// Refused when the master is actually up (use a switchover), when no replica is eligible, or
// when the chosen one is not eligible.
class FailoverPlanner
{
public:
    // `seed`: any node of the group (the dead master, a replica, a sentinel's master).
    static QList<FailoverCandidate> rank(const Topology &topology, const QString &seed);
    static Plan build(const Topology &topology, const QString &seed, const FailoverOptions &options = {});
};
