#pragma once

#include "net/Transport.h"
#include "ops/NodeClients.h"

class AuditLog;
class MasterFence;
class OperationRunner;
class QObject;
class SshSessionPool;

// What every operation dialog needs to run a plan the way the window does: how to reach each
// node, where the audit log is, the window's fence. Owned by OperationsController.
struct OperationEnvironment
{
    SshSessionPool *ssh = nullptr;
    NodeClients::ProfileLookup profileFor;
    AuditLog *audit = nullptr;
    MasterFence *fence = nullptr;
    TransportFactory transport;   // tests: protocol edge cases; empty = the default

    // A runner that reaches the nodes, audits and fences the way the window does.
    OperationRunner *newRunner(QObject *parent) const;
    // Connections of their own for reading nodes (checks, logs), reached the same way.
    NodeClients *newClients(QObject *parent) const;
};
