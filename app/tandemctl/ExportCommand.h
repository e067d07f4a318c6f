#pragma once

#include "CliCommand.h"

// tandemctl export redis-conf|sentinel|acl|topology|bundle ...: picks the subcommand and hands
// it the rest of the line.
class ExportCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void start(const QStringList &args) override;
};
