#pragma once

#include "OperationCommand.h"

#include "migrate/MigrateOptions.h"

#include <QHash>

// tandemctl migrate SOURCE TARGET: moves a live dataset to a new server as one reviewed plan
// (MigrateProbe, MigratePlanner): preflight, REPLICAOF, the full sync with progress, the data
// verified, the coordinated cutover, the source left as the target's replica. Afterwards it
// watches the old server for clients still writing there. Exit 0 only when the target is
// master and verified, 1 refused or failed (the source left a master), 2 usage, 3 unreachable.
class MigrateCommand : public OperationCommand
{
    Q_OBJECT
public:
    using OperationCommand::OperationCommand;
    void start(const QStringList &args) override;

protected:
    ConnectionProfile profileFor(const QString &address) const override;
    void beforeSummary(const ExecutionReport &report, std::function<void()> proceed) override;

private:
    bool readOptions();
    void printProgress(const QString &kind, int index, const QString &text);

    MigrateOptions m_options;
    QHash<QString, ConnectionProfile> m_profiles;
    int m_watchSeconds = 10;
};
