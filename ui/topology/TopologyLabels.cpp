#include "TopologyLabels.h"

#include "HumanFormat.h"

#include <QLocale>
#include <QStringList>

#include <cmath>

NodeSnapshot::Role TopologyLabels::role(const TopologyNode &node)
{
    if (node.hasSnapshot && node.snapshot.role != NodeSnapshot::Role::Unknown)
        return node.snapshot.role;
    return node.role;
}

QString TopologyLabels::roleBadge(NodeSnapshot::Role role)
{
    switch (role) {
    case NodeSnapshot::Role::Master: return tr("MASTER");
    case NodeSnapshot::Role::Replica: return tr("REPLICA");
    case NodeSnapshot::Role::Sentinel: return tr("SENTINEL");
    case NodeSnapshot::Role::Unknown: break;
    }
    return tr("UNKNOWN");
}

QString TopologyLabels::roleName(NodeSnapshot::Role role)
{
    switch (role) {
    case NodeSnapshot::Role::Master: return tr("master");
    case NodeSnapshot::Role::Replica: return tr("replica");
    case NodeSnapshot::Role::Sentinel: return tr("sentinel");
    case NodeSnapshot::Role::Unknown: break;
    }
    return tr("unknown role");
}

QString TopologyLabels::reachability(NodeReachability reachability)
{
    switch (reachability) {
    case NodeReachability::Connecting: return tr("Connecting…");
    case NodeReachability::Up: return tr("Up");
    case NodeReachability::Loading: return tr("Loading dataset…");
    case NodeReachability::Unreachable: return tr("Unreachable");
    case NodeReachability::AuthFailed: return tr("Authentication failed");
    case NodeReachability::HostKeyUnknown: return tr("Unknown SSH host key");
    case NodeReachability::HostKeyChanged: return tr("SSH host key changed");
    case NodeReachability::Error: return tr("Error");
    }
    return {};
}

bool TopologyLabels::isDown(const TopologyNode &node)
{
    return !node.placeholder && node.hasSnapshot
        && (node.reachability == NodeReachability::Unreachable || node.reachability == NodeReachability::Error);
}

QString TopologyLabels::staleness(const TopologyNode &node, const QDateTime &now)
{
    if (node.isUp() || !node.hasSnapshot)
        return {};
    const QDateTime seen = node.seenAt();
    if (!seen.isValid() || !now.isValid())
        return tr("stale");
    return tr("stale (%1 old)").arg(HumanFormat::duration(qMax<qint64>(0, seen.secsTo(now))));
}

QString TopologyLabels::badge(const TopologyNode &node, bool fenced)
{
    if (fenced)
        return tr("FENCED");
    if (isDown(node))
        return tr("DOWN");
    return roleBadge(role(node));
}

QString TopologyLabels::roleText(const TopologyNode &node, bool fenced)
{
    const NodeSnapshot::Role r = role(node);
    const QString name = r == NodeSnapshot::Role::Unknown ? QString() : roleName(r);
    if (fenced)
        return name.isEmpty() ? tr("fenced") : tr("fenced (was %1)").arg(name);
    if (isDown(node))
        return name.isEmpty() ? tr("down") : tr("down (was %1)").arg(name);
    return name;
}

QString TopologyLabels::bytes(qint64 bytes)
{
    if (bytes < 0)
        return {};
    // QLocale says "0 bytes"; a link label wants the short unit throughout.
    if (bytes < 1024)
        return tr("%1 B").arg(bytes);
    return HumanFormat::bytes(bytes);
}

QString TopologyLabels::opsPerSecond(qint64 ops)
{
    const QLocale locale;
    if (ops < 10000)
        return tr("%1 ops/s").arg(locale.toString(ops));
    if (ops < 1000000)
        return tr("%1k ops/s").arg(locale.toString(double(ops) / 1e3, 'f', 1));
    return tr("%1M ops/s").arg(locale.toString(double(ops) / 1e6, 'f', 1));
}

QString TopologyLabels::linkLabel(const TopologyEdge &edge)
{
    if (edge.syncInProgress) {
        if (edge.syncWaiting)
            return tr("sync · waiting");
        if (edge.syncPercent)
            return tr("sync %1%").arg(int(std::floor(*edge.syncPercent)));
        if (edge.syncLeftBytes)
            return tr("sync · %1 left").arg(bytes(*edge.syncLeftBytes));
        return tr("sync");
    }
    if (!edge.linkUp) {
        if (edge.linkDownSeconds)
            return tr("DOWN %1").arg(HumanFormat::duration(*edge.linkDownSeconds));
        return tr("DOWN");
    }
    QStringList lag;
    if (edge.lagBytes)
        lag << bytes(*edge.lagBytes);
    // The master's lag= is the age of the last ack: 0-1 s is the normal heartbeat, not lag.
    if (edge.lagSeconds && *edge.lagSeconds > 1)
        lag << HumanFormat::duration(*edge.lagSeconds);
    if (lag.isEmpty())
        return tr("up");
    return tr("up · %1").arg(lag.join(QStringLiteral(" / ")));
}

QString TopologyLabels::linkToolTip(const TopologyEdge &edge)
{
    QStringList lines;
    lines << tr("%1 → %2").arg(edge.master, edge.replica);
    if (edge.syncInProgress) {
        lines << (edge.syncWaiting ? tr("Initial sync: waiting for the master's snapshot (repl-diskless-sync-delay "
                                        "or its BGSAVE); this is normal")
                                   : tr("Full synchronisation in progress"));
        if (edge.syncDoneBytes && !edge.syncTotalBytes)
            lines << tr("%1 received (size unknown: diskless transfer)").arg(bytes(*edge.syncDoneBytes));
        if (edge.syncDoneBytes && edge.syncTotalBytes)
            lines << tr("%1 of %2 transferred").arg(bytes(*edge.syncDoneBytes), bytes(*edge.syncTotalBytes));
        else if (edge.syncLeftBytes)
            lines << tr("%1 left").arg(bytes(*edge.syncLeftBytes));
    } else if (edge.linkUp) {
        lines << tr("Link up");
    } else if (edge.linkDownSeconds) {
        lines << tr("Link down for %1").arg(HumanFormat::duration(*edge.linkDownSeconds));
    } else {
        lines << tr("Link down");
    }
    if (edge.lagBytes)
        lines << tr("Replication lag: %1").arg(bytes(*edge.lagBytes));
    if (edge.lagSeconds && *edge.lagSeconds >= 0)
        lines << tr("Last acknowledgement: %1 ago").arg(HumanFormat::duration(*edge.lagSeconds));
    if (!edge.state.isEmpty())
        lines << tr("Master reports state: %1").arg(edge.state);
    return lines.join(QLatin1Char('\n'));
}
