#include "SentinelKnowledge.h"

void SentinelKnowledge::add(const QString &sentinel, const SentinelReport &report, const Canonical &canonical)
{
    m_known[sentinel].role = NodeSnapshot::Role::Sentinel;
    for (const SentinelReport::Master &m : report.masters) {
        Known &master = m_known[canonical(m.address)];
        master.role = NodeSnapshot::Role::Master;
        master.masterName = m.name;
        // A sentinel never lists itself among the sentinels of a master it watches.
        QStringList watchers{sentinel};
        for (const QString &s : m.sentinels)
            watchers.append(canonical(s));
        for (const QString &s : std::as_const(watchers)) {
            if (!master.watching.contains(s))
                master.watching.append(s);
            m_known[s].role = NodeSnapshot::Role::Sentinel;
        }
        for (const QString &r : m.replicas) {
            Known &replica = m_known[canonical(r)];
            if (replica.role == NodeSnapshot::Role::Unknown)
                replica.role = NodeSnapshot::Role::Replica;
        }
    }
}

void SentinelKnowledge::apply(const QString &address, NodeObservation *observation) const
{
    const auto it = m_known.constFind(address);
    if (it == m_known.constEnd())
        return;
    observation->reportedRole = it->role;
    observation->sentinelMasterName = it->masterName;
    observation->watchingSentinels = it->watching;
}
