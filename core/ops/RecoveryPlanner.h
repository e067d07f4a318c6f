#pragma once

#include "MasterFence.h"
#include "Plan.h"

#include "topology/Topology.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// An operation the audit log shows started but never finished: the tool died mid-operation.
struct InterruptedOperation
{
    QString operationId;
    QString operation;          // "promote", "failover", ...
    QString title;
    QString strategy;
    QString startedAt;          // the op_started line's timestamp (UTC, ISO)
    QString oldMaster;          // the plan's group: the master before the operation
    QString candidate;          // the node the operation meant to make master
    QStringList nodes;          // every node the plan touched
    QStringList stepsDone;      // ids of steps that finished successfully, in order
    QString lastStep;           // the last step that started (empty when none did)
    QJsonObject plan;

    // Reads every unfinished operation from the entries of an audit log (oldest first).
    static QList<InterruptedOperation> fromAudit(const QList<QJsonObject> &entries);
    bool stepDone(const QString &id) const { return stepsDone.contains(id); }
};

// What recovery found and what it will do.
struct RecoveryPlan
{
    QStringList diagnosis;          // one plain sentence per finding
    Plan plan;                      // operation "recover"; no steps when nothing is needed
    QStringList operationIds;       // the interrupted operations this plan deals with
    QStringList resolvedFences;     // fenced old masters the plan demotes (lift after success)
    bool nothingNeeded = false;     // every node is already consistent: just close the entries
    bool unresolvable = false;      // Tandem cannot decide alone (said in diagnosis)
};

// Crash recovery: compares what an interrupted promote/failover meant to do (its plan in the
// audit log and the steps that finished) with what the nodes look like now, says in plain
// words what state the group is in, and plans what finishes the job safely: the intended new
// master stays master (it was promoted past the point of no return), the old master becomes
// its replica, replicas still following the old master are repointed, then verify and
// persist. When the candidate was never promoted, nothing changed (the finite pause expired
// on its own) and nothing is needed. Pending fences count too: a fenced old master that is
// back as a master is demoted. Pure: reads only its inputs.
class RecoveryPlanner
{
public:
    static RecoveryPlan build(const Topology &topology, const QList<InterruptedOperation> &interrupted,
                              const QList<MasterFence::Entry> &fences = {});
};
