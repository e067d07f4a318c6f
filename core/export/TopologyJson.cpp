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

// What a node card shows beyond role and links; null when Tandem never heard from the node.
QJsonObject statsJson(const NodeSnapshot &s)
{
    QJsonArray watched;
    for (const SentinelMasterEntry &m : s.sentinelMasters) {
        watched.append(QJsonObject{{QStringLiteral("name"), m.name},
                                   {QStringLiteral("address"), QStringLiteral("%1:%2").arg(m.host).arg(m.port)},
                                   {QStringLiteral("status"), m.status}});
    }
    QJsonObject o;
    o.insert(QStringLiteral("used_memory"), s.usedMemory);
    o.insert(QStringLiteral("max_memory"), s.maxMemory);
    o.insert(QStringLiteral("ops_per_sec"), s.instantaneousOpsPerSec);
    o.insert(QStringLiteral("connected_clients"), s.connectedClients);
    o.insert(QStringLiteral("connected_replicas"), s.connectedReplicas);
    o.insert(QStringLiteral("uptime_seconds"), s.uptimeSeconds);
    o.insert(QStringLiteral("loading"), s.loading);
    o.insert(QStringLiteral("master_sync_in_progress"), s.masterSyncInProgress);
    o.insert(QStringLiteral("master_sync_percent"), orNull(s.masterSyncPercent));
    o.insert(QStringLiteral("watched_masters"), watched);
    return o;
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
    o.insert(QStringLiteral("master_address"), orNull(n.masterAddress));
    o.insert(QStringLiteral("stats"), n.hasSnapshot ? QJsonValue(statsJson(s)) : QJsonValue());
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
    o.insert(QStringLiteral("sync_waiting"), e.syncWaiting);
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

namespace {

std::optional<qint64> jsonInteger(const QJsonValue &v)
{
    return v.isDouble() ? std::optional<qint64>(v.toInteger()) : std::nullopt;
}

std::optional<double> jsonReal(const QJsonValue &v)
{
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

QStringList jsonStrings(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray array = v.toArray();
    for (const QJsonValue &item : array) {
        if (item.isString())
            out << item.toString();
    }
    return out;
}

QDateTime jsonTime(const QJsonValue &v)
{
    return v.isString() ? QDateTime::fromString(v.toString(), Qt::ISODateWithMs) : QDateTime();
}

std::optional<NodeSnapshot::Role> roleFromName(const QString &name)
{
    using R = NodeSnapshot::Role;
    for (R r : {R::Unknown, R::Master, R::Replica, R::Sentinel}) {
        if (NodeSnapshot::roleName(r) == name)
            return r;
    }
    return std::nullopt;
}

NodeReachability reachabilityFromJson(const QJsonObject &o)
{
    using N = NodeReachability;
    const QString name = o.value(QStringLiteral("reachability")).toString();
    for (N r : {N::Connecting, N::Up, N::Loading, N::Unreachable, N::AuthFailed, N::HostKeyUnknown,
                N::HostKeyChanged, N::Error}) {
        if (Topology::reachabilityName(r) == name)
            return r;
    }
    // A document from before "reachability" existed: only "reachable" says anything.
    return o.value(QStringLiteral("reachable")).toBool() ? N::Up : N::Unreachable;
}

Anomaly::Severity severityFromName(const QString &name)
{
    using S = Anomaly::Severity;
    for (S s : {S::Info, S::Warning, S::Critical}) {
        if (Anomaly::severityName(s) == name)
            return s;
    }
    return S::Warning;
}

void readStats(const QJsonObject &o, NodeSnapshot *s)
{
    s->usedMemory = o.value(QStringLiteral("used_memory")).toInteger();
    s->maxMemory = o.value(QStringLiteral("max_memory")).toInteger();
    s->instantaneousOpsPerSec = o.value(QStringLiteral("ops_per_sec")).toInteger();
    s->connectedClients = o.value(QStringLiteral("connected_clients")).toInt();
    s->connectedReplicas = o.value(QStringLiteral("connected_replicas")).toInt();
    s->uptimeSeconds = o.value(QStringLiteral("uptime_seconds")).toInteger();
    s->loading = o.value(QStringLiteral("loading")).toBool();
    s->masterSyncInProgress = o.value(QStringLiteral("master_sync_in_progress")).toBool();
    s->masterSyncPercent = jsonReal(o.value(QStringLiteral("master_sync_percent")));
    const QJsonArray watched = o.value(QStringLiteral("watched_masters")).toArray();
    for (const QJsonValue &v : watched) {
        const QJsonObject m = v.toObject();
        SentinelMasterEntry entry;
        entry.name = m.value(QStringLiteral("name")).toString();
        entry.status = m.value(QStringLiteral("status")).toString();
        const QString address = m.value(QStringLiteral("address")).toString();
        const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
        entry.host = address.left(colon);
        entry.port = quint16(address.mid(colon + 1).toUInt());
        s->sentinelMasters.append(entry);
    }
}

bool readNode(const QJsonObject &o, int index, TopologyNode *n, QString *error)
{
    n->address = o.value(QStringLiteral("address")).toString();
    if (n->address.isEmpty()) {
        *error = QStringLiteral("node %1 has no address").arg(index + 1);
        return false;
    }
    const QString roleName = o.value(QStringLiteral("role")).toString();
    const std::optional<NodeSnapshot::Role> role = roleFromName(roleName);
    if (!role) {
        *error = QStringLiteral("node %1 (%2) has an unknown role \"%3\"").arg(index + 1).arg(n->address, roleName);
        return false;
    }
    n->role = *role;
    n->reachability = reachabilityFromJson(o);
    n->error = o.value(QStringLiteral("error")).toString();
    n->aliases = jsonStrings(o.value(QStringLiteral("aliases")));
    n->placeholder = o.value(QStringLiteral("placeholder")).toBool();
    n->group = o.value(QStringLiteral("group")).toInt(-1);
    n->depth = o.value(QStringLiteral("depth")).toInt();
    n->lastSeen = jsonTime(o.value(QStringLiteral("last_seen")));
    // Older documents have no master_address: the link's master is the best guess.
    const QJsonValue masterAddress = o.value(QStringLiteral("master_address"));
    n->masterAddress = (masterAddress.isUndefined() ? o.value(QStringLiteral("master")) : masterAddress).toString();

    const QJsonValue stats = o.value(QStringLiteral("stats"));
    const QString version = o.value(QStringLiteral("version")).toString();
    n->hasSnapshot = stats.isObject() || (stats.isUndefined() && !version.isEmpty());
    if (!n->hasSnapshot)
        return true;
    NodeSnapshot &s = n->snapshot;
    s.role = n->role;
    s.version = version;
    s.runId = o.value(QStringLiteral("run_id")).toString();
    s.takenAt = n->lastSeen;
    s.mode = n->role == NodeSnapshot::Role::Sentinel ? QStringLiteral("sentinel") : QStringLiteral("standalone");
    const std::optional<qint64> offset = jsonInteger(o.value(QStringLiteral("repl_offset")));
    if (offset && n->role == NodeSnapshot::Role::Replica)
        s.replicaReplOffset = offset;
    else if (offset)
        s.masterReplOffset = *offset;
    readStats(stats.toObject(), &s);
    return true;
}

TopologyEdge readEdge(const QJsonObject &o)
{
    TopologyEdge e;
    e.master = o.value(QStringLiteral("master")).toString();
    e.replica = o.value(QStringLiteral("replica")).toString();
    e.linkUp = o.value(QStringLiteral("link")).toString() == QLatin1String("up");
    e.lagBytes = jsonInteger(o.value(QStringLiteral("lag_bytes")));
    e.lagSeconds = jsonInteger(o.value(QStringLiteral("lag_seconds")));
    e.linkDownSeconds = jsonInteger(o.value(QStringLiteral("link_down_seconds")));
    e.state = o.value(QStringLiteral("state")).toString();
    e.syncInProgress = o.value(QStringLiteral("sync_in_progress")).toBool();
    e.syncWaiting = o.value(QStringLiteral("sync_waiting")).toBool();
    e.syncTotalBytes = jsonInteger(o.value(QStringLiteral("sync_total_bytes")));
    e.syncDoneBytes = jsonInteger(o.value(QStringLiteral("sync_done_bytes")));
    e.syncLeftBytes = jsonInteger(o.value(QStringLiteral("sync_left_bytes")));
    e.syncPercent = jsonReal(o.value(QStringLiteral("sync_percent")));
    return e;
}

TopologyGroup readGroup(const QJsonObject &o)
{
    TopologyGroup g;
    g.master = o.value(QStringLiteral("master")).toString();
    g.nodes = jsonStrings(o.value(QStringLiteral("nodes")));
    g.sentinels = jsonStrings(o.value(QStringLiteral("sentinels")));
    g.sentinelName = o.value(QStringLiteral("sentinel_name")).toString();
    return g;
}

Anomaly readAnomaly(const QJsonObject &o)
{
    Anomaly a;
    a.kind = o.value(QStringLiteral("kind")).toString();
    a.severity = severityFromName(o.value(QStringLiteral("severity")).toString());
    a.nodes = jsonStrings(o.value(QStringLiteral("nodes")));
    a.message = o.value(QStringLiteral("message")).toString();
    a.advice = o.value(QStringLiteral("advice")).toString();
    return a;
}

} // namespace

std::optional<Topology> TopologyJson::fromJson(const QJsonObject &json, QString *error)
{
    QString reason;
    if (!json.value(QStringLiteral("nodes")).isArray()) {
        if (error)
            *error = QStringLiteral("not a Tandem topology: it has no \"nodes\" list");
        return std::nullopt;
    }
    Topology t;
    t.takenAt = jsonTime(json.value(QStringLiteral("taken_at")));
    const QJsonArray nodes = json.value(QStringLiteral("nodes")).toArray();
    for (int i = 0; i < nodes.size(); ++i) {
        TopologyNode n;
        if (!readNode(nodes.at(i).toObject(), i, &n, &reason)) {
            if (error)
                *error = reason;
            return std::nullopt;
        }
        t.nodes.append(n);
    }
    const QJsonArray edges = json.value(QStringLiteral("edges")).toArray();
    for (const QJsonValue &v : edges)
        t.edges.append(readEdge(v.toObject()));
    const QJsonArray groups = json.value(QStringLiteral("groups")).toArray();
    for (const QJsonValue &v : groups)
        t.groups.append(readGroup(v.toObject()));
    const QJsonArray anomalies = json.value(QStringLiteral("anomalies")).toArray();
    for (const QJsonValue &v : anomalies)
        t.anomalies.append(readAnomaly(v.toObject()));
    return t;
}

std::optional<Topology> TopologyJson::fromText(const QByteArray &text, QString *error)
{
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parse);
    if (parse.error != QJsonParseError::NoError) {
        if (error)
            *error = QStringLiteral("not valid JSON (%1 at byte %2)").arg(parse.errorString()).arg(parse.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("not a Tandem topology: the document is not a JSON object");
        return std::nullopt;
    }
    return fromJson(doc.object(), error);
}
