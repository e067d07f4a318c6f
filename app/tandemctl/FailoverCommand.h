#pragma once

#include "OperationCommand.h"

#include "ops/FailoverPlanner.h"

// tandemctl failover --seed NODE [--to NODE] [--verify-timeout DURATION] [--ssh-fence
// [--old-master-config PATH]] [--min-replicas [--min-replicas-max-lag N]] [--dry-run] [--json] [--yes]: the
// master of NODE's group is down. Ranks its replicas (printed with the estimated data loss of
// each), plans the failover (FailoverPlanner), and runs it like promote. The old master is
// fenced (fences.json in the data directory): when it comes back, Tandem (GUI) demotes it, or
// `tandemctl recover` does. --ssh-fence (opt-in: it edits a file on a server, which a user
// should ask for) also writes replicaof into the old master's redis.conf over --ssh so it
// restarts as a replica; --min-replicas adds min-replicas-to-write 1 on every node.
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
