#pragma once

#include "Plan.h"

#include "info/NodeSnapshot.h"

#include <QByteArrayList>
#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>

class StepContext;

// Building blocks shared by every operation that moves replicas around: reading a node's
// INFO, waiting for a condition by polling the node itself (the next request leaves as soon
// as the previous reply arrives, so a wait ends within one round trip of the condition), and
// the common steps (repoint replicas, verify followers, persist with CONFIG REWRITE).
namespace ReplicationSteps {

// "REPLICAOF host port" for `master` (an address of the topology), or "REPLICAOF NO ONE".
QByteArrayList replicaOf(const QString &master);
QByteArrayList replicaOfNoOne();
// A command as a user would type it (for PlanStep::commands).
QString render(const QByteArrayList &command);

using InfoHandler = std::function<void(bool ok, const NodeSnapshot &snapshot, const QString &error)>;

// INFO <section> on `address` through the operation's clients; `section` empty = INFO.
void fetchInfo(StepContext &ctx, const QString &address, const QByteArray &section, InfoHandler done,
               int timeoutMs = -1);

// Polls INFO <section> on `address` until `accept` returns true or `timeoutMs` passes (then
// ok = false with the last snapshot and a reason). `accept` may set *progress for the user.
// A failed request does not end the wait by itself: it is retried until the deadline, since
// a node that is busy promoting or reconnecting may drop one request.
void pollUntil(StepContext &ctx, const QString &address, const QByteArray &section,
               std::function<bool(const NodeSnapshot &snapshot, QString *progress)> accept,
               int timeoutMs, InfoHandler done);

// Each of `replicas` gets REPLICAOF `newMaster`, in parallel. OnFailure::Continue.
PlanStep repoint(const QString &id, const QStringList &replicas, const QString &newMaster);

// Waits (up to timeoutMs) until `newMaster` reports role master and every follower reports
// role replica of `newMaster` with its link up. When `syncFullBefore` holds the new master's
// sync_full from before the operation (key = newMaster), a growth is reported as a full
// resync (in the message and details), which PSYNC2 should have avoided. OnFailure::Continue.
PlanStep verifyFollowers(const QString &newMaster, const QStringList &followers, int timeoutMs,
                         const QString &syncFullKey = {});
// What the operations give verifyFollowers: links come up within a second or two on a LAN.
inline constexpr int kVerifyTimeoutMs = 5000;

// CONFIG REWRITE on each node so a restart keeps the new roles. A node without a config file
// (or with CONFIG renamed) is reported, not treated as failure of the operation.
PlanStep persist(const QStringList &nodes);

// The address as "host:port" of what a replica reports as its master.
QString masterOf(const NodeSnapshot &snapshot);
// The replica's applied offset (slave_repl_offset), or -1 when unknown.
qint64 appliedOffset(const NodeSnapshot &snapshot);

} // namespace ReplicationSteps
