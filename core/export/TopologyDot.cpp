#include "TopologyDot.h"

#include "info/DataSize.h"

#include <QStringList>

namespace {

// A DOT double-quoted string; "\n" in `text` becomes a label line break.
QString quoted(const QString &text)
{
    QString s = text;
    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    s.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    s.replace(QLatin1Char('\r'), QString());
    s.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return QLatin1Char('"') + s + QLatin1Char('"');
}

QString nodeLine(const TopologyNode &n, const QString &indent)
{
    QStringList label{n.address, NodeSnapshot::roleName(n.role)};
    if (n.hasSnapshot && !n.snapshot.version.isEmpty())
        label.append(QStringLiteral("Redis %1").arg(n.snapshot.version));
    if (!n.isUp())
        label.append(n.placeholder ? QStringLiteral("not polled")
                                   : Topology::reachabilityName(n.reachability));
    const bool sentinel = n.role == NodeSnapshot::Role::Sentinel;
    QStringList attrs{QStringLiteral("label=") + quoted(label.join(QLatin1Char('\n'))),
                      QStringLiteral("shape=") + (sentinel ? QStringLiteral("hexagon")
                                                           : QStringLiteral("box"))};
    if (!n.isUp() && n.reachability != NodeReachability::Connecting)
        attrs << QStringLiteral("style=\"rounded,dashed\"") << QStringLiteral("color=red")
              << QStringLiteral("fontcolor=red");
    else if (!n.isUp())
        attrs << QStringLiteral("style=\"rounded,dashed\"") << QStringLiteral("color=gray50");
    else if (n.role == NodeSnapshot::Role::Master)
        attrs << QStringLiteral("style=\"rounded,bold\"");
    else
        attrs << QStringLiteral("style=rounded");
    return indent + quoted(n.address) + QStringLiteral(" [") + attrs.join(QStringLiteral(", "))
        + QStringLiteral("];\n");
}

QString edgeLine(const TopologyEdge &e)
{
    QStringList label;
    if (e.syncInProgress) {
        label.append(e.syncPercent ? QStringLiteral("full sync %1%").arg(*e.syncPercent, 0, 'f', 0)
                                   : QStringLiteral("full sync"));
    } else {
        label.append(e.linkUp ? QStringLiteral("up") : QStringLiteral("down"));
        if (e.lagBytes)
            label.append(QStringLiteral("lag %1").arg(DataSize::text(*e.lagBytes)));
        if (e.linkDownSeconds)
            label.append(QStringLiteral("for %1 s").arg(*e.linkDownSeconds));
    }
    QStringList attrs{QStringLiteral("label=") + quoted(label.join(QLatin1Char('\n')))};
    if (!e.linkUp && !e.syncInProgress)
        attrs << QStringLiteral("color=red") << QStringLiteral("style=dashed");
    else if (e.syncInProgress)
        attrs << QStringLiteral("color=orange");
    return QStringLiteral("  ") + quoted(e.master) + QStringLiteral(" -> ") + quoted(e.replica)
        + QStringLiteral(" [") + attrs.join(QStringLiteral(", ")) + QStringLiteral("];\n");
}

} // namespace

QByteArray TopologyDot::toDot(const Topology &topology)
{
    QString out = QStringLiteral("digraph tandem {\n");
    for (const Anomaly &a : topology.anomalies) {
        QString text = a.message;
        text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        out += QStringLiteral("  // ") + Anomaly::severityName(a.severity) + QStringLiteral(" ")
            + a.kind + QStringLiteral(": ") + text + QLatin1Char('\n');
    }
    out += QStringLiteral("  graph [rankdir=TB, fontname=\"Helvetica\"];\n"
                          "  node [fontname=\"Helvetica\", fontsize=10];\n"
                          "  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (int g = 0; g < topology.groups.size(); ++g) {
        const TopologyGroup &group = topology.groups.at(g);
        QString title = group.master.isEmpty() ? QStringLiteral("replication loop")
                                               : QStringLiteral("group of %1").arg(group.master);
        if (!group.sentinelName.isEmpty())
            title = group.sentinelName + QStringLiteral(" (") + title + QLatin1Char(')');
        out += QStringLiteral("  subgraph cluster_%1 {\n    label=%2;\n    style=rounded;\n")
                   .arg(g).arg(quoted(title));
        for (const TopologyNode &n : topology.nodes) {
            if (n.group == g)
                out += nodeLine(n, QStringLiteral("    "));
        }
        out += QStringLiteral("  }\n");
    }
    for (const TopologyNode &n : topology.nodes) {
        if (n.group < 0 || n.group >= topology.groups.size())
            out += nodeLine(n, QStringLiteral("  "));
    }
    for (const TopologyEdge &e : topology.edges)
        out += edgeLine(e);
    for (const TopologyGroup &group : topology.groups) {
        if (group.master.isEmpty())
            continue;
        for (const QString &s : group.sentinels) {
            // A sentinel Tandem has not polled still gets drawn, as what the master reports.
            if (!topology.node(s))
                out += QStringLiteral("  ") + quoted(s)
                    + QStringLiteral(" [label=") + quoted(s + QStringLiteral("\nsentinel"))
                    + QStringLiteral(", shape=hexagon, style=dashed, color=gray50];\n");
            out += QStringLiteral("  ") + quoted(s) + QStringLiteral(" -> ") + quoted(group.master)
                + QStringLiteral(" [style=dotted, arrowhead=none, color=gray40, label=\"watches\"];\n");
        }
    }
    out += QStringLiteral("}\n");
    return out.toUtf8();
}
