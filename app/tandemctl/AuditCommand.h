#pragma once

#include "CliCommand.h"

// tandemctl audit [--json] [--limit N]: the audit log (every operation's steps with times and
// outcomes) as readable lines, or as JSON. Reads $TANDEM_DATA_DIR/audit.jsonl (else the
// default data directory). Exit 0; 1 when the log cannot be read.
class AuditCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void start(const QStringList &args) override;
};
