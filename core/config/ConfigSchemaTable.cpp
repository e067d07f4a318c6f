#include "ConfigSchema.h"

// Redis 7.0.15 src/config.c static_configs[] (plus the hand-parsed directives), transcribed.
// Bounds are the C types' limits config.c uses; defaults are CONFIG GET * of a pristine
// 7.0.15. Kept as plain data so a diff against a newer config.c stays readable.

namespace {
using T = ConfigSchema::Type;
constexpr unsigned IMM = ConfigSchema::Immutable;
constexpr unsigned SEN = ConfigSchema::Sensitive;
constexpr unsigned TLS = ConfigSchema::TlsOnly;
constexpr unsigned HID = ConfigSchema::Hidden;
constexpr unsigned MUL = ConfigSchema::MultiArg;
constexpr unsigned PCT = ConfigSchema::Percent;
constexpr long long kIntMin = -2147483647LL - 1;
constexpr unsigned long long kIntMax = 2147483647ULL;
constexpr unsigned long long kUIntMax = 4294967295ULL;
constexpr unsigned long long kLongMax = ConfigSchema::kLongMax;
constexpr unsigned long long kULLongMax = 18446744073709551615ULL;
} // namespace

#define B(n, a, f, d, desc) {n, a, T::Bool, f, 0, 0, nullptr, d, desc}
#define E(n, a, f, v, d, desc) {n, a, T::Enum, f, 0, 0, v, d, desc}
#define I(n, a, f, lo, hi, d, desc) {n, a, T::Integer, f, lo, hi, nullptr, d, desc}
#define M(n, a, f, lo, hi, d, desc) {n, a, T::Memory, f, lo, hi, nullptr, d, desc}
#define S(n, a, f, d, desc) {n, a, T::String, f, 0, 0, nullptr, d, desc}
#define X(n, a, f, d, desc) {n, a, T::Special, f, 0, 0, nullptr, d, desc}

