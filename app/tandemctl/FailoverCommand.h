#pragma once

#include "OperationCommand.h"

#include "ops/FailoverPlanner.h"

// tandemctl failover --seed NODE [--to NODE] [--verify-timeout DURATION] [--dry-run] [--json] [--yes]: the
// master of NODE's group is down. Ranks its replicas (printed with the estimated data loss of
// each), plans the failover (FailoverPlanner), and runs it like promote. The old master is
// fenced (fences.json in the data directory): when it comes back, Tandem (GUI) demotes it, or
// `tandemctl recover` does.
class FailoverCommand : public OperationCommand
{
    Q_OBJECT
public:
    using OperationCommand::OperationCommand;
    void start(const QStringList &args) override;

protected:
    void onTopology(const Topology &topology) override;
    void afterRun(const ExecutionReport &report) override;

private:
    QString m_seed;
    FailoverOptions m_options;
};
