#include "NodeCardContent.h"

#include "HumanFormat.h"
#include "TopologyLabels.h"

#include <QLocale>
#include <QStringList>

namespace {

const QString kDot = QStringLiteral(" · ");

} // namespace

NodeCardContent NodeCardContent::from(const TopologyNode &node, const TopologyEdge *incoming,
                                      const QList<const Anomaly *> &anomalies, const QDateTime &takenAt,
                                      const NodeFences::Fence *fence)
{
    NodeCardContent c;
    c.role = TopologyLabels::role(node);
    c.reachability = node.reachability;
    c.down = TopologyLabels::isDown(node);
    c.fenced = fence != nullptr;
    c.badge = TopologyLabels::badge(node, c.fenced);
    c.address = node.address;
    const NodeSnapshot &s = node.snapshot;
    const QLocale locale;

    if (node.hasSnapshot) {
        QStringList meta;
        if (!s.version.isEmpty())
            meta << tr("v%1").arg(s.version);
        if (c.role == NodeSnapshot::Role::Sentinel) {
            // Counts are spelled out per number: without a loaded translation a
            // tr("%n master(s)") plural would show literally.
            const int watched = int(s.sentinelMasters.size());
            meta << (watched == 1 ? tr("watches 1 master") : tr("watches %1 masters").arg(watched));
        } else {
            meta << TopologyLabels::bytes(s.usedMemory);
            meta << TopologyLabels::opsPerSecond(s.instantaneousOpsPerSec);
        }
        c.meta = meta.join(kDot);
        c.stale = !node.isUp();
    } else {
        c.meta = node.reachability == NodeReachability::Connecting ? tr("Waiting for the first reply")
                                                                   : tr("No data from this node yet");
        c.stale = true;
    }

    // A full sync shows wherever we learn of it: the master's link report or the replica's own.
    if (incoming && incoming->syncInProgress) {
        c.syncing = true;
        if (incoming->syncPercent)
            c.syncProgress = qBound(0.0, *incoming->syncPercent / 100.0, 1.0);
    } else if (node.hasSnapshot && node.isUp() && s.masterSyncInProgress) {
        c.syncing = true;
        if (s.masterSyncPercent)
            c.syncProgress = qBound(0.0, *s.masterSyncPercent / 100.0, 1.0);
    }

    const QString state = TopologyLabels::reachability(node.reachability);
    const bool waiting = incoming && incoming->syncWaiting;
    if (c.fenced) {
        c.status = tr("Fenced · to rejoin as replica of %1").arg(fence->newMaster);
    } else if (c.down) {
        const QString age = TopologyLabels::staleness(node, takenAt);
        c.status = age.isEmpty() ? tr("Down") : tr("Down · data %1").arg(age);
        if (!node.error.isEmpty())
            c.status += kDot + node.error;
    } else if (c.syncing && node.isUp()) {
        if (waiting)
            c.status = tr("Initial sync: waiting for the master's snapshot");
        else if (c.syncProgress >= 0)
            c.status = tr("Full sync %1%").arg(int(c.syncProgress * 100));
        else if (incoming && incoming->syncDoneBytes)
            c.status = tr("Full sync: %1 received").arg(TopologyLabels::bytes(*incoming->syncDoneBytes));
        else
            c.status = tr("Full sync");
    } else if (node.reachability == NodeReachability::Up) {
        if (c.role == NodeSnapshot::Role::Master && node.hasSnapshot)
            c.status = state + kDot
                       + (s.connectedReplicas == 1 ? tr("1 replica") : tr("%1 replicas").arg(s.connectedReplicas));
        else if (node.hasSnapshot && s.uptimeSeconds > 0)
            c.status = state + kDot + tr("%1 uptime").arg(HumanFormat::duration(s.uptimeSeconds));
        else
            c.status = state;
    } else if (!node.error.isEmpty() && node.reachability != NodeReachability::Connecting) {
        c.status = state + kDot + node.error;
    } else {
        c.status = state;
    }

    QStringList anomalyLines;
    for (const Anomaly *a : anomalies) {
        ++c.anomalyCount;
        if (c.anomalyCount == 1 || a->severity > c.anomalySeverity)
            c.anomalySeverity = a->severity;
        anomalyLines << (a->advice.isEmpty() ? tr("• %1").arg(a->message)
                                             : tr("• %1\n   %2").arg(a->message, a->advice));
    }
    c.anomalyText = anomalyLines.join(QLatin1Char('\n'));

    QStringList tip;
    tip << tr("%1 — %2").arg(node.address, TopologyLabels::roleName(c.role));
    tip << tr("Status: %1").arg(node.error.isEmpty() ? state : tr("%1 (%2)").arg(state, node.error));
    if (c.fenced)
        tip << NodeFences::state(node, *fence);
    if (c.down)
        tip << tr("Down: its last role was %1; everything shown is from its last reply.")
                   .arg(TopologyLabels::roleName(c.role));
    if (!node.aliases.isEmpty())
        tip << tr("Also known as: %1").arg(node.aliases.join(QStringLiteral(", ")));
    if (node.hasSnapshot) {
        if (!s.version.isEmpty())
            tip << tr("Redis %1, up %2").arg(s.version, HumanFormat::duration(s.uptimeSeconds));
        if (c.role != NodeSnapshot::Role::Sentinel) {
            tip << (s.maxMemory > 0
                        ? tr("Memory: %1 of %2").arg(TopologyLabels::bytes(s.usedMemory), TopologyLabels::bytes(s.maxMemory))
                        : tr("Memory: %1").arg(TopologyLabels::bytes(s.usedMemory)));
            tip << tr("%1, clients: %2").arg(TopologyLabels::opsPerSecond(s.instantaneousOpsPerSec))
                       .arg(s.connectedClients);
        }
        if (c.stale && node.lastSeen.isValid() && takenAt.isValid())
            tip << tr("Last seen %1 ago").arg(HumanFormat::duration(node.lastSeen.secsTo(takenAt)));
    }
    if (!node.masterAddress.isEmpty())
        tip << tr("Replicates from %1").arg(node.masterAddress);
    if (incoming)
        tip << TopologyLabels::linkLabel(*incoming);
    if (c.anomalyCount > 0)
        tip << QString() << c.anomalyText;
    c.toolTip = tip.join(QLatin1Char('\n'));
    return c;
}
