#include "TopologyFactory.h"

#include <QTimeZone>

#include <algorithm>
#include <climits>

namespace {

const QDateTime kNow(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

QPair<QString, quint16> split(const QString &address)
{
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    return {address.left(colon), quint16(address.mid(colon + 1).toUInt())};
}

TopologyNode upNode(const QString &address, NodeSnapshot::Role role)
{
    TopologyNode n;
    n.address = address;
    n.reachability = NodeReachability::Up;
    n.role = role;
    n.hasSnapshot = true;
    n.lastSeen = kNow;
    n.snapshot.takenAt = kNow;
    n.snapshot.role = role;
    n.snapshot.version = QStringLiteral("7.2.4");
    n.snapshot.mode = role == NodeSnapshot::Role::Sentinel ? QStringLiteral("sentinel") : QStringLiteral("standalone");
    n.snapshot.tcpPort = split(address).second;
    n.snapshot.uptimeSeconds = 3 * 86400 + 4 * 3600;
    n.snapshot.usedMemory = 1258291;  // 1.2 MiB
    n.snapshot.usedMemoryRss = 4 * 1024 * 1024;
    n.snapshot.connectedClients = 12;
    n.snapshot.instantaneousOpsPerSec = role == NodeSnapshot::Role::Master ? 1234 : 310;
    return n;
}

} // namespace

TopologyFactory::TopologyFactory()
{
    m_topology.takenAt = kNow;
}

QString TopologyFactory::addMaster(const QString &address, const QString &sentinelName)
{
    TopologyNode n = upNode(address, NodeSnapshot::Role::Master);
    n.group = int(m_topology.groups.size());
    n.depth = 0;
    m_topology.nodes << n;
    TopologyGroup g;
    g.master = address;
    g.nodes << address;
    g.sentinelName = sentinelName;
    m_topology.groups << g;
    return address;
}

QString TopologyFactory::addReplica(const QString &address, const QString &master)
{
    const TopologyNode &parent = node(master);
    TopologyNode n = upNode(address, NodeSnapshot::Role::Replica);
    n.group = parent.group;
    n.depth = parent.depth + 1;
    n.masterAddress = master;
    n.snapshot.masterHost = split(master).first;
    n.snapshot.masterPort = split(master).second;
    n.snapshot.masterLinkStatus = QStringLiteral("up");
    n.snapshot.replicaReplOffset = 1000000;
    m_topology.nodes << n;
    if (n.group >= 0)
        m_topology.groups[n.group].nodes << address;

    TopologyEdge e;
    e.master = master;
    e.replica = address;
    e.linkUp = true;
    e.lagBytes = 0;
    e.lagSeconds = 0;
    e.state = QStringLiteral("online");
    m_topology.edges << e;
    return address;
}

QString TopologyFactory::addSentinel(const QString &address, int group)
{
    TopologyNode n = upNode(address, NodeSnapshot::Role::Sentinel);
    n.group = group;
    SentinelMasterEntry watched;
    watched.name = m_topology.groups[group].sentinelName;
    watched.status = QStringLiteral("ok");
    n.snapshot.sentinelMasters << watched;
    m_topology.nodes << n;
    m_topology.groups[group].sentinels << address;
    return address;
}

void TopologyFactory::addAnomaly(const QString &kind, Anomaly::Severity severity, const QStringList &nodes,
                                 const QString &message, const QString &advice)
{
    Anomaly a;
    a.kind = kind;
    a.severity = severity;
    a.nodes = nodes;
    a.message = message;
    a.advice = advice;
    m_topology.anomalies << a;
}

void TopologyFactory::removeNode(const QString &address)
{
    m_topology.nodes.removeIf([&](const TopologyNode &n) { return n.address == address; });
    m_topology.edges.removeIf([&](const TopologyEdge &e) { return e.master == address || e.replica == address; });
    for (TopologyGroup &g : m_topology.groups) {
        g.nodes.removeAll(address);
        g.sentinels.removeAll(address);
        if (g.master == address)
            g.master.clear();
    }
}

TopologyNode &TopologyFactory::node(const QString &address)
{
    auto it = std::find_if(m_topology.nodes.begin(), m_topology.nodes.end(),
                           [&](const TopologyNode &n) { return n.address == address; });
    Q_ASSERT(it != m_topology.nodes.end());
    return *it;
}

TopologyEdge &TopologyFactory::edge(const QString &master, const QString &replica)
{
    auto it = std::find_if(m_topology.edges.begin(), m_topology.edges.end(), [&](const TopologyEdge &e) {
        return e.master == master && e.replica == replica;
    });
    Q_ASSERT(it != m_topology.edges.end());
    return *it;
}

void TopologyFactory::tick(int step)
{
    m_topology.takenAt = kNow.addSecs(step);
    for (int i = 0; i < m_topology.nodes.size(); ++i) {
        NodeSnapshot &s = m_topology.nodes[i].snapshot;
        s.instantaneousOpsPerSec = 200 + (i * 37 + step * 101) % 5000;
        s.usedMemory = 1024 * 1024 + (i * 7919 + step * 104729) % (64 * 1024 * 1024);
        s.uptimeSeconds += 1;
        m_topology.nodes[i].lastSeen = m_topology.takenAt;
    }
    for (int i = 0; i < m_topology.edges.size(); ++i) {
        m_topology.edges[i].lagBytes = (i * 131 + step * 977) % 40000;
        m_topology.edges[i].lagSeconds = (i + step) % 3;
    }
}

Topology TopologyFactory::topology() const
{
    Topology t = m_topology;
    for (TopologyNode &n : t.nodes) {
        if (n.role == NodeSnapshot::Role::Master || n.role == NodeSnapshot::Role::Replica) {
            n.snapshot.connectedReplicas = int(std::count_if(t.edges.cbegin(), t.edges.cend(),
                [&](const TopologyEdge &e) { return e.master == n.address; }));
        }
    }
    // The order the monitor promises: by group, then depth, then address.
    std::stable_sort(t.nodes.begin(), t.nodes.end(), [](const TopologyNode &a, const TopologyNode &b) {
        const int ga = a.group < 0 ? INT_MAX : a.group;
        const int gb = b.group < 0 ? INT_MAX : b.group;
        if (ga != gb)
            return ga < gb;
        if (a.depth != b.depth)
            return a.depth < b.depth;
        return a.address < b.address;
    });
    return t;
}

TopologyFactory TopologyFactory::sample()
{
    TopologyFactory f;
    const QString master = f.addMaster(QStringLiteral("10.0.0.1:6379"));
    f.addReplica(QStringLiteral("10.0.0.2:6379"), master);
    const QString middle = f.addReplica(QStringLiteral("10.0.0.3:6379"), master);
    f.addReplica(QStringLiteral("10.0.0.4:6379"), master);
    f.addReplica(QStringLiteral("10.0.0.5:6379"), middle);
    return f;
}

TopologyFactory TopologyFactory::large(int groups, int nodesPerGroup)
{
    TopologyFactory f;
    for (int g = 0; g < groups; ++g) {
        auto address = [g](int i) {
            return QStringLiteral("10.%1.0.%2:6379").arg(g + 1).arg(i + 1);
        };
        const QString master = f.addMaster(address(0), QStringLiteral("cache-%1").arg(g + 1));
        QStringList direct;
        for (int i = 1; i < nodesPerGroup; ++i) {
            // Mostly direct replicas, every fourth one chained below an earlier replica, and
            // one chain three levels deep.
            QString parent = master;
            if (i % 4 == 0 && !direct.isEmpty())
                parent = direct[(i / 4) % direct.size()];
            if (i == nodesPerGroup - 1 && nodesPerGroup > 3)
                parent = address(i - 1);
            const QString replica = f.addReplica(address(i), parent);
            if (parent == master)
                direct << replica;
        }
        if (g % 3 == 0) {
            for (int s = 0; s < 3; ++s)
                f.addSentinel(QStringLiteral("10.%1.1.%2:26379").arg(g + 1).arg(s + 1), g);
        }
    }
    return f;
}
