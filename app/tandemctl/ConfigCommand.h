#pragma once

#include "CliCommand.h"

// tandemctl config get|diff|apply ...: picks the subcommand and hands it the rest of the line.
class ConfigCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void start(const QStringList &args) override;
};
