#pragma once

#include "Plan.h"

#include "config/LiveConfigPlan.h"

#include <QList>
#include <QString>

// The steps of a live configuration change ("config-live"), each through the operation's
// connection to `node` (StepContext::clients()). Commands shown and audited are masked; the
// real values live only in the closures.
namespace LiveConfigSteps {

// CONFIG SET of one directive; a refusal aborts the plan (the earlier SETs stay in force).
PlanStep set(const QString &node, const LiveConfigPlan::Step &step);
// REPLICAOF host port of `master` (empty: REPLICAOF NO ONE): replication changes live, no
// restart. The replica's data is replaced by a copy of the master's.
PlanStep replicaOf(const QString &node, const QString &master);
// CONFIG REWRITE so a restart keeps the changes; a failure is reported, the plan goes on.
PlanStep rewrite(const QString &node);
// CONFIG GET of each set directive, compared with what was asked (1mb == 1048576).
// details: {"verified": [...], "mismatched": [...]}.
PlanStep verify(const QString &node, const QList<LiveConfigPlan::Step> &sets);
// Waits until `node` replicates from `master` with its link up (or is a master when
// `master` is empty).
PlanStep verifyReplication(const QString &node, const QString &master);

// The step ids, for readers of a report.
QString setId(const QByteArray &directive);
inline const char kSetPrefix[] = "config-set-";
inline const char kReplicaOfId[] = "replicaof";
inline const char kRewriteId[] = "config-rewrite";
inline const char kVerifyId[] = "config-verify";
inline const char kReplicationVerifyId[] = "replication-verify";

} // namespace LiveConfigSteps
