#pragma once

#include "MigrateFacts.h"
#include "MigrateOptions.h"

#include "ops/Plan.h"

// Builds the "migrate" Plan from what MigrateProbe read and what the user asked. Pure.
//
// Preconditions (each with the observed value): both answer; distinct; the source is a
// master; the target holds no keys, or discardTargetData; the target is not a replica of
// another master; the target can load the source's RDB format; target databases >= the
// highest db in use; target maxmemory 0 or >= 1.1 x the source's used_memory; the commands
// needed are not renamed (CONFIG, REPLICAOF, PSYNC, REPLCONF, DUMP, CLIENT); the source admits
// the target (bind, protected-mode); the target can authenticate (the source needs a password
// and none is known = refused); no Sentinel watches the source (the steps to take instead).
//
// Steps, in order: prepare-<target> (masterauth/masteruser, masked; tls-replication for a TLS
// source), raise-<source>
// (client-output-buffer-limit replica and repl-backlog-size when the measured write rate
// needs more, and masterauth for the target when the target has a password),
// replicaof-<target>, link (the target started syncing within linkTimeoutMs, else the cause),
// sync (progress), settle (the target's lag small while writes go on), verify-data (compareLive; not with Verify::None), pause, catch-up, verify-frozen (per-db counts
// and the keys that kept changing, while paused), promote (point of no return),
// demote (source becomes the target's replica, unpaused), repoint (with repointReplicas),
// verify (followers), restore-<source> (the raised limits back), persist (CONFIG REWRITE).
// Facts: dataset_bytes, write_bytes_per_second, keys, dbs, clients, estimated_sync_seconds.
class MigratePlanner
{
public:
    static Plan build(const MigrateFacts &facts, const MigrateOptions &options);
};
