#pragma once

#include "net/Transport.h"
#include "ops/NodeClients.h"

class AuditLog;
class MasterFence;
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
};
