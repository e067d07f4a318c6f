#pragma once

#include "Plan.h"

#include <QString>

// The write-pause half of a safe handover, shared by the coordinated and Sentinel switchovers.
// Shared values they leave in StepContext::shared(): "master_offset" (qint64, read after the
// pause took effect), "pause_started_ms" (monotonic ms when the pause reply arrived),
// "pause_ms" (the pause length asked for). Metric: "write_pause_ms" (pause reply to unpause
// reply, as seen by Tandem).
namespace PauseSteps {

// CLIENT PAUSE <pauseMs> WRITE and INFO replication, pipelined, on `master` (6.2+). Legacy
// (before 6.2, or forced): MULTI, CONFIG SET min-replicas-to-write <replicas+1>, CLIENT PAUSE
// <pauseMs> (ALL), INFO replication, EXEC — so writes released when the pause ends are
// refused (NOREPLICAS) instead of acknowledged and lost; the old value is kept in
// shared "legacy_min_replicas" and restored after the demotion.
// Compensation: CLIENT UNPAUSE (legacy: restore min-replicas-to-write once the pause ended).
PlanStep pauseWrites(const QString &master, int pauseMs, int replicaCount, bool legacy);

// Polls `candidate` (INFO replication on the candidate itself) until its applied offset is
// >= shared "master_offset"; fails after timeoutMs or when the candidate stops answering,
// is no longer a replica of `master`, or its link goes down.
PlanStep waitCatchUp(const QString &candidate, const QString &master, int timeoutMs);

// REPLICAOF <newMaster> on the old master, and once it is confirmed CLIENT UNPAUSE: the old
// master never accepts another write as a master (one that refuses the demotion stays paused
// until its finite pause runs out, and is fenced). Legacy: REPLICAOF, then restore
// min-replicas-to-write. Records write_pause_ms. When the old master does not answer it is
// reported (the caller fences it); OnFailure::Continue (runs after the point of no return).
PlanStep demoteAndUnpause(const QString &oldMaster, const QString &newMaster, bool legacy);

} // namespace PauseSteps
