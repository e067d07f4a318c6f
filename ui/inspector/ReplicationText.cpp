#include "ReplicationText.h"

#include "HumanFormat.h"

#include <QLocale>

QString ReplicationText::percent(double value)
{
    return tr("%1 %").arg(QLocale().toString(value, 'f', 1));
}

ReplicationText::SyncProgress ReplicationText::syncProgress(const NodeSnapshot &s)
{
    SyncProgress p;
    if (!s.masterSyncInProgress)
        return p;
    p.inProgress = true;
    const qint64 read = s.masterSyncReadBytes.value_or(0);
    if (s.masterSyncTotalBytes) {
        const qint64 total = *s.masterSyncTotalBytes;
        if (total > 0) {
            // 6.2+/7.0 with a known size (disk-based transfer).
            const double pc = s.masterSyncPercent ? *s.masterSyncPercent : 100.0 * double(read) / double(total);
            p.percent = std::clamp(pc, 0.0, 100.0);
            p.text = tr("%1 of %2 (%3)").arg(HumanFormat::bytes(read), HumanFormat::bytes(total), percent(*p.percent));
            return p;
        }
        // 7.0 diskless: the master streams with an EOF mark, total 0 and "left" negative.
        p.text = read > 0 ? tr("diskless transfer, size unknown (%1 received)").arg(HumanFormat::bytes(read))
                          : tr("diskless transfer, size unknown");
        return p;
    }
    if (s.masterSyncLeftBytes) {
        const qint64 left = *s.masterSyncLeftBytes;
        if (left >= 0) {
            p.text = tr("%1 left").arg(HumanFormat::bytes(left));  // before 6.2: no total
            return p;
        }
        p.text = tr("waiting for the master's snapshot, size unknown");
        return p;
    }
    p.text = tr("in progress");
    return p;
}

QString ReplicationText::link(const NodeSnapshot &s)
{
    if (s.masterLinkStatus == QLatin1String("up")) {
        if (s.masterLastIoSecondsAgo && *s.masterLastIoSecondsAgo >= 0)
            return tr("up · last I/O %1 ago").arg(HumanFormat::duration(*s.masterLastIoSecondsAgo));
        return tr("up");
    }
    if (s.masterLinkDownSinceSeconds && *s.masterLinkDownSinceSeconds >= 0)
        return tr("down for %1").arg(HumanFormat::duration(*s.masterLinkDownSinceSeconds));
    if (s.masterSyncInProgress)
        return tr("down (initial sync in progress)");
    return s.masterLinkStatus.isEmpty() ? tr("unknown") : tr("down");
}

QString ReplicationText::lagBytes(std::optional<qint64> bytes)
{
    if (!bytes)
        return tr("unknown");
    if (*bytes < 1024)
        return *bytes == 1 ? tr("1 byte") : tr("%1 bytes").arg(*bytes);
    return tr("%1 (%2 bytes)").arg(HumanFormat::bytes(*bytes), QLocale().toString(*bytes));
}

QString ReplicationText::lagSeconds(std::optional<qint64> seconds)
{
    if (!seconds || *seconds < 0)
        return tr("unknown");
    return HumanFormat::duration(*seconds);
}

QString ReplicationText::backlog(const NodeSnapshot &m)
{
    if (!m.replBacklogActive || m.replBacklogSize <= 0)
        return tr("inactive (%1 configured)").arg(HumanFormat::bytes(m.replBacklogSize));
    const double fill = 100.0 * double(m.replBacklogHistlen) / double(m.replBacklogSize);
    return tr("%1 of %2 (%3)").arg(HumanFormat::bytes(m.replBacklogHistlen),
                                   HumanFormat::bytes(m.replBacklogSize), percent(fill));
}

QString ReplicationText::syncCounters(const NodeSnapshot &n)
{
    return tr("full %1 · partial %2 · partial failed %3")
        .arg(QLocale().toString(n.syncFull), QLocale().toString(n.syncPartialOk),
             QLocale().toString(n.syncPartialErr));
}

QString ReplicationText::failoverState(const QString &state)
{
    if (state.isEmpty() || state == QLatin1String("no-failover"))
        return tr("none");
    if (state == QLatin1String("waiting-for-sync"))
        return tr("waiting for the target to catch up (writes paused)");
    if (state == QLatin1String("failover-in-progress"))
        return tr("in progress (handing over to the target)");
    return state;
}

QString ReplicationText::reachability(NodeReachability r)
{
    switch (r) {
    case NodeReachability::Connecting: return tr("Connecting");
    case NodeReachability::Up: return tr("Up");
    case NodeReachability::Loading: return tr("Loading dataset");
    case NodeReachability::Unreachable: return tr("Unreachable");
    case NodeReachability::AuthFailed: return tr("Authentication failed");
    case NodeReachability::HostKeyUnknown: return tr("SSH host key unknown");
    case NodeReachability::HostKeyChanged: return tr("SSH host key changed");
    case NodeReachability::Error: return tr("Error");
    }
    return {};
}

QString ReplicationText::roleName(NodeSnapshot::Role role)
{
    switch (role) {
    case NodeSnapshot::Role::Master: return tr("master");
    case NodeSnapshot::Role::Replica: return tr("replica");
    case NodeSnapshot::Role::Sentinel: return tr("sentinel");
    case NodeSnapshot::Role::Unknown: break;
    }
    return tr("unknown");
}
