#pragma once

#include "OperationCommand.h"

#include "config/ConfigDocument.h"
#include "config/LiveConfigPlan.h"
#include "net/NetError.h"
#include "ops/LiveNodeProbe.h"
#include "ssh/RemoteFileTypes.h"

class LiveConfigFetcher;

// tandemctl config apply NODE FILE: an operation like promote. Live (default): the plan
// "config-live" brings NODE's running config to FILE — a CONFIG SET per setting (REPLICAOF
// for replicaof, refused when it would close a replication loop), CONFIG REWRITE unless
// --no-rewrite, then CONFIG GET checks. With --remote-file PATH (and --ssh): the plan
// "config-ssh" replaces PATH on the SSH host with FILE (backup kept), runs --restart /
// --restart-command CMD when asked, then checks the node; --force writes a file with errors.
// --dry-run prints the plan (text, or {"plan"} with --json); a run is written to the audit log
// and ends with the summary (JSON: {"plan", "report", "ok", "verified", "backup_path"…}).
// Exit 0 when all applied and verified, 1 when refused, something failed or a setting needs
// a restart, 2 usage or unreadable file, 3 connect/auth failure.
class ConfigApplyCommand : public OperationCommand
{
    Q_OBJECT
public:
    using OperationCommand::OperationCommand;
    void start(const QStringList &args) override;

protected:
    ConnectionProfile profileFor(const QString &address) const override;
    void afterRun(const ExecutionReport &report) override;
    int exitCodeFor(const ExecutionReport &report) const override;

private:
    void startRemote();
    void planLive();
    void liveProbed(const LiveNodeFacts &facts);
    void remoteRead(const QByteArray &content, const RemoteFileInfo &info, const NetError &error);
    void proceed(const Plan &plan);

    QString m_file;
    ConfigDocument m_desired;
    ConnectionProfile m_profile;
    LiveConfigFetcher *m_fetcher = nullptr;
    LiveNodeProbe *m_probe = nullptr;
    LiveConfigPlan m_livePlan;
    QString m_planError;
    Plan m_plan;
    bool m_summaryOk = false;
};
