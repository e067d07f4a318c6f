#pragma once

#include "NodeCommand.h"

struct NodeSnapshot;

// tandemctl info NODE [--json]: the parsed INFO snapshot of one node.
class InfoCommand : public NodeCommand
{
    Q_OBJECT
public:
    using NodeCommand::NodeCommand;

protected:
    QString description() const override;
    void onReady() override;

private:
    void printText(const NodeSnapshot &s);
};
