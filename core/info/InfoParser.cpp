#include "InfoParser.h"

#include <QHash>

#include <climits>

#include <optional>

namespace {

std::optional<qint64> toInt(const QByteArray &v)
{
    bool ok = false;
    const qint64 n = v.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return n;
}

std::optional<double> toDouble(const QByteArray &v)
{
    bool ok = false;
    const double d = v.toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return d;
}

std::optional<bool> toBool(const QByteArray &v)
{
    if (v == "1" || v == "yes" || v == "true")
        return true;
    if (v == "0" || v == "no" || v == "false")
        return false;
    return std::nullopt;
}

std::optional<quint16> toPort(const QByteArray &v)
{
    const auto n = toInt(v);
    if (!n || *n < 0 || *n > 65535)
        return std::nullopt;
    return quint16(*n);
}

QString text(const QByteArray &v)
{
    return QString::fromUtf8(v);
}

// Typed fields are assigned only when the value parses, so a garbled value keeps the default
// instead of turning into a misleading 0.
void setInt(qint64 *field, const QByteArray &v)
{
    if (const auto n = toInt(v))
        *field = *n;
}

void setInt(int *field, const QByteArray &v)
{
    if (const auto n = toInt(v); n && *n >= INT_MIN && *n <= INT_MAX)
        *field = int(*n);
}

void setOptInt(std::optional<qint64> *field, const QByteArray &v)
{
    if (const auto n = toInt(v))
        *field = *n;
}

void setOptInt(std::optional<int> *field, const QByteArray &v)
{
    if (const auto n = toInt(v); n && *n >= INT_MIN && *n <= INT_MAX)
        *field = int(*n);
}

void setBool(bool *field, const QByteArray &v)
{
    if (const auto b = toBool(v))
        *field = *b;
}

void setOptBool(std::optional<bool> *field, const QByteArray &v)
{
    if (const auto b = toBool(v))
        *field = *b;
}

void setPort(quint16 *field, const QByteArray &v)
{
    if (const auto p = toPort(v))
        *field = *p;
}

NodeSnapshot::Role parseRole(const QByteArray &v)
{
    if (v == "master")
        return NodeSnapshot::Role::Master;
    if (v == "slave" || v == "replica")
        return NodeSnapshot::Role::Replica;
    if (v == "sentinel")
        return NodeSnapshot::Role::Sentinel;
    return NodeSnapshot::Role::Unknown;
}

using Setter = void (*)(NodeSnapshot &, const QByteArray &);

// One table instead of a long if-chain: the key names are the contract with the server.
const QHash<QByteArray, Setter> &setters()
{
    static const QHash<QByteArray, Setter> table = {
        // server
        {"redis_version", [](NodeSnapshot &s, const QByteArray &v) { s.version = text(v); }},
        {"redis_mode", [](NodeSnapshot &s, const QByteArray &v) { s.mode = text(v); }},
        {"run_id", [](NodeSnapshot &s, const QByteArray &v) { s.runId = text(v); }},
        {"os", [](NodeSnapshot &s, const QByteArray &v) { s.os = text(v); }},
        {"process_id", [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.processId, v); }},
        {"tcp_port", [](NodeSnapshot &s, const QByteArray &v) { setPort(&s.tcpPort, v); }},
        {"uptime_in_seconds",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.uptimeSeconds, v); }},
        {"executable", [](NodeSnapshot &s, const QByteArray &v) { s.executable = text(v); }},
        {"config_file", [](NodeSnapshot &s, const QByteArray &v) { s.configFile = text(v); }},

        // replication
        {"role", [](NodeSnapshot &s, const QByteArray &v) { s.role = parseRole(v); }},
        {"connected_slaves",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.connectedReplicas, v); }},
        {"master_host", [](NodeSnapshot &s, const QByteArray &v) { s.masterHost = text(v); }},
        {"master_port", [](NodeSnapshot &s, const QByteArray &v) { setPort(&s.masterPort, v); }},
        {"master_link_status",
         [](NodeSnapshot &s, const QByteArray &v) { s.masterLinkStatus = text(v); }},
        {"master_last_io_seconds_ago",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.masterLastIoSecondsAgo, v); }},
        {"master_sync_in_progress",
         [](NodeSnapshot &s, const QByteArray &v) { setBool(&s.masterSyncInProgress, v); }},
        {"master_sync_total_bytes",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.masterSyncTotalBytes, v); }},
        {"master_sync_read_bytes",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.masterSyncReadBytes, v); }},
        {"master_sync_left_bytes",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.masterSyncLeftBytes, v); }},
        {"master_sync_perc",
         [](NodeSnapshot &s, const QByteArray &v) {
             if (const auto d = toDouble(v))
                 s.masterSyncPercent = *d;
         }},
        {"master_link_down_since_seconds",
         [](NodeSnapshot &s, const QByteArray &v) {
             setOptInt(&s.masterLinkDownSinceSeconds, v);
         }},
        {"slave_read_repl_offset",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.replicaReadReplOffset, v); }},
        {"slave_repl_offset",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.replicaReplOffset, v); }},
        {"slave_priority",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.replicaPriority, v); }},
        {"replica_priority",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.replicaPriority, v); }},
        {"slave_read_only",
         [](NodeSnapshot &s, const QByteArray &v) { setOptBool(&s.replicaReadOnly, v); }},
        {"replica_read_only",
         [](NodeSnapshot &s, const QByteArray &v) { setOptBool(&s.replicaReadOnly, v); }},
        {"replica_announced",
         [](NodeSnapshot &s, const QByteArray &v) { setOptBool(&s.replicaAnnounced, v); }},
        {"master_failover_state",
         [](NodeSnapshot &s, const QByteArray &v) { s.masterFailoverState = text(v); }},
        {"master_replid", [](NodeSnapshot &s, const QByteArray &v) { s.masterReplId = text(v); }},
        {"master_replid2",
         [](NodeSnapshot &s, const QByteArray &v) { s.masterReplId2 = text(v); }},
        {"master_repl_offset",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.masterReplOffset, v); }},
        {"second_repl_offset",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.secondReplOffset, v); }},
        {"repl_backlog_active",
         [](NodeSnapshot &s, const QByteArray &v) { setBool(&s.replBacklogActive, v); }},
        {"repl_backlog_size",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.replBacklogSize, v); }},
        {"repl_backlog_first_byte_offset",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.replBacklogFirstByteOffset, v); }},
        {"repl_backlog_histlen",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.replBacklogHistlen, v); }},
        {"min_slaves_good_slaves",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.minReplicasGood, v); }},

        // persistence
        {"loading", [](NodeSnapshot &s, const QByteArray &v) { setBool(&s.loading, v); }},
        {"rdb_changes_since_last_save",
         [](NodeSnapshot &s, const QByteArray &v) { setOptInt(&s.rdbChangesSinceLastSave, v); }},
        {"rdb_bgsave_in_progress",
         [](NodeSnapshot &s, const QByteArray &v) { setBool(&s.rdbBgsaveInProgress, v); }},
        {"rdb_last_bgsave_status",
         [](NodeSnapshot &s, const QByteArray &v) { s.rdbLastBgsaveStatus = text(v); }},
        {"aof_enabled", [](NodeSnapshot &s, const QByteArray &v) { setBool(&s.aofEnabled, v); }},
        {"aof_rewrite_in_progress",
         [](NodeSnapshot &s, const QByteArray &v) { setBool(&s.aofRewriteInProgress, v); }},
        {"aof_last_write_status",
         [](NodeSnapshot &s, const QByteArray &v) { s.aofLastWriteStatus = text(v); }},

        // memory
        {"used_memory", [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.usedMemory, v); }},
        {"used_memory_rss",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.usedMemoryRss, v); }},
        {"used_memory_peak",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.usedMemoryPeak, v); }},
        {"maxmemory", [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.maxMemory, v); }},
        {"maxmemory_policy",
         [](NodeSnapshot &s, const QByteArray &v) { s.maxMemoryPolicy = text(v); }},

        // clients
        {"connected_clients",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.connectedClients, v); }},
        {"blocked_clients",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.blockedClients, v); }},

        // stats
        {"total_connections_received",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.totalConnectionsReceived, v); }},
        {"total_commands_processed",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.totalCommandsProcessed, v); }},
        {"instantaneous_ops_per_sec",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.instantaneousOpsPerSec, v); }},
        {"sync_full", [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.syncFull, v); }},
        {"sync_partial_ok",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.syncPartialOk, v); }},
        {"sync_partial_err",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.syncPartialErr, v); }},
        {"rejected_connections",
         [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.rejectedConnections, v); }},
        {"expired_keys", [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.expiredKeys, v); }},
        {"evicted_keys", [](NodeSnapshot &s, const QByteArray &v) { setInt(&s.evictedKeys, v); }},

        // sentinel
        {"sentinel_tilt",
         [](NodeSnapshot &s, const QByteArray &v) { setOptBool(&s.sentinelTilt, v); }},
    };
    return table;
}

