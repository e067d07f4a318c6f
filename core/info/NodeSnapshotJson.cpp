#include "NodeSnapshotJson.h"

#include <QJsonArray>

namespace {

template<typename T>
QJsonValue opt(const std::optional<T> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue optString(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

} // namespace

QJsonObject NodeSnapshotJson::toJson(const NodeSnapshot &s, bool includeRaw)
{
    QJsonObject server{
        {QStringLiteral("version"), optString(s.version)},
        {QStringLiteral("mode"), optString(s.mode)},
        {QStringLiteral("run_id"), optString(s.runId)},
        {QStringLiteral("os"), optString(s.os)},
        {QStringLiteral("process_id"), s.processId},
        {QStringLiteral("tcp_port"), s.tcpPort},
        {QStringLiteral("uptime_seconds"), s.uptimeSeconds},
        {QStringLiteral("config_file"), optString(s.configFile)},
    };

    QJsonArray replicas;
    for (const ReplicaEntry &r : s.replicas) {
        replicas.append(QJsonObject{
            {QStringLiteral("address"), QString(r.ip + QLatin1Char(':') + QString::number(r.port))},
            {QStringLiteral("state"), r.state},
            {QStringLiteral("offset"), r.offset},
            {QStringLiteral("lag_seconds"), r.lagSeconds},
        });
    }
    const bool isReplica = s.role == NodeSnapshot::Role::Replica;
    QJsonObject replication{
        {QStringLiteral("role"), NodeSnapshot::roleName(s.role)},
        {QStringLiteral("connected_replicas"), s.connectedReplicas},
        {QStringLiteral("replicas"), replicas},
        {QStringLiteral("master"), isReplica ? QJsonValue(QString(s.masterHost + QLatin1Char(':')
                                                          + QString::number(s.masterPort)))
                                             : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("link"), optString(s.masterLinkStatus)},
        {QStringLiteral("last_io_seconds_ago"), opt(s.masterLastIoSecondsAgo)},
        {QStringLiteral("link_down_since_seconds"), opt(s.masterLinkDownSinceSeconds)},
        {QStringLiteral("sync_in_progress"), s.masterSyncInProgress},
        {QStringLiteral("sync_total_bytes"), opt(s.masterSyncTotalBytes)},
        {QStringLiteral("sync_read_bytes"), opt(s.masterSyncReadBytes)},
        {QStringLiteral("sync_left_bytes"), opt(s.masterSyncLeftBytes)},
        {QStringLiteral("sync_percent"), opt(s.masterSyncPercent)},
        {QStringLiteral("replica_read_repl_offset"), opt(s.replicaReadReplOffset)},
        {QStringLiteral("replica_repl_offset"), opt(s.replicaReplOffset)},
        {QStringLiteral("replica_priority"), opt(s.replicaPriority)},
        {QStringLiteral("replica_read_only"), opt(s.replicaReadOnly)},
        {QStringLiteral("failover_state"), optString(s.masterFailoverState)},
        {QStringLiteral("master_replid"), optString(s.masterReplId)},
        {QStringLiteral("master_replid2"), optString(s.masterReplId2)},
        {QStringLiteral("master_repl_offset"), s.masterReplOffset},
        {QStringLiteral("second_repl_offset"), opt(s.secondReplOffset)},
        {QStringLiteral("backlog_active"), s.replBacklogActive},
        {QStringLiteral("backlog_size"), s.replBacklogSize},
        {QStringLiteral("backlog_first_byte_offset"), s.replBacklogFirstByteOffset},
        {QStringLiteral("backlog_histlen"), s.replBacklogHistlen},
    };

    QJsonObject persistence{
        {QStringLiteral("loading"), s.loading},
        {QStringLiteral("rdb_changes_since_last_save"), opt(s.rdbChangesSinceLastSave)},
        {QStringLiteral("rdb_bgsave_in_progress"), s.rdbBgsaveInProgress},
        {QStringLiteral("rdb_last_bgsave_status"), optString(s.rdbLastBgsaveStatus)},
        {QStringLiteral("aof_enabled"), s.aofEnabled},
        {QStringLiteral("aof_rewrite_in_progress"), s.aofRewriteInProgress},
        {QStringLiteral("aof_last_write_status"), optString(s.aofLastWriteStatus)},
    };
    QJsonObject memory{
        {QStringLiteral("used_memory"), s.usedMemory},
        {QStringLiteral("used_memory_rss"), s.usedMemoryRss},
        {QStringLiteral("used_memory_peak"), s.usedMemoryPeak},
        {QStringLiteral("maxmemory"), s.maxMemory},
        {QStringLiteral("maxmemory_policy"), optString(s.maxMemoryPolicy)},
    };
    QJsonObject clients{
        {QStringLiteral("connected_clients"), s.connectedClients},
        {QStringLiteral("blocked_clients"), s.blockedClients},
    };
    QJsonObject stats{
        {QStringLiteral("total_connections_received"), s.totalConnectionsReceived},
        {QStringLiteral("total_commands_processed"), s.totalCommandsProcessed},
        {QStringLiteral("instantaneous_ops_per_sec"), s.instantaneousOpsPerSec},
        {QStringLiteral("sync_full"), s.syncFull},
        {QStringLiteral("sync_partial_ok"), s.syncPartialOk},
        {QStringLiteral("sync_partial_err"), s.syncPartialErr},
        {QStringLiteral("rejected_connections"), s.rejectedConnections},
        {QStringLiteral("expired_keys"), s.expiredKeys},
        {QStringLiteral("evicted_keys"), s.evictedKeys},
    };

    QJsonObject out{
        {QStringLiteral("taken_at"), s.takenAt.toString(Qt::ISODateWithMs)},
        {QStringLiteral("server"), server},
        {QStringLiteral("replication"), replication},
        {QStringLiteral("persistence"), persistence},
        {QStringLiteral("memory"), memory},
        {QStringLiteral("clients"), clients},
        {QStringLiteral("stats"), stats},
    };
    if (includeRaw) {
        QJsonObject raw;
        for (auto sec = s.sections.cbegin(); sec != s.sections.cend(); ++sec) {
            QJsonObject fields;
            for (auto it = sec.value().cbegin(); it != sec.value().cend(); ++it)
                fields.insert(it.key(), it.value());
            raw.insert(sec.key(), fields);
        }
        out.insert(QStringLiteral("raw"), raw);
    }
    return out;
}
