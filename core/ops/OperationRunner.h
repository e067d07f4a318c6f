#pragma once

#include "ExecutionReport.h"
#include "NodeClients.h"
#include "Plan.h"

#include <QObject>
#include <QPointer>

class AuditLog;
class Executor;
class MasterFence;
class SshSessionPool;

// What the GUI and tandemctl both do with a reviewed plan: give it its own connections, run
// it through an Executor with the audit log, register the fence a failover asks for, and hand
// back the report. One runner runs one plan.
class OperationRunner : public QObject
{
    Q_OBJECT
public:
    OperationRunner(SshSessionPool *ssh, NodeClients::ProfileLookup profileFor, AuditLog *audit,
                    MasterFence *fence = nullptr, QObject *parent = nullptr);
    ~OperationRunner() override;

    void setTransportFactory(TransportFactory factory);
    // Secrets of every node the plan touches are registered with the audit log for redaction.
    void run(const Plan &plan);
    void cancel();
    bool isRunning() const;
    Executor *executor() const { return m_executor; }
    NodeClients *clients() const { return m_clients; }

Q_SIGNALS:
    void stepStarted(int index, const StepRecord &record);
    void stepFinished(int index, const StepRecord &record);
    void stepProgress(int index, const QString &text);
    void finished(const ExecutionReport &report);

private:
    NodeClients *m_clients;
    NodeClients::ProfileLookup m_profileFor;
    AuditLog *m_audit;
    QPointer<MasterFence> m_fence;
    Executor *m_executor = nullptr;
};
