#include "TopologyJson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

QJsonValue orNull(const std::optional<qint64> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue orNull(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue linkName(bool up)
{
    return up ? QStringLiteral("up") : QStringLiteral("down");
}

QJsonObject nodeJson(const Topology &t, const TopologyNode &n)
{
    const TopologyEdge *e = t.edgeTo(n.address);
    const NodeSnapshot &s = n.snapshot;
    const bool dataNode = n.hasSnapshot && n.role != NodeSnapshot::Role::Sentinel;
    QJsonValue offset = QJsonValue::Null;
    if (dataNode) {
        const bool replica = n.role == NodeSnapshot::Role::Replica && s.replicaReplOffset;
        offset = replica ? *s.replicaReplOffset : s.masterReplOffset;
    }
    QJsonObject o;
    o.insert(QStringLiteral("address"), n.address);
    o.insert(QStringLiteral("role"), NodeSnapshot::roleName(n.role));
    o.insert(QStringLiteral("reachable"), n.isUp());
    o.insert(QStringLiteral("version"), n.hasSnapshot ? orNull(s.version) : QJsonValue());
    o.insert(QStringLiteral("master"), e ? QJsonValue(e->master) : QJsonValue());
    o.insert(QStringLiteral("link"), e ? linkName(e->linkUp) : QJsonValue());
    o.insert(QStringLiteral("repl_offset"), offset);
    o.insert(QStringLiteral("lag_bytes"), e ? orNull(e->lagBytes) : QJsonValue());
    o.insert(QStringLiteral("sync_in_progress"), e && e->syncInProgress);
    // Additions beyond the documented minimum.
    o.insert(QStringLiteral("reachability"), Topology::reachabilityName(n.reachability));
    o.insert(QStringLiteral("error"), orNull(n.error));
    o.insert(QStringLiteral("aliases"), QJsonArray::fromStringList(n.aliases));
    o.insert(QStringLiteral("placeholder"), n.placeholder);
    o.insert(QStringLiteral("group"), n.group >= 0 ? QJsonValue(n.group) : QJsonValue());
    o.insert(QStringLiteral("depth"), n.depth);
    o.insert(QStringLiteral("lag_seconds"), e ? orNull(e->lagSeconds) : QJsonValue());
    o.insert(QStringLiteral("run_id"), n.hasSnapshot ? orNull(s.runId) : QJsonValue());
    o.insert(QStringLiteral("last_seen"),
             n.lastSeen.isValid() ? QJsonValue(n.lastSeen.toUTC().toString(Qt::ISODateWithMs))
                                  : QJsonValue());
    return o;
}

QJsonObject edgeJson(const TopologyEdge &e)
{
    QJsonObject o;
    o.insert(QStringLiteral("master"), e.master);
    o.insert(QStringLiteral("replica"), e.replica);
    o.insert(QStringLiteral("link"), linkName(e.linkUp));
    o.insert(QStringLiteral("lag_bytes"), orNull(e.lagBytes));
    o.insert(QStringLiteral("lag_seconds"), orNull(e.lagSeconds));
    o.insert(QStringLiteral("link_down_seconds"), orNull(e.linkDownSeconds));
    o.insert(QStringLiteral("state"), orNull(e.state));
    o.insert(QStringLiteral("sync_in_progress"), e.syncInProgress);
    o.insert(QStringLiteral("sync_total_bytes"), orNull(e.syncTotalBytes));
    o.insert(QStringLiteral("sync_done_bytes"), orNull(e.syncDoneBytes));
    o.insert(QStringLiteral("sync_left_bytes"), orNull(e.syncLeftBytes));
    o.insert(QStringLiteral("sync_percent"), orNull(e.syncPercent));
    return o;
}

QJsonObject groupJson(const TopologyGroup &g)
{
    QJsonObject o;
    o.insert(QStringLiteral("master"), orNull(g.master));  // null: a replication loop
    o.insert(QStringLiteral("nodes"), QJsonArray::fromStringList(g.nodes));
    o.insert(QStringLiteral("sentinels"), QJsonArray::fromStringList(g.sentinels));
    o.insert(QStringLiteral("sentinel_name"), orNull(g.sentinelName));
    return o;
}

QJsonObject anomalyJson(const Anomaly &a)
{
    QJsonObject o;
    o.insert(QStringLiteral("kind"), a.kind);
    o.insert(QStringLiteral("nodes"), QJsonArray::fromStringList(a.nodes));
    o.insert(QStringLiteral("message"), a.message);
    o.insert(QStringLiteral("severity"), Anomaly::severityName(a.severity));
    o.insert(QStringLiteral("advice"), a.advice);
    return o;
}

} // namespace

QJsonObject TopologyJson::toJson(const Topology &topology)
{
    QJsonArray nodes;
    for (const TopologyNode &n : topology.nodes)
        nodes.append(nodeJson(topology, n));
    QJsonArray edges;
    for (const TopologyEdge &e : topology.edges)
        edges.append(edgeJson(e));
    QJsonArray groups;
    for (const TopologyGroup &g : topology.groups)
        groups.append(groupJson(g));
    QJsonArray anomalies;
    for (const Anomaly &a : topology.anomalies)
        anomalies.append(anomalyJson(a));
    QJsonObject o;
    o.insert(QStringLiteral("taken_at"),
             topology.takenAt.isValid()
                 ? QJsonValue(topology.takenAt.toUTC().toString(Qt::ISODateWithMs))
                 : QJsonValue());
    o.insert(QStringLiteral("nodes"), nodes);
    o.insert(QStringLiteral("edges"), edges);
    o.insert(QStringLiteral("groups"), groups);
    o.insert(QStringLiteral("anomalies"), anomalies);
    return o;
}

QByteArray TopologyJson::toText(const Topology &topology, bool indented)
{
    return QJsonDocument(toJson(topology))
        .toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact);
}
