#pragma once

#include "NodeCommand.h"

// tandemctl config get NODE [--show-secrets]: the running config as redis.conf text.
class ConfigGetCommand : public NodeCommand
{
    Q_OBJECT
public:
    using NodeCommand::NodeCommand;

protected:
    QString description() const override;
    void addOptions(QCommandLineParser &parser) override;
    void onReady() override;
};
