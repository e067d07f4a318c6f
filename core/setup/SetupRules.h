#pragma once

#include <QString>
#include <QStringList>

struct SetupNodeFacts;
#include <QtGlobal>

// The numbers set-up decides by: which RDB format a Redis version writes, and how big the
// replication buffers must be for what was measured. Pure.
namespace SetupRules {

// RDB_VERSION of rdb.h for a redis_version ("7.2.4" -> 11); 0 when unknown.
int rdbFormat(const QString &version);
// -1, 0, 1 comparing major.minor.patch numerically.
int compareVersions(const QString &a, const QString &b);

inline constexpr qint64 kMinBacklogBytes = 1024 * 1024;
// repl-backlog-size that covers `outageSeconds` of writes at `bytesPerSecond` (at least 1mb).
qint64 backlogBytes(qint64 bytesPerSecond, int outageSeconds);

// Redis's default replica buffer limits (client-output-buffer-limit replica 256mb 64mb 60).
inline constexpr qint64 kDefaultReplicaHardBytes = 256ll * 1024 * 1024;
inline constexpr qint64 kDefaultReplicaSoftBytes = 64ll * 1024 * 1024;
// The transfer rate assumed to estimate a full sync's duration (stated in the review).
inline constexpr qint64 kAssumedTransferBytesPerSecond = 100ll * 1024 * 1024;
// Seconds a full sync of `datasetBytes` takes at the assumed rate (at least 1).
qint64 fullSyncSeconds(qint64 datasetBytes);
// What accumulates in the master's buffer for one replica during that full sync, doubled
// for margin; 0 when the default limits hold it.
qint64 replicaBufferBytes(qint64 datasetBytes, qint64 bytesPerSecond);

bool isLoopbackAddress(const QString &host);
// Why `master`'s bind, address or protected-mode keeps `replicas` out ("" when nothing does):
// bind only loopback while a replica is elsewhere, a loopback master address for a remote
// replica, protected-mode without bind or password.
QString bindProblem(const SetupNodeFacts &master, const QStringList &replicas);

// "1.5 MB", "320 B" for the user.
QString bytes(qint64 n);

} // namespace SetupRules
