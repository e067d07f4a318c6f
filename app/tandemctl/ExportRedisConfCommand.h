#pragma once

#include "NodeCommand.h"

// tandemctl export redis-conf NODE [--minimal] [--include-secrets] [--out FILE]: the node's
// redis.conf as it runs (its own file over SSH updated with the running values, else generated
// from CONFIG GET *), or only what differs from the defaults. Secrets become placeholders unless
// --include-secrets. Written to FILE (atomically) or stdout; recorded in the audit log.
class ExportRedisConfCommand : public NodeCommand
{
    Q_OBJECT
public:
    using NodeCommand::NodeCommand;

protected:
    QString description() const override;
    void addOptions(QCommandLineParser &parser) override;
    void onReady() override;
};
