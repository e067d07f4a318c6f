#pragma once

#include "OperationCommand.h"

// tandemctl fence NODE --master NEW --ssh [user@]host[:port] --config-file PATH [--min-replicas]
// [--min-replicas-max-lag N] [--dry-run] [--json] [--yes]: "Fence now" from a terminal. NODE,
// an old master that is down, gets `replicaof NEW` (and masterauth/masteruser from the
// connection options when set) written into its redis.conf over SSH with the config editor's
// safe replace (SshFencePlanner), so that when it restarts it is a replica and acknowledges
// no write. The SSH options name the host holding the file. Run as a plan, audited.
class FenceCommand : public OperationCommand
{
    Q_OBJECT
public:
    using OperationCommand::OperationCommand;
    void start(const QStringList &args) override;

protected:
    void onTopology(const Topology &topology) override;
};
