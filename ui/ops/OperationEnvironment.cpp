#include "OperationEnvironment.h"

#include "ops/OperationRunner.h"

OperationRunner *OperationEnvironment::newRunner(QObject *parent) const
{
    auto *runner = new OperationRunner(ssh, profileFor, audit, fence, parent);
    if (transport)
        runner->setTransportFactory(transport);
    return runner;
}

NodeClients *OperationEnvironment::newClients(QObject *parent) const
{
    auto *clients = new NodeClients(ssh, profileFor, parent);
    if (transport)
        clients->setTransportFactory(transport);
    return clients;
}
