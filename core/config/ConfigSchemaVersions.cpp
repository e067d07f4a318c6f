#include "ConfigSchema.h"

// Which release line (2.8 ... 7.2) introduced each redis.conf name, from the redis.conf and
// config.c of each release. "Since X" means the newest patch release of line X knows it
// (e.g. slave-announce-ip was backported to 3.2.2, so: 3.2). A name missing here counts as
// known since 2.8: when the history was not certain it stays out, so an old target never
// gets an error this table invented. Value rules (types, bounds, enum values) are the 7.0
// ones for every line.

namespace {
using T = ConfigSchema::Type;
} // namespace

#define B(n, d, desc) {n, nullptr, T::Bool, 0, 0, 0, nullptr, d, desc}
#define I(n, lo, hi, d, desc) {n, nullptr, T::Integer, 0, lo, hi, nullptr, d, desc}
#define M(n, lo, hi, d, desc) {n, nullptr, T::Memory, 0, lo, hi, nullptr, d, desc}
#define S(n, d, desc) {n, nullptr, T::String, 0, 0, 0, nullptr, d, desc}

// Redis 7.2 src/config.c additions to static_configs[].
const ConfigSchema::Directive kConfigSchemaLaterTable[] = {
    S("locale-collate", "", "Locale for string comparison and sorting (empty: from the environment)"),
    S("cluster-announce-human-nodename", "", "Human-readable node name announced on the cluster bus"),
    I("set-max-listpack-entries", 0, ConfigSchema::kLongMax, "128", "Max members of a listpack set"),
    M("set-max-listpack-value", 0, ConfigSchema::kLongMax, "64", "Max member size of a listpack set"),
    {nullptr, nullptr, T::String, 0, 0, 0, nullptr, nullptr, nullptr},
};

// Names older lines accepted that 7.0 refuses as unknown.
const ConfigSchema::Directive kConfigSchemaDroppedTable[] = {
    B("gopher-enabled", "no", "Serve the Gopher protocol (6.0 and 6.2 only)"),
    I("hash-max-zipmap-entries", 0, ConfigSchema::kLongMax, "512", "Old name of hash-max-ziplist-entries"),
    M("hash-max-zipmap-value", 0, ConfigSchema::kLongMax, "64", "Old name of hash-max-ziplist-value"),
    {nullptr, nullptr, T::String, 0, 0, 0, nullptr, nullptr, nullptr},
};

#undef B
#undef I
#undef M
#undef S

