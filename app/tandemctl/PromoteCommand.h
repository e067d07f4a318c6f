#pragma once

#include "OperationCommand.h"

#include "ops/SwitchoverPlanner.h"

// tandemctl promote NODE [--seed NODE] [--strategy coordinated|failover-command|sentinel|automatic]
// [--catch-up-timeout DURATION] [--dry-run] [--json] [--yes]: discovers NODE's group (from NODE, or from
// --seed when NODE itself may not answer), plans the switchover (SwitchoverPlanner), prints
// the plan, refuses with the reason when a precondition fails, and otherwise runs it with
// step progress on stderr and a summary (outcome, final roles, write pause). Exit 0 only when
// the end state was verified; 1 refused or failed; 2 usage; 3 no connection.
class PromoteCommand : public OperationCommand
{
    Q_OBJECT
public:
    using OperationCommand::OperationCommand;
    void start(const QStringList &args) override;

protected:
    void onTopology(const Topology &topology) override;

private:
    QString m_candidate;
    SwitchoverOptions m_options;
};
