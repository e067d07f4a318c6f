#pragma once

#include "OperationEnvironment.h"

#include "ops/ExecutionReport.h"
#include "ops/Plan.h"
#include "ops/SwitchoverPlanner.h"
#include "topology/Topology.h"

#include <QDialog>

class OperationRunner;
class PlanStepsView;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

// "Promote to master…": a compact confirmation (the plan with its commands folded, the lag
// right now, the risks, strategy and timeout), then on Confirm the same dialog shows the run
// step by step, and at the end a summary with the measured write pause. It only shows: the
// plan comes from SwitchoverPlanner, the run from OperationRunner. Window-modal, opened
// with open(); it refuses to close while a run is under way (Cancel asks the run to stop).
class PromoteDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Stage { Review, Running, Done };

    PromoteDialog(const OperationEnvironment &env, const Topology &topology, const QString &candidate,
                  QWidget *parent = nullptr);
    ~PromoteDialog() override;

    QString candidate() const { return m_candidate; }
    const Plan &plan() const { return m_plan; }
    Stage stage() const { return m_stage; }
    const ExecutionReport &report() const { return m_report; }
    SwitchoverOptions options() const;
    PlanStepsView *stepsView() const { return m_steps; }

public Q_SLOTS:
    // Refused while a run is under way (the run must be seen to its end).
    void reject() override;
    // While reviewing: the lag and the plan follow the live topology. Ignored once confirmed.
    void setTopology(const Topology &topology);
    void confirm();

Q_SIGNALS:
    void started(const Plan &plan, OperationRunner *runner);
    void finished(const ExecutionReport &report);
    void auditLogRequested(const QString &operationId);

private:
    void rebuildPlan();
    void showPlan();
    void updateLag();
    void onStepFinished(int index, const StepRecord &record);
    void onFinished(const ExecutionReport &report);
    void cancelRun();

    OperationEnvironment m_env;
    Topology m_topology;
    QHash<QString, QList<qint64>> m_pastPauses;
    QString m_candidate;
    Plan m_plan;
    QByteArray m_shownPlan;   // the plan as last rendered, without its live facts
    Stage m_stage = Stage::Review;
    OperationRunner *m_runner = nullptr;
    ExecutionReport m_report;

    QLabel *m_title;
    QLabel *m_lag;
    QComboBox *m_strategy;
    QSpinBox *m_timeout;
    QLabel *m_refusal;
    QLabel *m_risks;
    PlanStepsView *m_steps;
    QLabel *m_progress;
    QLabel *m_noReturn;
    QLabel *m_result;
    QPushButton *m_confirm;
    QPushButton *m_cancel;
};
