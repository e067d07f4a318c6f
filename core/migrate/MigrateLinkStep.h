#pragma once

#include "ops/Plan.h"

#include <QHash>
#include <QString>

// The step after REPLICAOF on a migration's target: has the target started syncing from the
// source? Polls the target's INFO replication (bytes arriving or link up = yes) and the
// source's INFO (the target listed as its replica = yes; the error counters). Fails early when the source counts the refusals a replica's
// handshake gets (NOAUTH, WRONGPASS, NOPERM, DENIED) and the target still has not started,
// else after `timeoutMs`; the message names the cause from those counters and, when the
// target's log can be read (a local file on a loopback target, or over SSH), its last
// replication error line ("Error condition on socket for SYNC: Connection refused").
namespace MigrateLinkStep {

// After the full sync: polls the source's INFO replication until the target's acknowledged
// offset is within `maxLagBytes` of the source's, so the write pause that follows only waits
// for the last few writes. Progress: the lag each second. Fails after `timeoutMs`.
PlanStep settle(const QString &target, const QString &source, qint64 maxLagBytes, int timeoutMs);

// `errorsBefore`: the source's errorstat counts read by the probe (NOAUTH, WRONGPASS...).
PlanStep link(const QString &target, const QString &source, int timeoutMs, const QHash<QString, qint64> &errorsBefore);

// The cause named by the source's error counters grown since `before`, "" when none grew.
QString causeFromErrors(const QHash<QString, qint64> &before, const QHash<QString, qint64> &now, const QString &source);
// The last replication error line of a replica's log (Redis's own wording), "" when none.
QString lastReplicationError(const QByteArray &log);
// errorstat_<NAME>:count=N lines of INFO errorstats -> NAME -> N.
QHash<QString, qint64> errorCounts(const QMap<QString, QString> &errorstats);

} // namespace MigrateLinkStep
