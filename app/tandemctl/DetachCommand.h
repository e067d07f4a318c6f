#pragma once

#include "OperationCommand.h"

#include <QHash>

// tandemctl detach NODE [--dry-run] [--json] [--yes]: the replica NODE becomes a standalone
// master (REPLICAOF NO ONE, CONFIG REWRITE) as a reviewed plan (DetachPlanner), with the risk
// that clients may write to it. Exit 0 when done, 1 refused or failed, 3 no connection.
class DetachCommand : public OperationCommand
{
    Q_OBJECT
public:
    using OperationCommand::OperationCommand;
    void start(const QStringList &args) override;

protected:
    ConnectionProfile profileFor(const QString &address) const override;

private:
    ConnectionProfile m_node;
};
