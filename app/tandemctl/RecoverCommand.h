#pragma once

#include "OperationCommand.h"

#include "ops/RecoveryPlanner.h"

// tandemctl recover --seed NODE [--seed NODE...] [--dry-run] [--json] [--yes]: after a
// promote or failover was interrupted (the tool was killed, the machine died), compares the
// audit log's unfinished operations and pending fences with the discovered topology, prints
// the diagnosis and runs the plan that finishes the job (RecoveryPlanner). When it succeeds,
// or nothing was needed, the interrupted entries are closed in the audit log.
class RecoverCommand : public OperationCommand
{
    Q_OBJECT
public:
    using OperationCommand::OperationCommand;
    void start(const QStringList &args) override;

protected:
    void onTopology(const Topology &topology) override;
    void afterRun(const ExecutionReport &report) override;

private:
    // Closes the interrupted entries, lifts resolved fences, records a fence the plan asks for.
    void settle(const QString &note);

    RecoveryPlan m_recovery;
};
