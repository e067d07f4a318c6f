#include "ConfigDrift.h"

#include <QSet>

namespace {

bool driftReadable(const TopologyNode *n)
{
    return n && n->isUp() && n->hasSnapshot && !n->placeholder && n->settings.known
        && (n->role == NodeSnapshot::Role::Master || n->role == NodeSnapshot::Role::Replica);
}

QString driftShown(const QString &value)
{
    return value.isEmpty() ? QStringLiteral("\"\"") : value;
}

void compareValues(const TopologyNode &m, const TopologyNode &n, QList<ConfigDrift::Difference> *out)
{
    const QMap<QString, QString> &mv = m.settings.values;
    const QMap<QString, QString> &nv = n.settings.values;
    for (const QString &name : NodeSettings::compared()) {
        QString source = name;
        // Every node's masterauth must open the master's requirepass (roles swap on promote),
        // unless replicas log in as an ACL user (masteruser), whose password is the user's.
        if (name == QLatin1String("masterauth") && !mv.value(QStringLiteral("requirepass")).isEmpty()
            && mv.value(QStringLiteral("masteruser")).isEmpty())
            source = QStringLiteral("requirepass");
        if (!mv.contains(source) || !nv.contains(name) || mv.value(source) == nv.value(name))
            continue;
        ConfigDrift::Difference d;
        d.node = n.address;
        d.setting = name;
        d.source = source;
        d.secret = NodeSettings::isSecret(name);
        if (d.secret) {
            const bool wantedSet = !mv.value(source).isEmpty();
            const bool actualSet = !nv.value(name).isEmpty();
            if (source != name)
                d.text = actualSet ? QStringLiteral("masterauth on %1 does not match the requirepass of %2")
                                         .arg(n.address, m.address)
                                   : QStringLiteral("masterauth is not set on %1 although %2 has a requirepass")
                                         .arg(n.address, m.address);
            else if (wantedSet && actualSet)
                d.text = QStringLiteral("%1 differs between %2 and %3").arg(name, m.address, n.address);
            else
                d.text = QStringLiteral("%1 is set on %2, not on %3")
                             .arg(name, wantedSet ? m.address : n.address, wantedSet ? n.address : m.address);
        } else {
            d.wanted = mv.value(source);
            d.actual = nv.value(name);
            d.text = QStringLiteral("%1 is %2 on %3 but %4 on %5")
                         .arg(name, driftShown(d.wanted), m.address, driftShown(d.actual), n.address);
        }
        out->append(d);
    }
}

void compareAcl(const TopologyNode &m, const TopologyNode &n, QList<ConfigDrift::Difference> *out)
{
    if (!m.settings.aclKnown || !n.settings.aclKnown)
        return;
    const QMap<QString, QString> &mu = m.settings.aclUsers;
    const QMap<QString, QString> &nu = n.settings.aclUsers;
    QStringList users = mu.keys() + nu.keys();
    users.removeDuplicates();
    users.sort();
    for (const QString &user : std::as_const(users)) {
        if (mu.value(user) == nu.value(user))
            continue;
        ConfigDrift::Difference d;
        d.node = n.address;
        d.setting = QStringLiteral("acl:") + user;
        d.source = d.setting;
        d.secret = true;  // rules carry password hashes: never shown
        if (!nu.contains(user)) {
            d.text = QStringLiteral("ACL user %1 exists on %2, not on %3").arg(user, m.address, n.address);
        } else if (!mu.contains(user)) {
            d.removeUser = true;
            d.text = QStringLiteral("ACL user %1 exists on %2, not on %3").arg(user, n.address, m.address);
        } else {
            d.text = QStringLiteral("ACL user %1 has other rules or passwords on %2 than on %3")
                         .arg(user, n.address, m.address);
        }
        out->append(d);
    }
}

void compareCommands(const TopologyNode &m, const TopologyNode &n, QList<ConfigDrift::Difference> *out)
{
    if (!m.settings.commandsKnown || !n.settings.commandsKnown)
        return;
    const QStringList &a = m.settings.missingCommands;
    const QStringList &b = n.settings.missingCommands;
    if (a == b)
        return;
    ConfigDrift::Difference d;
    d.node = n.address;
    d.setting = QStringLiteral("commands");
    const auto words = [](const QStringList &l) {
        return l.isEmpty() ? QStringLiteral("none") : l.join(QStringLiteral(", ")).toUpper();
    };
    d.wanted = words(a);
    d.actual = words(b);
    d.text = QStringLiteral("renamed or disabled commands differ (%1 on %2, %3 on %4)")
                 .arg(d.wanted, m.address, d.actual, n.address);
    out->append(d);
}

} // namespace

QList<ConfigDrift::Difference> ConfigDrift::differences(const Topology &topology, const TopologyGroup &group)
{
    QList<Difference> out;
    const TopologyNode *m = topology.node(group.master);
    if (!driftReadable(m) || m->role != NodeSnapshot::Role::Master)
        return out;
    for (const QString &a : group.nodes) {
        const TopologyNode *n = topology.node(a);
        if (!driftReadable(n) || n->address == m->address)
            continue;
        compareValues(*m, *n, &out);
        compareAcl(*m, *n, &out);
        compareCommands(*m, *n, &out);
    }
    // The master's own masterauth must open its requirepass too: after a switchover it is
    // the replica that has to log in.
    QList<Difference> own;
    compareValues(*m, *m, &own);
    for (const Difference &d : std::as_const(own)) {
        if (d.setting == QLatin1String("masterauth"))
            out.append(d);
    }
    return out;
}

QList<Anomaly> ConfigDrift::anomalies(const Topology &topology)
{
    QList<Anomaly> out;
    for (const TopologyGroup &g : topology.groups) {
        const QList<Difference> diffs = differences(topology, g);
        if (diffs.isEmpty())
            continue;
        QStringList nodes{g.master};
        QStringList clauses;
        bool fixable = false;
        bool commands = false;
        for (const Difference &d : diffs) {
            if (!nodes.contains(d.node))
                nodes.append(d.node);
            clauses.append(d.text);
            fixable = fixable || !d.source.isEmpty();
            commands = commands || d.setting == QLatin1String("commands");
        }
        Anomaly a;
        a.kind = QStringLiteral("config_drift");
        a.severity = Anomaly::Severity::Warning;
        a.nodes = nodes;
        a.message = QStringLiteral("Settings differ within the group of %1: %2. A replica promoted with other "
                                   "settings behaves differently (evictions, persistence, logins).")
                        .arg(g.master, clauses.join(QStringLiteral("; ")));
        QString advice = QStringLiteral("Apply to Group… sets the master's values on the other nodes (CONFIG SET "
                                        "or ACL SETUSER, then CONFIG REWRITE so a restart keeps them); review "
                                        "the plan first.");
        if (commands)
            advice += QStringLiteral(" Renamed commands need rename-command in redis.conf and a restart: "
                                     "Tandem cannot change them live.");
        a.advice = advice;
        if (fixable)
            a.action = QStringLiteral("apply_to_group");
        out.append(a);
    }
    return out;
}
