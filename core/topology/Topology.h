#pragma once

#include "NodeSettings.h"
#include "info/NodeSnapshot.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// How Tandem last reached a node.
enum class NodeReachability {
    Connecting,     // not answered yet
    Up,             // answering INFO
    Loading,        // up, but loading its dataset (-LOADING or loading:1)
    Unreachable,    // refused, timed out, dropped
    AuthFailed,     // wrong password / ACL user (Redis or SSH)
    HostKeyUnknown, // SSH host key not known yet: the user must decide
    HostKeyChanged, // SSH host key differs from known_hosts: refused
    Error,          // TLS, protocol, anything else
};

// One node as Tandem last saw it. `snapshot` may be stale when the node is not Up
// (it is the last one received; `lastSeen` says when).
struct TopologyNode
{
    QString address;           // host:port as reached; the node's identity in the topology
    QStringList aliases;       // other addresses that turned out to be this node (same run_id)
    NodeReachability reachability = NodeReachability::Connecting;
    QString error;             // last error, readable, no secrets
    bool hasSnapshot = false;
    NodeSnapshot snapshot;
    QDateTime lastSeen;        // when the last snapshot arrived (UTC)
    NodeSnapshot::Role role = NodeSnapshot::Role::Unknown;  // sentinel-reported when no snapshot
    QString masterAddress;     // replicas: master as this replica reports it (host:port)
    int group = -1;            // index into Topology::groups, -1 = none
    int depth = 0;             // 0 = group master, 1 = its replicas, 2 = replicas of those...
    // Never polled: known only because replicas or sentinels name it as their master. Kept so
    // the UI can draw an orphaned replica's edge to the address it still points at.
    bool placeholder = false;
    // CONFIG GET save, when the monitor could read it ("" = RDB snapshots off). INFO does not
    // show the save schedule, so without this the detector guesses from save times.
    std::optional<QString> saveConfig;
    // Settings compared across the group (config drift); `known` false when not read.
    NodeSettings settings;

    bool isUp() const
    {
        return reachability == NodeReachability::Up || reachability == NodeReachability::Loading;
    }
    // When Tandem last heard from the node.
    QDateTime seenAt() const { return lastSeen.isValid() ? lastSeen : snapshot.takenAt; }
};

// master -> replica, from both sides' reports.
struct TopologyEdge
{
    QString master;            // address of the master node in the topology
    QString replica;
    bool linkUp = false;       // replica's master_link_status (or master's view if replica unknown)
    std::optional<qint64> linkDownSeconds;
    std::optional<qint64> lagBytes;    // master_repl_offset - replica applied offset
    std::optional<qint64> lagSeconds;  // master's slaveN lag= (seconds since last ack)
    bool syncInProgress = false;
    // A full sync was asked for and the master has not started sending: it waits
    // repl-diskless-sync-delay (5 s by default) or for its BGSAVE. Normal, not a lost link.
    bool syncWaiting = false;
    std::optional<qint64> syncTotalBytes;
    std::optional<qint64> syncDoneBytes;
    std::optional<qint64> syncLeftBytes;
    std::optional<double> syncPercent;
    QString state;             // master's slaveN state= (online, wait_bgsave, send_bulk...)
};

// One replication group: a master, everything that replicates from it (at any depth), and
// the sentinels that watch it.
struct TopologyGroup
{
    // The root: the master, or the address its orphaned replicas still point at (then a
    // placeholder or unreachable node). Empty only for a replication loop, which has no master.
    QString master;
    QStringList nodes;         // master first, then replicas breadth-first
    QStringList sentinels;     // sentinel addresses watching this group
    QString sentinelName;      // the name sentinels know the master by
};

struct Anomaly
{
    enum class Severity { Info, Warning, Critical };
    QString kind;              // stable id: "split_brain", "link_down", ...
    Severity severity = Severity::Warning;
    QStringList nodes;         // addresses involved, most relevant first
    QString message;           // what is wrong, in plain words
    QString advice;            // what to do about it
    // The Tandem action that does what the advice says, offered next to it: "failover"
    // (Operations > Fail over... on the first node's group); empty when none does.
    QString action;

    // Identity for raised/cleared events.
    QString key() const { return kind + QLatin1Char('|') + nodes.join(QLatin1Char(',')); }
    static QString severityName(Severity severity);  // "info", "warning", "critical"
};

// A complete, immutable picture of every known node at one moment.
struct Topology
{
    QDateTime takenAt;
    QList<TopologyNode> nodes;     // sorted: by group, then depth, then address
    QList<TopologyEdge> edges;
    QList<TopologyGroup> groups;
    QList<Anomaly> anomalies;

    const TopologyNode *node(const QString &address) const;  // also matches aliases
    QList<const TopologyEdge *> edgesFrom(const QString &master) const;
    const TopologyEdge *edgeTo(const QString &replica) const;
    // The group `address` (or an alias of it) belongs to, sentinels included; null if none.
    const TopologyGroup *groupOf(const QString &address) const;

    static QString reachabilityName(NodeReachability r);  // "up", "unreachable", ...
};

// A change worth telling the operator about, derived by comparing two topologies.
struct TopologyEvent
{
    enum class Kind {
        NodeAdded, NodeRemoved, NodeUp, NodeDown, RoleChanged, LinkDown, LinkUp,
        FullSyncStarted, FullSyncFinished, AnomalyRaised, AnomalyCleared,
    };
    Kind kind = Kind::NodeAdded;
    QDateTime at;
    QString node;              // main node concerned (may be empty for group-wide anomalies)
    QString message;           // readable one-liner
    Anomaly::Severity severity = Anomaly::Severity::Info;

    static QString kindName(Kind kind);  // "node_added", "link_down", ...
};

Q_DECLARE_METATYPE(Topology)
Q_DECLARE_METATYPE(TopologyEvent)
