#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

#include <optional>

// One replica as the master lists it (slaveN:ip=,port=,state=,offset=,lag=).
struct ReplicaEntry
{
    QString ip;
    quint16 port = 0;
    QString state;        // online, wait_bgsave, send_bulk, ...
    qint64 offset = 0;    // acknowledged offset
    qint64 lagSeconds = -1;
};

// One master a sentinel watches (masterN:name=,status=,address=host:port,slaves=,sentinels=).
struct SentinelMasterEntry
{
    QString name;
    QString status;       // ok, sdown, odown
    QString host;
    quint16 port = 0;
    int replicas = 0;
    int sentinels = 0;
};

// An immutable, typed view of one INFO reply. Fields a server version does not report are
// left empty (std::optional / empty string); every key is also kept raw per section.
struct NodeSnapshot
{
    enum class Role { Unknown, Master, Replica, Sentinel };

    QDateTime takenAt;

    // server
    QString version;               // redis_version, e.g. "7.0.15"
    QString mode;                  // redis_mode: standalone, sentinel, cluster
    QString runId;
    QString os;
    qint64 processId = 0;
    quint16 tcpPort = 0;
    qint64 uptimeSeconds = 0;
    QString executable;
    QString configFile;

    // replication
    Role role = Role::Unknown;
    int connectedReplicas = 0;
    QList<ReplicaEntry> replicas;
    QString masterHost;
    quint16 masterPort = 0;
    QString masterLinkStatus;               // "up" / "down"
    std::optional<qint64> masterLastIoSecondsAgo;
    bool masterSyncInProgress = false;
    std::optional<qint64> masterSyncTotalBytes;   // 6.2+/7.0+
    std::optional<qint64> masterSyncReadBytes;
    std::optional<qint64> masterSyncLeftBytes;    // older versions report only this
    std::optional<double> masterSyncPercent;
    std::optional<qint64> masterLinkDownSinceSeconds;
    std::optional<qint64> replicaReadReplOffset;  // slave_read_repl_offset (7.0+)
    std::optional<qint64> replicaReplOffset;      // slave_repl_offset (applied)
    std::optional<int> replicaPriority;
    std::optional<bool> replicaReadOnly;
    std::optional<bool> replicaAnnounced;
    QString masterFailoverState;            // 6.2+
    QString masterReplId;                   // 4.0+
    QString masterReplId2;
    qint64 masterReplOffset = 0;
    std::optional<qint64> secondReplOffset;
    bool replBacklogActive = false;
    qint64 replBacklogSize = 0;
    qint64 replBacklogFirstByteOffset = 0;
    qint64 replBacklogHistlen = 0;
    std::optional<int> minReplicasGood;     // min_slaves_good_slaves, only when configured

    // sentinel (redis_mode:sentinel)
    QList<SentinelMasterEntry> sentinelMasters;
    std::optional<bool> sentinelTilt;

    // persistence
    bool loading = false;
    std::optional<qint64> rdbChangesSinceLastSave;
    bool rdbBgsaveInProgress = false;
    QString rdbLastBgsaveStatus;
    bool aofEnabled = false;
    bool aofRewriteInProgress = false;
    QString aofLastWriteStatus;

    // memory
    qint64 usedMemory = 0;
    qint64 usedMemoryRss = 0;
    qint64 usedMemoryPeak = 0;
    qint64 maxMemory = 0;
    QString maxMemoryPolicy;

    // clients
    int connectedClients = 0;
    int blockedClients = 0;

    // stats
    qint64 totalConnectionsReceived = 0;
    qint64 totalCommandsProcessed = 0;
    qint64 instantaneousOpsPerSec = 0;
    qint64 syncFull = 0;
    qint64 syncPartialOk = 0;
    qint64 syncPartialErr = 0;
    qint64 rejectedConnections = 0;
    qint64 expiredKeys = 0;
    qint64 evictedKeys = 0;

    // Every section name (lower case) -> key -> raw value, including keys not typed above.
    QMap<QString, QMap<QString, QString>> sections;

    // The raw value of `key` in `section` (section name case-insensitive); an empty section
    // searches all sections.
    QString raw(const QString &section, const QString &key) const;
    static QString roleName(Role role);  // "master", "replica", "sentinel", "unknown"
    // Major/minor of `version` as e.g. 0x070000 for 7.0.x; 0 when unknown.
    int versionNumber() const;
};

Q_DECLARE_METATYPE(NodeSnapshot)
