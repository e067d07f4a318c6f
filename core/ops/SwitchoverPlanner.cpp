#include "SwitchoverPlanner.h"

QString SwitchoverOptions::strategyName(Strategy strategy)
{
    switch (strategy) {
    case Strategy::Automatic: return QStringLiteral("automatic");
    case Strategy::Coordinated: return QStringLiteral("coordinated");
    case Strategy::FailoverCommand: return QStringLiteral("failover-command");
    case Strategy::Sentinel: return QStringLiteral("sentinel");
    }
    return {};
}

bool SwitchoverOptions::parseStrategy(const QString &name, Strategy *strategy)
{
    for (Strategy s : {Strategy::Automatic, Strategy::Coordinated, Strategy::FailoverCommand, Strategy::Sentinel}) {
        if (name == strategyName(s)) {
            *strategy = s;
            return true;
        }
    }
    return false;
}

Plan SwitchoverPlanner::build(const Topology &, const QString &candidate, const SwitchoverOptions &)
{
    Plan p;
    p.operation = QStringLiteral("promote");
    p.title = QStringLiteral("Promote %1").arg(candidate);
    p.preconditions.append({QStringLiteral("Switchover"), false, QStringLiteral("not available yet")});
    return p;
}
