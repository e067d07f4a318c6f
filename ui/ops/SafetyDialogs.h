#pragma once

#include "OperationEnvironment.h"

#include "topology/Topology.h"

#include <QString>

class PlanRunDialog;
class QWidget;

// The dialogs of the two write-loss guards outside a failover:
// - fenceNow(): a fenced old master that is down gets replicaof <its new master> (and
//   masterauth) written into its redis.conf over SSH (SshFencePlanner), so it restarts as a
//   replica. The path comes from its INFO config_file and can be edited.
// - minReplicas(): min-replicas-to-write 1 + min-replicas-max-lag on every node of the group
//   (MinReplicasPlanner), with its explanation.
class SafetyDialogs
{
public:
    SafetyDialogs() = delete;

    // The new master of a fenced `address`, empty when it is not fenced.
    static QString fencedTo(const OperationEnvironment &env, const QString &address);
    static bool canFenceNow(const OperationEnvironment &env, const Topology &topology, const QString &address);
    static PlanRunDialog *fenceNow(const OperationEnvironment &env, const Topology &topology, const QString &address,
                                   QWidget *parent);
    static PlanRunDialog *minReplicas(const OperationEnvironment &env, const Topology &topology, const QString &address,
                                      QWidget *parent);
};
