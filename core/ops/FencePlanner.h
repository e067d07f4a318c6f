#pragma once

#include "ExecutionReport.h"
#include "Plan.h"

#include <QString>

// What a returning old master did before the fence demoted it, as measured on the node itself.
struct FenceMeasurement
{
    // How long it had been up (able to take writes) when REPLICAOF reached it: INFO uptime
    // (whole seconds, so +1 s), read atomically with REPLICAOF. An upper bound. -1: unmeasured.
    qint64 writableForAtMostMs = -1;
    // Write commands it acknowledged since it started, all of which the full resync discards.
    // -1: unmeasured.
    qint64 acknowledgedWrites = -1;

    bool demoted = false;       // the demote step succeeded
    QString target;             // the master it now follows

    static FenceMeasurement fromReport(const ExecutionReport &report);
    // "it was a writable master for at most 1000 ms and acknowledged 412 writes; the resync
    // discarded them" — only the parts that were measured.
    QString sentence() const;
};

// The demotion MasterFence decides on, as a plan run by the Executor (so it reaches the audit
// log like every other change): operation "fence", steps
//   "demote"  MULTI; INFO all; REPLICAOF <target>; EXEC — the counters are read in the same
//             transaction as REPLICAOF, so no client write slips between the measurement and
//             the demotion. Then COMMAND INFO tells which counted commands are writes.
//   "persist" CONFIG REWRITE, so a restart does not bring the writable master back.
//
// Counting: INFO commandstats `calls` minus `failed_calls` of every command flagged "write".
// In redis 7.0 (server.c call()) `calls` grows only for commands that ran; refused ones
// (READONLY, NOREPLICAS, LOADING, NOAUTH...) go to `rejected_calls` instead, and ones that ran
// but replied an error to `failed_calls`. So it counts one per acknowledged SET, INCR or RPUSH
// whatever its argument count, while rdb_changes_since_last_save counts changed elements (an
// RPUSH of 3 values counts 3) and is reset by any save. Tandem itself sends no write before
// REPLICAOF. Before 6.2 there is no failed_calls: writes that replied an error are counted too.
class FencePlanner
{
public:
    static Plan demotion(const QString &oldMaster, const QString &target);
};
