#pragma once

#include "ops/Plan.h"

#include <QString>
#include <QStringList>

namespace SetupSteps {

// One step that waits for every replica's full sync from `master` at once (the master serves
// them together, so waiting one after the other would show only the first). Each second it
// reports a line per replica still syncing, "<replica>: <state>": waiting for the master's
// snapshot, bytes of total with percent, rate and ETA (or bytes read and the master's side
// when the transfer is diskless), loading the copy, the stream lag once linked; and
// "<replica>: synced …" when that replica's link is up with nothing left to load. Succeeds when
// all are; fails when `timeoutMs` passes, the master stops answering for 3 s or a replica for 5 s (the plan's
// earlier steps then put every node back). Its id is "sync".
PlanStep waitSyncs(const QStringList &replicas, const QString &master, int timeoutMs);

} // namespace SetupSteps
