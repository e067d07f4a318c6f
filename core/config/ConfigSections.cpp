#include "ConfigSections.h"

#include <QHash>

// Generated from the section headers of redis 7.0's own redis.conf: the section each directive
// is documented in. Names not listed fall back to prefix rules in sectionOf().
namespace {

struct SectionEntry
{
    const char *name;
    const char *section;
};

const SectionEntry kSectionTable[] = {
    {"include", "INCLUDES"},
    {"loadmodule", "MODULES"},
    {"bind", "NETWORK"},
    {"bind-source-addr", "NETWORK"},
    {"protected-mode", "NETWORK"},
    {"enable-protected-configs", "NETWORK"},
    {"enable-debug-command", "NETWORK"},
    {"enable-module-command", "NETWORK"},
    {"port", "NETWORK"},
    {"tcp-backlog", "NETWORK"},
    {"unixsocket", "NETWORK"},
    {"unixsocketperm", "NETWORK"},
    {"timeout", "NETWORK"},
    {"tcp-keepalive", "NETWORK"},
    {"socket-mark-id", "NETWORK"},
    {"tls-port", "TLS/SSL"},
    {"tls-cert-file", "TLS/SSL"},
    {"tls-key-file", "TLS/SSL"},
    {"tls-key-file-pass", "TLS/SSL"},
    {"tls-client-cert-file", "TLS/SSL"},
    {"tls-client-key-file", "TLS/SSL"},
    {"tls-client-key-file-pass", "TLS/SSL"},
    {"tls-dh-params-file", "TLS/SSL"},
    {"tls-ca-cert-file", "TLS/SSL"},
    {"tls-ca-cert-dir", "TLS/SSL"},
    {"tls-auth-clients", "TLS/SSL"},
    {"tls-replication", "TLS/SSL"},
    {"tls-cluster", "TLS/SSL"},
    {"tls-protocols", "TLS/SSL"},
    {"tls-ciphers", "TLS/SSL"},
    {"tls-ciphersuites", "TLS/SSL"},
    {"tls-prefer-server-ciphers", "TLS/SSL"},
    {"tls-session-caching", "TLS/SSL"},
    {"tls-session-cache-size", "TLS/SSL"},
    {"tls-session-cache-timeout", "TLS/SSL"},
    {"daemonize", "GENERAL"},
    {"supervised", "GENERAL"},
    {"pidfile", "GENERAL"},
    {"loglevel", "GENERAL"},
    {"logfile", "GENERAL"},
    {"syslog-enabled", "GENERAL"},
    {"syslog-ident", "GENERAL"},
    {"syslog-facility", "GENERAL"},
    {"crash-log-enabled", "GENERAL"},
    {"crash-memcheck-enabled", "GENERAL"},
    {"databases", "GENERAL"},
    {"always-show-logo", "GENERAL"},
    {"set-proc-title", "GENERAL"},
    {"proc-title-template", "GENERAL"},
    {"save", "SNAPSHOTTING"},
    {"stop-writes-on-bgsave-error", "SNAPSHOTTING"},
    {"rdbcompression", "SNAPSHOTTING"},
    {"rdbchecksum", "SNAPSHOTTING"},
    {"sanitize-dump-payload", "SNAPSHOTTING"},
    {"dbfilename", "SNAPSHOTTING"},
    {"rdb-del-sync-files", "SNAPSHOTTING"},
    {"dir", "SNAPSHOTTING"},
    {"replicaof", "REPLICATION"},
    {"masterauth", "REPLICATION"},
    {"masteruser", "REPLICATION"},
    {"replica-serve-stale-data", "REPLICATION"},
    {"replica-read-only", "REPLICATION"},
    {"repl-diskless-sync", "REPLICATION"},
    {"repl-diskless-sync-delay", "REPLICATION"},
    {"repl-diskless-sync-max-replicas", "REPLICATION"},
    {"repl-diskless-load", "REPLICATION"},
    {"repl-ping-replica-period", "REPLICATION"},
    {"repl-timeout", "REPLICATION"},
    {"repl-disable-tcp-nodelay", "REPLICATION"},
    {"repl-backlog-size", "REPLICATION"},
    {"repl-backlog-ttl", "REPLICATION"},
    {"replica-priority", "REPLICATION"},
    {"propagation-error-behavior", "REPLICATION"},
    {"replica-ignore-disk-write-errors", "REPLICATION"},
    {"replica-announced", "REPLICATION"},
    {"min-replicas-to-write", "REPLICATION"},
    {"min-replicas-max-lag", "REPLICATION"},
    {"replica-announce-ip", "REPLICATION"},
    {"replica-announce-port", "REPLICATION"},
    {"tracking-table-max-keys", "KEYS TRACKING"},
    {"acllog-max-len", "SECURITY"},
    {"aclfile", "SECURITY"},
    {"requirepass", "SECURITY"},
    {"acl-pubsub-default", "SECURITY"},
    {"rename-command", "SECURITY"},
    {"maxclients", "CLIENTS"},
    {"maxmemory", "MEMORY MANAGEMENT"},
    {"maxmemory-policy", "MEMORY MANAGEMENT"},
    {"maxmemory-samples", "MEMORY MANAGEMENT"},
    {"maxmemory-eviction-tenacity", "MEMORY MANAGEMENT"},
    {"replica-ignore-maxmemory", "MEMORY MANAGEMENT"},
    {"active-expire-effort", "MEMORY MANAGEMENT"},
    {"lazyfree-lazy-eviction", "LAZY FREEING"},
    {"lazyfree-lazy-expire", "LAZY FREEING"},
    {"lazyfree-lazy-server-del", "LAZY FREEING"},
    {"replica-lazy-flush", "LAZY FREEING"},
    {"lazyfree-lazy-user-del", "LAZY FREEING"},
    {"lazyfree-lazy-user-flush", "LAZY FREEING"},
    {"io-threads", "THREADED I/O"},
    {"io-threads-do-reads", "THREADED I/O"},
    {"oom-score-adj", "KERNEL OOM CONTROL"},
    {"oom-score-adj-values", "KERNEL OOM CONTROL"},
    {"disable-thp", "KERNEL TRANSPARENT HUGEPAGE CONTROL"},
    {"appendonly", "APPEND ONLY MODE"},
    {"appendfilename", "APPEND ONLY MODE"},
    {"appenddirname", "APPEND ONLY MODE"},
    {"appendfsync", "APPEND ONLY MODE"},
    {"no-appendfsync-on-rewrite", "APPEND ONLY MODE"},
    {"auto-aof-rewrite-percentage", "APPEND ONLY MODE"},
    {"auto-aof-rewrite-min-size", "APPEND ONLY MODE"},
    {"aof-load-truncated", "APPEND ONLY MODE"},
    {"aof-use-rdb-preamble", "APPEND ONLY MODE"},
    {"aof-timestamp-enabled", "APPEND ONLY MODE"},
    {"shutdown-timeout", "SHUTDOWN"},
    {"shutdown-on-sigint", "SHUTDOWN"},
    {"shutdown-on-sigterm", "SHUTDOWN"},
    {"busy-reply-threshold", "NON-DETERMINISTIC LONG BLOCKING COMMANDS"},
    {"cluster-enabled", "REDIS CLUSTER"},
    {"cluster-config-file", "REDIS CLUSTER"},
    {"cluster-node-timeout", "REDIS CLUSTER"},
    {"cluster-port", "REDIS CLUSTER"},
    {"cluster-replica-validity-factor", "REDIS CLUSTER"},
    {"cluster-migration-barrier", "REDIS CLUSTER"},
    {"cluster-allow-replica-migration", "REDIS CLUSTER"},
    {"cluster-require-full-coverage", "REDIS CLUSTER"},
    {"cluster-replica-no-failover", "REDIS CLUSTER"},
    {"cluster-allow-reads-when-down", "REDIS CLUSTER"},
    {"cluster-allow-pubsubshard-when-down", "REDIS CLUSTER"},
    {"cluster-link-sendbuf-limit", "REDIS CLUSTER"},
    {"cluster-announce-hostname", "REDIS CLUSTER"},
    {"cluster-preferred-endpoint-type", "REDIS CLUSTER"},
    {"cluster-announce-tls-port", "CLUSTER DOCKER/NAT SUPPORT"},
    {"cluster-announce-ip", "CLUSTER DOCKER/NAT SUPPORT"},
    {"cluster-announce-port", "CLUSTER DOCKER/NAT SUPPORT"},
    {"cluster-announce-bus-port", "CLUSTER DOCKER/NAT SUPPORT"},
    {"slowlog-log-slower-than", "SLOW LOG"},
    {"slowlog-max-len", "SLOW LOG"},
    {"latency-monitor-threshold", "LATENCY MONITOR"},
    {"latency-tracking", "LATENCY TRACKING"},
    {"latency-tracking-info-percentiles", "LATENCY TRACKING"},
    {"notify-keyspace-events", "EVENT NOTIFICATION"},
    {"hash-max-listpack-entries", "ADVANCED CONFIG"},
    {"hash-max-listpack-value", "ADVANCED CONFIG"},
    {"list-max-listpack-size", "ADVANCED CONFIG"},
    {"list-compress-depth", "ADVANCED CONFIG"},
    {"set-max-intset-entries", "ADVANCED CONFIG"},
    {"zset-max-listpack-entries", "ADVANCED CONFIG"},
    {"zset-max-listpack-value", "ADVANCED CONFIG"},
    {"hll-sparse-max-bytes", "ADVANCED CONFIG"},
    {"stream-node-max-bytes", "ADVANCED CONFIG"},
    {"stream-node-max-entries", "ADVANCED CONFIG"},
    {"activerehashing", "ADVANCED CONFIG"},
    {"client-output-buffer-limit", "ADVANCED CONFIG"},
    {"client-query-buffer-limit", "ADVANCED CONFIG"},
    {"maxmemory-clients", "ADVANCED CONFIG"},
    {"proto-max-bulk-len", "ADVANCED CONFIG"},
    {"hz", "ADVANCED CONFIG"},
    {"dynamic-hz", "ADVANCED CONFIG"},
    {"aof-rewrite-incremental-fsync", "ADVANCED CONFIG"},
    {"rdb-save-incremental-fsync", "ADVANCED CONFIG"},
    {"lfu-log-factor", "ADVANCED CONFIG"},
    {"lfu-decay-time", "ADVANCED CONFIG"},
    {"activedefrag", "ACTIVE DEFRAGMENTATION"},
    {"active-defrag-ignore-bytes", "ACTIVE DEFRAGMENTATION"},
    {"active-defrag-threshold-lower", "ACTIVE DEFRAGMENTATION"},
    {"active-defrag-threshold-upper", "ACTIVE DEFRAGMENTATION"},
    {"active-defrag-cycle-min", "ACTIVE DEFRAGMENTATION"},
    {"active-defrag-cycle-max", "ACTIVE DEFRAGMENTATION"},
    {"active-defrag-max-scan-fields", "ACTIVE DEFRAGMENTATION"},
    {"jemalloc-bg-thread", "ACTIVE DEFRAGMENTATION"},
    {"ignore-warnings", "ACTIVE DEFRAGMENTATION"},
};

} // namespace

