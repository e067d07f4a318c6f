#include "SwitchoverPlanner.h"

#include "CoordinatedSwitchover.h"
#include "FailoverCommandSwitchover.h"
#include "SentinelSwitchover.h"
#include "SwitchoverSubject.h"

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

Plan SwitchoverPlanner::build(const Topology &topology, const QString &candidate, const SwitchoverOptions &options)
{
    SwitchoverOptions effective = options;
    if (effective.strategy == SwitchoverOptions::Strategy::Automatic) {
        const TopologyGroup *group = topology.groupOf(candidate);
        const bool watched = group && !group->sentinels.isEmpty();
        // Sentinel would undo a change it did not make: go through it when it watches.
        if (watched)
            return SentinelSwitchover::build(topology, candidate, options);
        effective.strategy = SwitchoverOptions::Strategy::Coordinated;
    }
    if (effective.strategy == SwitchoverOptions::Strategy::Sentinel)
        return SentinelSwitchover::build(topology, candidate, effective);

    Plan plan;
    const SwitchoverSubject subject = SwitchoverSubject::analyse(topology, candidate, effective, &plan);
    if (!subject.usable)
        return plan;  // refused: no steps, nothing could be sent
    if (effective.strategy == SwitchoverOptions::Strategy::FailoverCommand)
        FailoverCommandSwitchover::addSteps(subject, effective, &plan);
    else
        CoordinatedSwitchover::addSteps(subject, effective, &plan);
    return plan;
}