const ConfigSchema::Directive kConfigSchemaTable[] = {
    // Bool configs
    B("rdbchecksum", nullptr, IMM, "yes", "Append a CRC64 checksum to RDB files"),
    B("daemonize", nullptr, IMM, "no", "Run in the background"),
    B("io-threads-do-reads", nullptr, IMM, "no", "Let I/O threads also read and parse"),
    B("always-show-logo", nullptr, IMM, "no", "Show the ASCII logo even when not on a TTY"),
    B("protected-mode", nullptr, 0, "yes", "Refuse outside clients when no password and no bind"),
    B("rdbcompression", nullptr, 0, "yes", "LZF-compress strings in RDB files"),
    B("rdb-del-sync-files", nullptr, 0, "no", "Delete RDB files used only for replication"),
    B("activerehashing", nullptr, 0, "yes", "Rehash main dictionaries incrementally"),
    B("stop-writes-on-bgsave-error", nullptr, 0, "yes", "Refuse writes after a failed BGSAVE"),
    B("set-proc-title", nullptr, IMM, "yes", "Set the process title"),
    B("dynamic-hz", nullptr, 0, "yes", "Scale hz with the number of clients"),
    B("lazyfree-lazy-eviction", nullptr, 0, "no", "Free evicted keys in the background"),
    B("lazyfree-lazy-expire", nullptr, 0, "no", "Free expired keys in the background"),
    B("lazyfree-lazy-server-del", nullptr, 0, "no", "Free implicitly deleted keys in the background"),
    B("lazyfree-lazy-user-del", nullptr, 0, "no", "Make DEL behave like UNLINK"),
    B("lazyfree-lazy-user-flush", nullptr, 0, "no", "Make FLUSH* default to ASYNC"),
    B("repl-disable-tcp-nodelay", nullptr, 0, "no", "Batch replication traffic (Nagle)"),
    B("repl-diskless-sync", nullptr, 0, "yes", "Stream the RDB to replicas without disk"),
    B("aof-rewrite-incremental-fsync", nullptr, 0, "yes", "fsync every 4 MB during AOF rewrite"),
    B("no-appendfsync-on-rewrite", nullptr, 0, "no", "Skip fsync while a rewrite runs"),
    B("cluster-require-full-coverage", nullptr, 0, "yes", "Stop serving when slots are uncovered"),
    B("rdb-save-incremental-fsync", nullptr, 0, "yes", "fsync every 4 MB while saving the RDB"),
    B("aof-load-truncated", nullptr, 0, "yes", "Load a truncated AOF instead of aborting"),
    B("aof-use-rdb-preamble", nullptr, 0, "yes", "Start rewritten AOFs with an RDB preamble"),
    B("aof-timestamp-enabled", nullptr, 0, "no", "Write timestamp annotations into the AOF"),
    B("cluster-replica-no-failover", "cluster-slave-no-failover", 0, "no", "Never fail over this replica automatically"),
    B("replica-lazy-flush", "slave-lazy-flush", 0, "no", "Flush asynchronously before a full sync"),
    B("replica-serve-stale-data", "slave-serve-stale-data", 0, "yes", "Answer with stale data while the link is down"),
    B("replica-read-only", "slave-read-only", 0, "yes", "Refuse writes on replicas"),
    B("replica-ignore-maxmemory", "slave-ignore-maxmemory", 0, "yes", "Replicas do not evict on their own"),
    B("jemalloc-bg-thread", nullptr, 0, "yes", "Let jemalloc purge in a background thread"),
    B("activedefrag", nullptr, 0, "no", "Defragment memory actively"),
    B("syslog-enabled", nullptr, IMM, "no", "Also log to syslog"),
    B("cluster-enabled", nullptr, IMM, "no", "Run as a cluster node"),
    B("appendonly", nullptr, 0, "no", "Persist with the append-only file"),
    B("cluster-allow-reads-when-down", nullptr, 0, "no", "Serve reads while the cluster is down"),
    B("cluster-allow-pubsubshard-when-down", nullptr, 0, "yes", "Serve sharded pub/sub while the cluster is down"),
    B("crash-log-enabled", nullptr, 0, "yes", "Log a stack trace on crash"),
    B("crash-memcheck-enabled", nullptr, 0, "yes", "Run a fast memory check on crash"),
    B("use-exit-on-panic", nullptr, IMM | HID, "no", "Exit instead of abort on panic (tests)"),
    B("disable-thp", nullptr, IMM, "yes", "Turn off transparent huge pages for the process"),
    B("cluster-allow-replica-migration", nullptr, 0, "yes", "Let replicas migrate to orphaned primaries"),
    B("replica-announced", nullptr, 0, "yes", "Let Sentinel announce this replica"),
    B("latency-tracking", nullptr, 0, "yes", "Track per-command latency percentiles"),
    B("aof-disable-auto-gc", nullptr, 0, "no", "Keep history AOF files (tests)"),
    B("replica-ignore-disk-write-errors", nullptr, 0, "no", "Keep replicating after disk write errors"),
    B("tls-cluster", nullptr, TLS, "no", "Use TLS on the cluster bus"),
    B("tls-replication", nullptr, TLS, "no", "Use TLS for replication links"),
    B("tls-session-caching", nullptr, TLS, "yes", "Cache TLS sessions"),
    B("tls-prefer-server-ciphers", nullptr, TLS, "no", "Prefer the server's cipher order"),

    // String configs
    S("aclfile", nullptr, IMM, "", "External ACL user file"),
    S("unixsocket", nullptr, IMM, "", "Unix socket path"),
    S("pidfile", nullptr, IMM, "", "PID file path"),
    S("replica-announce-ip", "slave-announce-ip", 0, "", "IP replicas report to their primary"),
    S("masteruser", nullptr, 0, "", "ACL user for authenticating to the primary"),
    S("cluster-announce-ip", nullptr, 0, "", "IP announced on the cluster bus"),
    S("cluster-config-file", nullptr, IMM, "nodes.conf", "Cluster state file"),
    S("syslog-ident", nullptr, IMM, "redis", "Syslog identity"),
    S("dbfilename", nullptr, 0, "dump.rdb", "RDB file name (no path)"),
    S("appendfilename", nullptr, IMM, "appendonly.aof", "AOF base name (no path)"),
    S("appenddirname", nullptr, IMM, "appendonlydir", "Directory holding the AOF files (no path)"),
    S("server_cpulist", nullptr, IMM, "", "CPU affinity of the main thread"),
    S("bio_cpulist", nullptr, IMM, "", "CPU affinity of background I/O threads"),
    S("aof_rewrite_cpulist", nullptr, IMM, "", "CPU affinity of the AOF rewrite child"),
    S("bgsave_cpulist", nullptr, IMM, "", "CPU affinity of the BGSAVE child"),
    S("ignore-warnings", nullptr, 0, "", "Startup warnings to suppress"),
    S("proc-title-template", nullptr, 0, "{title} {listen-addr} {server-mode}", "Process title template"),
    S("bind-source-addr", nullptr, 0, "", "Source address for outgoing connections"),
    S("logfile", nullptr, IMM, "", "Log file path (empty: stdout)"),
    S("cluster-announce-hostname", nullptr, 0, "", "Hostname announced on the cluster bus"),
    S("masterauth", nullptr, SEN, "", "Password for authenticating to the primary"),
    S("requirepass", nullptr, SEN, "", "Password of the default user"),
    S("tls-cert-file", nullptr, TLS, "", "Server certificate"),
    S("tls-key-file", nullptr, TLS, "", "Server private key"),
    S("tls-key-file-pass", nullptr, TLS | SEN, "", "Passphrase of the server key"),
    S("tls-client-cert-file", nullptr, TLS, "", "Client certificate for outgoing TLS"),
    S("tls-client-key-file", nullptr, TLS, "", "Client private key for outgoing TLS"),
    S("tls-client-key-file-pass", nullptr, TLS | SEN, "", "Passphrase of the client key"),
    S("tls-dh-params-file", nullptr, TLS, "", "DH parameters file"),
    S("tls-ca-cert-file", nullptr, TLS, "", "CA bundle"),
    S("tls-ca-cert-dir", nullptr, TLS, "", "CA directory"),
    S("tls-protocols", nullptr, TLS, "", "Allowed TLS versions"),
    S("tls-ciphers", nullptr, TLS, "", "TLS 1.2 cipher list"),
    S("tls-ciphersuites", nullptr, TLS, "", "TLS 1.3 cipher suites"),

    // Enum configs
    E("supervised", nullptr, IMM, "upstart|systemd|auto|no", "no", "Talk to a supervisor (systemd, upstart)"),
    E("syslog-facility", nullptr, IMM, "user|local0|local1|local2|local3|local4|local5|local6|local7", "local0", "Syslog facility"),
    E("repl-diskless-load", nullptr, 0, "disabled|on-empty-db|swapdb", "disabled", "Load the replication stream without disk"),
    E("loglevel", nullptr, 0, "debug|verbose|notice|warning", "notice", "Log verbosity"),
    E("maxmemory-policy", nullptr, 0, "volatile-lru|volatile-lfu|volatile-random|volatile-ttl|allkeys-lru|allkeys-lfu|allkeys-random|noeviction", "noeviction", "What to evict at maxmemory"),
    E("appendfsync", nullptr, 0, "everysec|always|no", "everysec", "When to fsync the AOF"),
    E("oom-score-adj", nullptr, 0, "no|yes|relative|absolute", "no", "Manage the OOM killer score"),
    E("acl-pubsub-default", nullptr, 0, "allchannels|resetchannels", "resetchannels", "Default pub/sub permissions of new users"),
    E("sanitize-dump-payload", nullptr, 0, "no|yes|clients", "no", "Deep-check RESTORE payloads"),
    E("enable-protected-configs", nullptr, IMM, "no|yes|local", "no", "Allow CONFIG SET of protected configs"),
    E("enable-debug-command", nullptr, IMM, "no|yes|local", "no", "Allow the DEBUG command"),
    E("enable-module-command", nullptr, IMM, "no|yes|local", "no", "Allow the MODULE command"),
    E("cluster-preferred-endpoint-type", nullptr, 0, "ip|hostname|unknown-endpoint", "ip", "Endpoint type shown to cluster clients"),
    E("propagation-error-behavior", nullptr, 0, "ignore|panic|panic-on-replicas", "ignore", "What to do on replicated command errors"),
    E("shutdown-on-sigint", nullptr, MUL, "default|save|nosave|now|force", "default", "Shutdown flags on SIGINT"),
    E("shutdown-on-sigterm", nullptr, MUL, "default|save|nosave|now|force", "default", "Shutdown flags on SIGTERM"),
    E("tls-auth-clients", nullptr, TLS, "no|yes|optional", "yes", "Require client certificates"),

    // Integer configs
    I("databases", nullptr, IMM, 1, kIntMax, "16", "Number of databases"),
    I("port", nullptr, 0, 0, 65535, "6379", "TCP port (0: none)"),
    I("io-threads", nullptr, IMM, 1, 128, "1", "Number of I/O threads"),
    I("auto-aof-rewrite-percentage", nullptr, 0, 0, kIntMax, "100", "AOF growth that triggers a rewrite"),
    I("cluster-replica-validity-factor", "cluster-slave-validity-factor", 0, 0, kIntMax, "10", "Max data age factor for failover"),
    I("list-max-listpack-size", "list-max-ziplist-size", 0, kIntMin, kIntMax, "-2", "List node size (negative: bytes class)"),
    I("tcp-keepalive", nullptr, 0, 0, kIntMax, "300", "TCP keepalive seconds"),
    I("cluster-migration-barrier", nullptr, 0, 0, kIntMax, "1", "Replicas a primary keeps before one migrates"),
    I("active-defrag-cycle-min", nullptr, 0, 1, 99, "1", "Min CPU percent for defrag"),
    I("active-defrag-cycle-max", nullptr, 0, 1, 99, "25", "Max CPU percent for defrag"),
    I("active-defrag-threshold-lower", nullptr, 0, 0, 1000, "10", "Fragmentation percent to start defrag"),
    I("active-defrag-threshold-upper", nullptr, 0, 0, 1000, "100", "Fragmentation percent for max effort"),
    I("lfu-log-factor", nullptr, 0, 0, kIntMax, "10", "LFU counter logarithm factor"),
    I("lfu-decay-time", nullptr, 0, 0, kIntMax, "1", "LFU counter decay minutes"),
    I("replica-priority", "slave-priority", 0, 0, kIntMax, "100", "Sentinel promotion priority (0: never)"),
    I("repl-diskless-sync-delay", nullptr, 0, 0, kIntMax, "5", "Seconds to wait for more replicas"),
    I("maxmemory-samples", nullptr, 0, 1, kIntMax, "5", "Keys sampled per eviction"),
    I("maxmemory-eviction-tenacity", nullptr, 0, 0, 100, "10", "Eviction effort per command"),
    I("timeout", nullptr, 0, 0, kIntMax, "0", "Idle client timeout seconds"),
    I("replica-announce-port", "slave-announce-port", 0, 0, 65535, "0", "Port replicas report to their primary"),
    I("tcp-backlog", nullptr, IMM, 0, kIntMax, "511", "listen() backlog"),
    I("cluster-port", nullptr, IMM, 0, 65535, "0", "Cluster bus port (0: port+10000)"),
    I("cluster-announce-bus-port", nullptr, 0, 0, 65535, "0", "Bus port announced"),
    I("cluster-announce-port", nullptr, 0, 0, 65535, "0", "Client port announced"),
    I("cluster-announce-tls-port", nullptr, 0, 0, 65535, "0", "TLS client port announced"),
    I("repl-timeout", nullptr, 0, 1, kIntMax, "60", "Replication timeout seconds"),
    I("repl-ping-replica-period", "repl-ping-slave-period", 0, 1, kIntMax, "10", "Seconds between pings to replicas"),
    I("list-compress-depth", nullptr, 0, 0, kIntMax, "0", "Uncompressed list nodes at each end"),
    I("rdb-key-save-delay", nullptr, HID, kIntMin, kIntMax, "0", "Microseconds slept per key saved (tests)"),
    I("key-load-delay", nullptr, HID, kIntMin, kIntMax, "0", "Microseconds slept per key loaded (tests)"),
    I("active-expire-effort", nullptr, 0, 1, 10, "1", "Expire cycle effort"),
    I("hz", nullptr, 0, 0, kIntMax, "10", "Background task frequency"),
    I("min-replicas-to-write", "min-slaves-to-write", 0, 0, kIntMax, "0", "Good replicas needed to accept writes"),
    I("min-replicas-max-lag", "min-slaves-max-lag", 0, 0, kIntMax, "10", "Max lag of a good replica"),
    I("watchdog-period", nullptr, HID, 0, kIntMax, "0", "Software watchdog milliseconds"),
    I("shutdown-timeout", nullptr, 0, 0, kIntMax, "10", "Seconds to wait for replicas at shutdown"),
    I("repl-diskless-sync-max-replicas", nullptr, 0, 0, kIntMax, "0", "Start diskless sync at this many replicas"),
    I("loading-process-events-interval-bytes", nullptr, HID, 1024, kIntMax, "2097152", "Bytes between event processing while loading"),
    I("tls-port", nullptr, TLS, 0, 65535, "0", "TLS port (0: none)"),
    I("tls-session-cache-size", nullptr, TLS, 0, kIntMax, "20480", "TLS session cache entries"),
    I("tls-session-cache-timeout", nullptr, TLS, 0, kIntMax, "300", "TLS session cache seconds"),
    I("maxclients", nullptr, 0, 1, kUIntMax, "10000", "Max connected clients"),
    I("socket-mark-id", nullptr, 0, 0, kUIntMax, "0", "SO_MARK of listening sockets"),
    I("active-defrag-max-scan-fields", nullptr, 0, 1, kLongMax, "1000", "Fields scanned per defrag step"),
    I("slowlog-max-len", nullptr, 0, 0, kLongMax, "128", "Slow log length"),
    I("acllog-max-len", nullptr, 0, 0, kLongMax, "128", "ACL log length"),
    I("busy-reply-threshold", "lua-time-limit", 0, 0, kLongMax, "5000", "Milliseconds before BUSY replies"),
    I("cluster-node-timeout", nullptr, 0, 0, kLongMax, "15000", "Milliseconds before a node is failing"),
    I("slowlog-log-slower-than", nullptr, 0, -1, kLongMax, "10000", "Slow log threshold microseconds"),
    I("latency-monitor-threshold", nullptr, 0, 0, kLongMax, "0", "Latency monitor threshold ms"),
    I("stream-node-max-entries", nullptr, 0, 0, kLongMax, "100", "Entries per stream node"),
    I("hash-max-listpack-entries", "hash-max-ziplist-entries", 0, 0, kLongMax, "512", "Max fields of a listpack hash"),
    I("set-max-intset-entries", nullptr, 0, 0, kLongMax, "512", "Max members of an intset"),
    I("zset-max-listpack-entries", "zset-max-ziplist-entries", 0, 0, kLongMax, "128", "Max members of a listpack zset"),
    I("tracking-table-max-keys", nullptr, 0, 0, kLongMax, "1000000", "Client tracking table size"),
    I("repl-backlog-ttl", nullptr, 0, 0, kLongMax, "3600", "Seconds to keep the backlog without replicas"),
    {"unixsocketperm", nullptr, T::Octal, IMM, 0, 0777, nullptr, "0", "Unix socket permissions (octal)"},

    // Memory configs
    M("proto-max-bulk-len", nullptr, 0, 1024 * 1024, kLongMax, "536870912", "Max bulk string size"),
    M("repl-backlog-size", nullptr, 0, 1, kLongMax, "1048576", "Replication backlog size"),
    M("maxmemory", nullptr, 0, 0, kULLongMax, "0", "Memory limit (0: none)"),
    M("maxmemory-clients", nullptr, PCT, -100, kLongMax, "0", "Client memory limit (bytes or % of maxmemory)"),
    M("active-defrag-ignore-bytes", nullptr, 0, 1, kLongMax, "104857600", "Fragmentation overhead to start defrag"),
    M("hash-max-listpack-value", "hash-max-ziplist-value", 0, 0, kLongMax, "64", "Max field size of a listpack hash"),
    M("stream-node-max-bytes", nullptr, 0, 0, kLongMax, "4096", "Bytes per stream node"),
    M("zset-max-listpack-value", "zset-max-ziplist-value", 0, 0, kLongMax, "64", "Max member size of a listpack zset"),
    M("hll-sparse-max-bytes", nullptr, 0, 0, kLongMax, "3000", "HyperLogLog sparse limit"),
    M("client-query-buffer-limit", nullptr, 0, 1024 * 1024, kLongMax, "1073741824", "Max query buffer per client"),
    M("cluster-link-sendbuf-limit", nullptr, 0, 0, kLongMax, "0", "Send buffer limit per cluster link"),
    M("auto-aof-rewrite-min-size", nullptr, 0, 0, kLongMax, "67108864", "Min AOF size for auto rewrite"),

    // Special configs (own parsers in config.c)
    X("dir", nullptr, 0, "", "Working directory (RDB, AOF, nodes.conf)"),
    X("save", nullptr, MUL, "3600 1 300 100 60 10000", "RDB snapshot points: seconds changes ..."),
    X("client-output-buffer-limit", nullptr, MUL, "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", "Output buffer limits per client class"),
    X("oom-score-adj-values", nullptr, MUL, "0 200 800", "OOM scores for primary, replica, child"),
    X("notify-keyspace-events", nullptr, 0, "", "Keyspace notification classes"),
    X("bind", nullptr, MUL, "* -::*", "Listening addresses"),
    X("replicaof", "slaveof", MUL | IMM, "", "Replicate from host port (or 'no one')"),
    X("latency-tracking-info-percentiles", nullptr, MUL, "50 99 99.9", "Percentiles reported in INFO latencystats"),

    // Hand-parsed directives (not in the table, handled by loadServerConfigFromString)
    X("include", nullptr, MUL, "", "Include other config files (globs allowed)"),
    X("rename-command", nullptr, MUL, "", "Rename or disable a command"),
    X("user", nullptr, MUL | SEN, "", "Define an ACL user"),
    X("loadmodule", nullptr, MUL, "", "Load a module at startup"),
    X("sentinel", nullptr, MUL, "", "Sentinel-mode settings"),

    {nullptr, nullptr, T::String, 0, 0, 0, nullptr, nullptr, nullptr},
};

#undef B
#undef E
#undef I
#undef M
#undef S
#undef X