QByteArray ConfigSections::sectionOf(QByteArrayView name)
{
    static const QHash<QByteArray, QByteArray> table = [] {
        QHash<QByteArray, QByteArray> t;
        for (const SectionEntry &e : kSectionTable)
            t.insert(QByteArray(e.name), QByteArray(e.section));
        return t;
    }();
    const QByteArray lower = name.toByteArray().toLower();
    const auto it = table.constFind(lower);
    if (it != table.constEnd())
        return it.value();
    if (lower == "user" || lower == "aclfile")
        return QByteArrayLiteral("SECURITY");
    if (lower.startsWith("cluster-"))
        return QByteArrayLiteral("REDIS CLUSTER");
    if (lower.startsWith("slave-") || lower.startsWith("replica-") || lower.startsWith("repl-"))
        return QByteArrayLiteral("REPLICATION");
    if (lower.startsWith("tls-"))
        return QByteArrayLiteral("TLS/SSL");
    if (lower.contains("-max-"))
        return QByteArrayLiteral("ADVANCED CONFIG");
    return QByteArrayLiteral("OTHER");
}

const QList<QByteArray> &ConfigSections::order()
{
    static const QList<QByteArray> sections{
        "INCLUDES", "MODULES", "NETWORK", "TLS/SSL", "GENERAL", "SNAPSHOTTING", "REPLICATION",
        "KEYS TRACKING", "SECURITY", "CLIENTS", "MEMORY MANAGEMENT", "LAZY FREEING", "THREADED I/O",
        "KERNEL OOM CONTROL", "KERNEL TRANSPARENT HUGEPAGE CONTROL", "APPEND ONLY MODE", "SHUTDOWN",
        "NON-DETERMINISTIC LONG BLOCKING COMMANDS", "REDIS CLUSTER", "CLUSTER DOCKER/NAT SUPPORT",
        "SLOW LOG", "LATENCY MONITOR", "LATENCY TRACKING", "EVENT NOTIFICATION", "ADVANCED CONFIG",
        "ACTIVE DEFRAGMENTATION", "OTHER",
    };
    return sections;
}
