#pragma once

#include "net/ConnectionProfile.h"
#include "net/Transport.h"
#include "ops/ExecutionReport.h"
#include "ops/Plan.h"

#include <QObject>
#include <QStringList>

#include <memory>

class AuditLog;
class NodeClients;
class OperationRunner;
class SshSessionPool;

// Runs one Apply of the config editor without blocking: a "config-live" or "config-ssh" plan
// through the Executor (OperationRunner), written to the window's audit log. Its clients reach
// `node` with its profile (and the nodes of its replication chain like it), so the checks the
// plan is built from (LiveNodeProbe) use the connections the run then uses. Ends with a
// summary a person can read; secrets never appear in it.
class ConfigApplyRunner : public QObject
{
    Q_OBJECT
public:
    struct Outcome
    {
        bool ok = false;        // everything done and verified
        bool changed = false;   // the target now holds the document (file written / SETs applied)
        QStringList summary;    // one line per fact: backup, restart exit code, verified...
        QString operationId;    // the run in the audit log
    };

    // `audit` null: the default audit log (every change is audited).
    ConfigApplyRunner(SshSessionPool *ssh, AuditLog *audit, const ConnectionProfile &node, QObject *parent = nullptr);
    ~ConfigApplyRunner() override;
    void setTransportFactory(TransportFactory factory);

    NodeClients *clients() const;
    AuditLog *audit() const { return m_audit; }
    void run(const Plan &plan);
    bool isRunning() const { return m_running; }

    static Outcome describe(const Plan &plan, const ExecutionReport &report);

Q_SIGNALS:
    void stepStarted(int index, const StepRecord &record);
    void stepFinished(int index, const StepRecord &record);
    void stepProgress(int index, const QString &text);
    void finished(const ConfigApplyRunner::Outcome &outcome);

private:
    std::unique_ptr<AuditLog> m_ownAudit;
    AuditLog *m_audit;
    OperationRunner *m_runner;
    bool m_running = false;
};
