#include "TopologyText.h"

#include "info/DataSize.h"

#include <QSet>

namespace {

QString nodeState(const TopologyNode &n)
{
    if (n.placeholder)
        return QStringLiteral("not polled");
    QString s = Topology::reachabilityName(n.reachability);
    if (!n.isUp() && !n.error.isEmpty())
        s += QStringLiteral(" (") + n.error + QLatin1Char(')');
    return s;
}

QString linkText(const TopologyEdge &e)
{
    QStringList parts;
    if (e.syncInProgress) {
        QString sync = e.syncWaiting ? QStringLiteral("initial sync: waiting for the master's snapshot")
                                     : QStringLiteral("full sync");
        if (e.syncPercent)
            sync += QLatin1Char(' ') + QString::number(*e.syncPercent, 'f', 1) + QLatin1Char('%');
        if (e.syncDoneBytes && e.syncTotalBytes)
            sync += QStringLiteral(" (%1 of %2)").arg(DataSize::text(*e.syncDoneBytes), DataSize::text(*e.syncTotalBytes));
        else if (e.syncDoneBytes)
            sync += QStringLiteral(" (%1 read)").arg(DataSize::text(*e.syncDoneBytes));
        parts << sync;
    } else if (e.linkUp) {
        parts << QStringLiteral("link up");
    } else if (e.linkDownSeconds) {
        parts << QStringLiteral("link DOWN for %1 s").arg(*e.linkDownSeconds);
    } else {
        parts << QStringLiteral("link DOWN");
    }
    if (e.lagBytes)
        parts << QStringLiteral("lag ") + DataSize::text(*e.lagBytes);
    if (e.lagSeconds)
        parts << QStringLiteral("ack %1 s ago").arg(*e.lagSeconds);
    if (!e.state.isEmpty() && e.state != QLatin1String("online"))
        parts << QStringLiteral("state ") + e.state;
    return parts.join(QStringLiteral(", "));
}

QString nodeLine(const Topology &t, const TopologyNode &n)
{
    // A node that does not answer has no current role: its last one is history.
    const bool down = !n.placeholder && n.hasSnapshot
        && (n.reachability == NodeReachability::Unreachable || n.reachability == NodeReachability::Error);
    const QString role = NodeSnapshot::roleName(n.role);
    QString line = n.address + QStringLiteral("  ") + (down ? QStringLiteral("down (was %1)").arg(role) : role);
    if (n.hasSnapshot && !n.snapshot.version.isEmpty())
        line += QStringLiteral("  ") + n.snapshot.version;
    line += QStringLiteral("  ") + nodeState(n);
    if (const TopologyEdge *e = t.edgeTo(n.address))
        line += QStringLiteral("  ") + linkText(*e);
    if (!n.aliases.isEmpty())
        line += QStringLiteral("  (also ") + n.aliases.join(QStringLiteral(", ")) + QLatin1Char(')');
    return line;
}

// Depth-first under `address`, drawing the branches like tree(1).
void renderBranch(const Topology &t, const QString &address, const QString &prefix, bool last,
                  bool root, QSet<QString> *seen, QString *out)
{
    const TopologyNode *n = t.node(address);
    if (!n || seen->contains(n->address))
        return;
    seen->insert(n->address);
    const QString branch = root ? QString() : (last ? QStringLiteral("└─ ") : QStringLiteral("├─ "));
    *out += QStringLiteral("  ") + prefix + branch + nodeLine(t, *n) + QLatin1Char('\n');
    const QString childPrefix = root ? prefix : prefix + (last ? QStringLiteral("   ") : QStringLiteral("│  "));
    const QList<const TopologyEdge *> children = t.edgesFrom(n->address);
    for (qsizetype i = 0; i < children.size(); ++i)
        renderBranch(t, children.at(i)->replica, childPrefix, i == children.size() - 1, false, seen, out);
}

QString severityTag(Anomaly::Severity s)
{
    return QLatin1Char('[') + Anomaly::severityName(s) + QLatin1Char(']');
}

} // namespace

QString TopologyText::render(const Topology &t)
{
    QString out;
    QSet<QString> seen;
    for (qsizetype g = 0; g < t.groups.size(); ++g) {
        const TopologyGroup &group = t.groups.at(g);
        out += QStringLiteral("Group %1").arg(g + 1);
        if (!group.master.isEmpty())
            out += QStringLiteral(": master ") + group.master;
        else
            out += QStringLiteral(": no master (replication loop)");
        if (!group.sentinelName.isEmpty())
            out += QStringLiteral(", sentinel name \"") + group.sentinelName + QLatin1Char('"');
        out += QLatin1Char('\n');
        if (!group.master.isEmpty())
            renderBranch(t, group.master, QString(), true, true, &seen, &out);
        for (const QString &a : group.nodes)  // loops and anything the tree walk missed
            renderBranch(t, a, QString(), true, true, &seen, &out);
        for (const QString &s : group.sentinels) {
            const TopologyNode *n = t.node(s);
            out += QStringLiteral("  sentinel ") + s + QStringLiteral("  ")
                + (n ? nodeState(*n) : QStringLiteral("not polled")) + QLatin1Char('\n');
            if (n)
                seen.insert(n->address);
        }
        out += QLatin1Char('\n');
    }
    QString others;
    for (const TopologyNode &n : t.nodes) {
        if (!seen.contains(n.address))
            others += QStringLiteral("  ") + nodeLine(t, n) + QLatin1Char('\n');
    }
    if (!others.isEmpty())
        out += QStringLiteral("Other nodes\n") + others + QLatin1Char('\n');

    if (t.anomalies.isEmpty()) {
        out += QStringLiteral("No anomalies.\n");
        return out;
    }
    out += QStringLiteral("Anomalies (%1)\n").arg(t.anomalies.size());
    for (const Anomaly &a : t.anomalies) {
        out += QStringLiteral("  ") + severityTag(a.severity) + QLatin1Char(' ') + a.kind;
        if (!a.nodes.isEmpty())
            out += QStringLiteral(" (") + a.nodes.join(QStringLiteral(", ")) + QLatin1Char(')');
        out += QStringLiteral(": ") + a.message + QLatin1Char('\n');
        if (!a.advice.isEmpty())
            out += QStringLiteral("      advice: ") + a.advice + QLatin1Char('\n');
    }
    return out;
}

QString TopologyText::eventLine(const TopologyEvent &e)
{
    const QDateTime at = e.at.isValid() ? e.at : QDateTime::currentDateTimeUtc();
    QString line = at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")) + QStringLiteral("  ")
        + TopologyEvent::kindName(e.kind);
    if (!e.node.isEmpty())
        line += QStringLiteral("  ") + e.node;
    if (!e.message.isEmpty())
        line += QStringLiteral("  ") + e.message;
    return line;
}
