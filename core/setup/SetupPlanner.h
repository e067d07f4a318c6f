#pragma once

#include "SetupFacts.h"
#include "SetupOptions.h"

#include "ops/Plan.h"

// Builds the "setup" Plan from what the probe read and what the user asked. Pure (no I/O).
// Preconditions (each with the observed value): every node answered; a replica's RDB format
// can load the master's (refuse a replica older than its master); a replica holding keys
// only with discardReplicaData; a node replicating elsewhere only with repoint; no loop; the
// needed commands are not renamed; the master's bind/protected-mode/password admit the
// replicas; CONFIG REWRITE has a file (or, with SSH and options.configFiles naming it, the
// file is edited over SSH); with SSH, each replica's host
// reached the master. Risks and facts for the review (backlog sizing, buffer limits, the
// persistence warning). Steps, each with its exact commands (secrets masked) and a
// compensation restoring the node's previous values: security (CONFIG SET / ACL SETUSER on
// every node), settings, REPLICAOF per replica, wait-sync (progress: bytes, percent, rate,
// ETA, loading, stream lag), verify (links up, offsets converge, a marker key written on the
// master read on each replica then deleted, AUTH required), then — only after verify —
// persist (CONFIG REWRITE or the SSH file edit, read back: CONFIG GET, and the file over SSH
// whenever the node's connection has SSH and its file is known). The group password is carried to the steps through
// the plan's closures, never through commands, facts or JSON.
//
// Step ids, in the order they run: acl-user-<node> (Auth::Acl), security-<node> (masterauth,
// then requirepass, last), settings-<node>, replicaof-<replica>, sync-<replica> (its progress
// lines come through StepContext::progress), after-sync-<master> (persistence and
// min-replicas, once the replicas are there), verify (the point of no return), persist.
// Facts for the review: write_bytes_per_second, dataset_bytes, repl_backlog_bytes,
// tolerated_outage_seconds, auth, persistence.
class SetupPlanner
{
public:
    static Plan build(const SetupFacts &facts, const SetupOptions &options);
};
