#pragma once

#include "CliCommand.h"

#include "config/ConfigDocument.h"
#include "config/LiveConfigApplier.h"
#include "config/LiveConfigPlan.h"
#include "net/ConnectionProfile.h"

#include <QCommandLineParser>

class LiveConfigFetcher;
class SshSessionPool;

// tandemctl config apply NODE FILE [--dry-run] [--no-rewrite] [--json]: brings NODE's running
// config to FILE with CONFIG SET (then CONFIG REWRITE), printing the plan first, secrets
// masked. With --remote-file PATH (and --ssh) it replaces PATH on the SSH host with FILE
// instead (RemoteConfigApply): --restart/--restart-command CMD, --force, --dry-run. Exit 0 when all applied and verified, 1 when something failed, the file has errors
// or a directive needs a restart, 2 usage or unreadable file, 3 connect/auth failure.
class ConfigApplyCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void start(const QStringList &args) override;

private:
    void startRemote(const ConnectionProfile &profile);
    void planAndApply();
    void applied(const LiveConfigApplier::Result &result);
    void printPlanJson(const LiveConfigApplier::Result *result);

    QCommandLineParser m_parser;
    QString m_file;
    ConfigDocument m_desired;
    LiveConfigPlan m_plan;
    LiveConfigFetcher *m_fetcher = nullptr;
    SshSessionPool *m_ssh = nullptr;
    LiveConfigApplier *m_applier = nullptr;
};
