#pragma once

#include "OperationEnvironment.h"

#include "ops/ExecutionReport.h"
#include "ops/RecoveryPlanner.h"

#include <QDialog>

class OperationRunner;
class PlanStepsView;
class QLabel;
class QPushButton;

// An operation was interrupted (Tandem or tandemctl died mid-way): what RecoveryPlanner found,
// in plain sentences, and the plan that finishes the job. Confirm runs it; when it succeeds
// (or nothing was needed) the interrupted audit entries are closed and fences settled, as
// `tandemctl recover` does.
class RecoveryDialog : public QDialog
{
    Q_OBJECT
public:
    RecoveryDialog(const OperationEnvironment &env, const Topology &topology, QWidget *parent = nullptr);

    const RecoveryPlan &recovery() const { return m_recovery; }
    bool isRunning() const { return m_running; }

public Q_SLOTS:
    // Refused while a run is under way (the run must be seen to its end).
    void reject() override;
    void setTopology(const Topology &topology);
    void confirm();

Q_SIGNALS:
    void started(const Plan &plan, OperationRunner *runner);
    void recovered();
    void auditLogRequested(const QString &operationId);

private:
    void rebuild();
    void settle(const QString &note);
    void onFinished(const ExecutionReport &report);

    OperationEnvironment m_env;
    Topology m_topology;
    RecoveryPlan m_recovery;
    bool m_running = false;
    bool m_done = false;
    QLabel *m_diagnosis;
    PlanStepsView *m_steps;
    QLabel *m_result;
    QPushButton *m_confirm;
    QPushButton *m_close;
};