const ConfigSchema::NameHistory kConfigNameHistory[] = {
    // 3.0: Redis Cluster
    {"cluster-enabled", 300, 0},
    {"cluster-config-file", 300, 0},
    {"cluster-node-timeout", 300, 0},
    {"cluster-slave-validity-factor", 300, 0},
    {"cluster-migration-barrier", 300, 0},
    {"cluster-require-full-coverage", 300, 0},
    {"aof-load-truncated", 300, 0},

    // 3.2: quicklist, protected mode, supervision
    {"protected-mode", 302, 0},
    {"supervised", 302, 0},
    {"list-max-ziplist-size", 302, 0},
    {"list-compress-depth", 302, 0},
    {"slave-announce-ip", 302, 0},
    {"slave-announce-port", 302, 0},

    // 4.0: lazy freeing, active defrag, LFU, modules, cluster announce
    {"lazyfree-lazy-eviction", 400, 0},
    {"lazyfree-lazy-expire", 400, 0},
    {"lazyfree-lazy-server-del", 400, 0},
    {"slave-lazy-flush", 400, 0},
    {"activedefrag", 400, 0},
    {"active-defrag-ignore-bytes", 400, 0},
    {"active-defrag-threshold-lower", 400, 0},
    {"active-defrag-threshold-upper", 400, 0},
    {"active-defrag-cycle-min", 400, 0},
    {"active-defrag-cycle-max", 400, 0},
    {"lfu-log-factor", 400, 0},
    {"lfu-decay-time", 400, 0},
    {"cluster-announce-ip", 400, 0},
    {"cluster-announce-port", 400, 0},
    {"cluster-announce-bus-port", 400, 0},
    {"cluster-slave-no-failover", 400, 0},
    {"aof-use-rdb-preamble", 400, 0},
    {"always-show-logo", 400, 0},
    {"proto-max-bulk-len", 400, 0},
    {"client-query-buffer-limit", 400, 0},
    {"loadmodule", 400, 0},

    // 5.0: "replica" names next to the "slave" ones, streams
    {"replicaof", 500, 0},
    {"replica-serve-stale-data", 500, 0},
    {"replica-read-only", 500, 0},
    {"replica-priority", 500, 0},
    {"replica-lazy-flush", 500, 0},
    {"replica-announce-ip", 500, 0},
    {"replica-announce-port", 500, 0},
    {"replica-ignore-maxmemory", 500, 0},
    {"slave-ignore-maxmemory", 500, 0},
    {"repl-ping-replica-period", 500, 0},
    {"min-replicas-to-write", 500, 0},
    {"min-replicas-max-lag", 500, 0},
    {"cluster-replica-validity-factor", 500, 0},
    {"cluster-replica-no-failover", 500, 0},
    {"dynamic-hz", 500, 0},
    {"rdb-save-incremental-fsync", 500, 0},
    {"stream-node-max-bytes", 500, 0},
    {"stream-node-max-entries", 500, 0},
    {"active-defrag-max-scan-fields", 500, 0},

    // 6.0: ACL, TLS, I/O threads, client tracking
    {"aclfile", 600, 0},
    {"user", 600, 0},
    {"masteruser", 600, 0},
    {"acllog-max-len", 600, 0},
    {"io-threads", 600, 0},
    {"io-threads-do-reads", 600, 0},
    {"tracking-table-max-keys", 600, 0},
    {"rdb-del-sync-files", 600, 0},
    {"repl-diskless-load", 600, 0},
    {"lazyfree-lazy-user-del", 600, 0},
    {"active-expire-effort", 600, 0},
    {"cluster-allow-reads-when-down", 600, 0},
    {"gopher-enabled", 600, 700},
    {"tls-port", 600, 0},
    {"tls-cert-file", 600, 0},
    {"tls-key-file", 600, 0},
    {"tls-dh-params-file", 600, 0},
    {"tls-ca-cert-file", 600, 0},
    {"tls-ca-cert-dir", 600, 0},
    {"tls-auth-clients", 600, 0},
    {"tls-replication", 600, 0},
    {"tls-cluster", 600, 0},
    {"tls-protocols", 600, 0},
    {"tls-ciphers", 600, 0},
    {"tls-ciphersuites", 600, 0},
    {"tls-prefer-server-ciphers", 600, 0},
    {"tls-session-caching", 600, 0},
    {"tls-session-cache-size", 600, 0},
    {"tls-session-cache-timeout", 600, 0},

    // 6.2
    {"tls-key-file-pass", 602, 0},
    {"tls-client-cert-file", 602, 0},
    {"tls-client-key-file", 602, 0},
    {"tls-client-key-file-pass", 602, 0},
    {"oom-score-adj", 602, 0},
    {"oom-score-adj-values", 602, 0},
    {"set-proc-title", 602, 0},
    {"proc-title-template", 602, 0},
    {"sanitize-dump-payload", 602, 0},
    {"acl-pubsub-default", 602, 0},
    {"lazyfree-lazy-user-flush", 602, 0},
    {"maxmemory-eviction-tenacity", 602, 0},
    {"cluster-allow-replica-migration", 602, 0},
    {"replica-announced", 602, 0},

    // 7.0: listpack names, multi-part AOF, protected configs, shutdown, latency tracking
    {"list-max-listpack-size", 700, 0},
    {"hash-max-listpack-entries", 700, 0},
    {"hash-max-listpack-value", 700, 0},
    {"zset-max-listpack-entries", 700, 0},
    {"zset-max-listpack-value", 700, 0},
    {"busy-reply-threshold", 700, 0},
    {"bind-source-addr", 700, 0},
    {"cluster-port", 700, 0},
    {"cluster-announce-hostname", 700, 0},
    {"cluster-preferred-endpoint-type", 700, 0},
    {"cluster-link-sendbuf-limit", 700, 0},
    {"cluster-allow-pubsubshard-when-down", 700, 0},
    {"enable-protected-configs", 700, 0},
    {"enable-debug-command", 700, 0},
    {"enable-module-command", 700, 0},
    {"propagation-error-behavior", 700, 0},
    {"shutdown-on-sigint", 700, 0},
    {"shutdown-on-sigterm", 700, 0},
    {"shutdown-timeout", 700, 0},
    {"repl-diskless-sync-max-replicas", 700, 0},
    {"latency-tracking", 700, 0},
    {"latency-tracking-info-percentiles", 700, 0},
    {"appenddirname", 700, 0},
    {"aof-timestamp-enabled", 700, 0},
    {"aof-disable-auto-gc", 700, 0},
    {"maxmemory-clients", 700, 0},
    {"replica-ignore-disk-write-errors", 700, 0},
    {"socket-mark-id", 700, 0},
    {"hash-max-zipmap-entries", 208, 700},
    {"hash-max-zipmap-value", 208, 700},

    // 7.2
    {"locale-collate", 702, 0},
    {"cluster-announce-human-nodename", 702, 0},
    {"set-max-listpack-entries", 702, 0},
    {"set-max-listpack-value", 702, 0},

    {nullptr, 0, 0},
};
