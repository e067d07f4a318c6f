#pragma once

#include "Plan.h"

#include "net/RespValue.h"

#include <QHash>
#include <QString>
#include <QStringList>

// The Sentinel-specific steps of SentinelSwitchover. Shared values they leave in
// StepContext::shared(): "sentinel.reachable" (QStringList, sentinels that answered),
// "sentinel.leader" (the sentinel that gets SENTINEL FAILOVER), "sentinel.priority.<address>"
// (the replica-priority a replica had before it was set to 0), "sentinel.promoted" (bool),
// "sentinel.candidate_sync_full" (the candidate's sync_full before anything changed).
namespace SentinelSteps {

// A flat [key, value, key, value...] reply (SENTINEL MASTER, one entry of SENTINEL REPLICAS).
QHash<QString, QString> fields(const RespValue &reply);
// True when host:port `a` and `b` name the same endpoint (brackets and case ignored).
bool sameAddress(const QString &a, const QString &b);
// Why a sentinel's SENTINEL MASTER <name> reply forbids the switchover, empty when it allows
// it: it watches another master than `master`, sees it down, is already failing over, or its
// down-after-milliseconds is not longer than the write pause (the paused master could be
// declared down and Sentinel would start a failover of its own).
QString masterProblem(const QHash<QString, QString> &sentinelMaster, const QString &master, int pauseMs);
// Why a sentinel's SENTINEL REPLICAS <name> reply shows it could still pick another replica
// than `candidate` (any alias), empty when the candidate is the only one it may promote.
QString replicasProblem(const RespValue &replicas, const QStringList &candidate);

// Connects the nodes the plan talks to and the sentinels before anything changes; fails when
// a node does not connect or no sentinel does. Also reads the candidate's sync_full.
PlanStep connect(const QStringList &nodes, const QStringList &sentinels, const QString &candidate);
// SENTINEL MASTER <name> on each reachable sentinel: all must agree (masterProblem).
PlanStep checkSentinels(const QString &name, const QString &master, int pauseMs);
// CONFIG GET replica-priority on the candidate (must not be 0) and on `others`, then
// CONFIG SET replica-priority 0 on `others`. Compensation: the old values back.
PlanStep lowerPriorities(const QString &candidate, const QStringList &others);
// Polls SENTINEL REPLICAS <name> on the leader until it has seen the new priorities (Sentinel
// reads them from INFO, every 10 s by default): only the candidate may then be picked.
PlanStep waitSentinelSeesPriorities(const QString &name, const QStringList &candidateAliases, int timeoutMs);
// SENTINEL FAILOVER <name> on the leader. Point of no return.
PlanStep failover(const QString &name);
// Polls the candidate itself until it reports role master; sets "sentinel.promoted".
PlanStep waitPromotion(const QString &candidate, int timeoutMs);
// `inner` (the demotion) only once the candidate was promoted: otherwise the old master would
// be pointed at a replica (a loop); then only CLIENT UNPAUSE, and the step fails.
PlanStep onlyIfPromoted(PlanStep inner, const QString &oldMaster);
// SENTINEL GET-MASTER-ADDR-BY-NAME <name> on every reachable sentinel until all report
// the candidate (any of its aliases). OnFailure::Continue.
PlanStep waitSentinelsAgree(const QString &name, const QStringList &candidateAliases, int timeoutMs);
// CONFIG SET replica-priority <old> on each of `others`. OnFailure::Continue.
PlanStep restorePriorities(const QStringList &others);

} // namespace SentinelSteps
