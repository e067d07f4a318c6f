#include "SentinelSwitchover.h"

Plan SentinelSwitchover::build(const Topology &, const QString &, const SwitchoverOptions &)
{
    Plan p;
    p.operation = QStringLiteral("promote");
    p.strategy = QStringLiteral("sentinel");
    p.preconditions.append({QStringLiteral("Sentinel switchover"), false, QStringLiteral("not available yet")});
    return p;
}
