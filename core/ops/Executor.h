#pragma once

#include "ExecutionReport.h"
#include "Plan.h"

#include <QJsonObject>
#include <QObject>
#include <QVariantHash>

#include <memory>
#include <vector>

class AuditLog;
class NodeClients;
class StepContext;

// Runs a reviewed Plan asynchronously on the Qt event loop: steps in order, each to its
// succeed/fail; on an Abort-step failure or a cancel before the point of no return, the
// compensations of the steps done so far run in reverse. Afterwards it reads every plan
// node's role and link (INFO replication) into the report. Every step is written to the
// audit log as it starts and ends. Refuses (Outcome::Refused, nothing sent) when the plan's
// preconditions do not hold.
class Executor : public QObject
{
    Q_OBJECT
public:
    Executor(Plan plan, NodeClients *clients, AuditLog *audit, QObject *parent = nullptr);
    ~Executor() override;

    const Plan &plan() const { return m_plan; }
    QString operationId() const { return m_report.operationId; }
    bool isRunning() const { return m_running; }
    bool pastPointOfNoReturn() const { return m_pastNoReturn; }
    const ExecutionReport &report() const { return m_report; }

    // How long to wait for each node's final INFO (default 2000 ms).
    void setFinalStateTimeout(int ms) { m_finalStateTimeoutMs = ms; }

public Q_SLOTS:
    void start();
    // Before the point of no return: stop and compensate. After it: ignored (said in a
    // message through stepProgress). Idempotent.
    void cancel();

Q_SIGNALS:
    void stepStarted(int index, const StepRecord &record);
    void stepFinished(int index, const StepRecord &record);
    // Free text from a long step ("waiting for offset 1234, replica at 1200").
    void stepProgress(int index, const QString &text);
    void finished(const ExecutionReport &report);

private:
    void runStep(int index);
    void onStepDone(int index, bool ok, const QString &message, const QJsonObject &details);
    void startCompensation();
    void runCompensation(int position);
    // One report record per step or undo: appended as Running (audited, announced), then
    // filled in when its StepContext ends.
    qsizetype beginRecord(int index, StepRecord rec, const QStringList &commands);
    void endRecord(qsizetype recordIndex, qint64 startedMs, bool ok, const QString &message,
                   const QJsonObject &details);
    static QJsonObject finishedEntry(const StepRecord &rec);
    void readFinalStates();
    void finish();
    void audit(const QString &event, const QJsonObject &fields);

    Plan m_plan;
    NodeClients *m_clients;
    AuditLog *m_audit;
    ExecutionReport m_report;
    QVariantHash m_shared;
    // Contexts of finished steps stay alive until the executor dies: a late reply that still
    // reaches a step's callback finds a finished context (a no-op), never a dangling one.
    std::vector<std::unique_ptr<StepContext>> m_contexts;
    QList<int> m_done;             // indexes of succeeded steps, in order
    int m_current = -1;
    bool m_running = false;
    bool m_cancelRequested = false;
    bool m_pastNoReturn = false;
    bool m_compensating = false;
    int m_pendingFinal = 0;
    int m_finalStateTimeoutMs = 2000;
    qint64 m_startMs = 0;
};