// "slave0", "master12": the prefix followed by digits only, so slave_repl_offset and
// master_host never match. Returns -1 when the key is not of that form.
int indexedKey(const QByteArray &key, const char *prefix, qsizetype prefixLength)
{
    if (key.size() <= prefixLength || key.size() > prefixLength + 6 || !key.startsWith(prefix))
        return -1;
    int n = 0;
    for (qsizetype i = prefixLength; i < key.size(); ++i) {
        const char c = key.at(i);
        if (c < '0' || c > '9')
            return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

// Splits "a=1,b=2" into pairs; a piece without '=' yields an empty key.
QList<QPair<QByteArray, QByteArray>> fields(const QByteArray &value)
{
    QList<QPair<QByteArray, QByteArray>> out;
    for (const QByteArray &piece : value.split(',')) {
        const qsizetype eq = piece.indexOf('=');
        if (eq < 0)
            out.append({QByteArray(), piece});
        else
            out.append({piece.left(eq), piece.mid(eq + 1)});
    }
    return out;
}

std::optional<ReplicaEntry> parseReplica(const QByteArray &value)
{
    ReplicaEntry r;
    if (!value.contains('=')) {
        // Redis 2.6 and older: "slave0:127.0.0.1,6380,online".
        const QList<QByteArray> parts = value.split(',');
        if (parts.size() < 3)
            return std::nullopt;
        r.ip = text(parts.at(0).trimmed());
        const auto port = toPort(parts.at(1).trimmed());
        if (!port)
            return std::nullopt;
        r.port = *port;
        r.state = text(parts.at(2).trimmed());
        return r.ip.isEmpty() ? std::nullopt : std::optional<ReplicaEntry>(r);
    }
    for (const auto &[k, v] : fields(value)) {
        if (k == "ip")
            r.ip = text(v);
        else if (k == "port")
            setPort(&r.port, v);
        else if (k == "state")
            r.state = text(v);
        else if (k == "offset")
            setInt(&r.offset, v);
        else if (k == "lag")
            setInt(&r.lagSeconds, v);
    }
    if (r.ip.isEmpty() || r.port == 0)
        return std::nullopt;
    return r;
}

std::optional<SentinelMasterEntry> parseSentinelMaster(const QByteArray &value)
{
    SentinelMasterEntry m;
    for (const auto &[k, v] : fields(value)) {
        if (k == "name") {
            m.name = text(v);
        } else if (k == "status") {
            m.status = text(v);
        } else if (k == "address") {
            // The last colon splits: sentinel prints IPv6 hosts unbracketed.
            const qsizetype colon = v.lastIndexOf(':');
            if (colon > 0) {
                m.host = text(v.left(colon));
                setPort(&m.port, v.mid(colon + 1));
            }
        } else if (k == "slaves") {
            setInt(&m.replicas, v);
        } else if (k == "sentinels") {
            setInt(&m.sentinels, v);
        }
    }
    if (m.name.isEmpty())
        return std::nullopt;
    return m;
}

bool isValidKey(const QByteArray &key)
{
    if (key.isEmpty() || key.size() > 256)
        return false;
    for (const char c : key) {
        if (uchar(c) <= ' ' || uchar(c) >= 0x7f)
            return false;
    }
    return true;
}

} // namespace

NodeSnapshot InfoParser::parse(const QByteArray &info, const QDateTime &takenAt)
{
    NodeSnapshot s;
    s.takenAt = takenAt;

    QString section;
    QMap<int, ReplicaEntry> replicas;       // ordered by N of slaveN
    QMap<int, SentinelMasterEntry> masters;  // ordered by N of masterN
    const auto &table = setters();

    qsizetype pos = 0;
    while (pos < info.size()) {
        qsizetype end = info.indexOf('\n', pos);
        if (end < 0)
            end = info.size();
        const QByteArray line = info.mid(pos, end - pos).trimmed();  // drops \r too
        pos = end + 1;
        if (line.isEmpty())
            continue;
        if (line.startsWith('#')) {
            const QByteArray name = line.mid(1).trimmed().toLower();
            if (!name.isEmpty() && isValidKey(name))
                section = text(name);
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray key = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (!isValidKey(key))
            continue;

        s.sections[section].insert(text(key), text(value));

        if (const int n = indexedKey(key, "slave", 5); n >= 0) {
            if (const auto r = parseReplica(value))
                replicas.insert(n, *r);
            continue;
        }
        if (const int n = indexedKey(key, "master", 6); n >= 0) {
            if (const auto m = parseSentinelMaster(value))
                masters.insert(n, *m);
            continue;
        }
        if (const auto it = table.constFind(key); it != table.constEnd())
            (*it)(s, value);
    }

    s.replicas = replicas.values();
    s.sentinelMasters = masters.values();
    // A sentinel has no role line; its mode (or its own section) says what it is.
    if (s.mode == QLatin1String("sentinel") || s.sections.contains(QStringLiteral("sentinel")))
        s.role = NodeSnapshot::Role::Sentinel;
    return s;
}
