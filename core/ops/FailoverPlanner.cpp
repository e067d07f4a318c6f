#include "FailoverPlanner.h"

QList<FailoverCandidate> FailoverPlanner::rank(const Topology &, const QString &)
{
    return {};
}

Plan FailoverPlanner::build(const Topology &, const QString &seed, const FailoverOptions &)
{
    Plan p;
    p.operation = QStringLiteral("failover");
    p.title = QStringLiteral("Fail over the group of %1").arg(seed);
    p.preconditions.append({QStringLiteral("Failover"), false, QStringLiteral("not available yet")});
    return p;
}
