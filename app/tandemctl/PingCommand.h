#pragma once

#include "NodeCommand.h"

// tandemctl ping NODE: one PING, prints the reply and the round-trip time.
class PingCommand : public NodeCommand
{
    Q_OBJECT
public:
    using NodeCommand::NodeCommand;

protected:
    QString description() const override;
    void onReady() override;
};
