#pragma once

#include "GroupExportCommand.h"

#include "export/SentinelExportOptions.h"

// tandemctl export sentinel --seed NODE [--seed NODE...] [--name NAME] [--sentinel HOST:PORT...]
// [--quorum N] [--down-after MS] [--failover-timeout MS] [--parallel-syncs N]
// [--include-secrets] --out DIR: one sentinel.conf per sentinel host for the seed's group.
class ExportSentinelCommand : public GroupExportCommand
{
    Q_OBJECT
public:
    using GroupExportCommand::GroupExportCommand;

protected:
    QString description() const override;
    QList<QCommandLineOption> ownOptions() const override;
    bool takeOptions(const QCommandLineParser &parser) override;
    void exported(const GroupExportFacts &facts) override;

    // --name, --sentinel, --quorum and the timings into m_options; false after usageError().
    bool takeSentinelOptions(const QCommandLineParser &parser);

    SentinelExportOptions m_options;
    QString m_outDir;
};
