#pragma once

#include "OperationEnvironment.h"

#include "ops/ExecutionReport.h"
#include "ops/Plan.h"
#include "topology/Topology.h"

#include <QDialog>

class OperationRunner;
class PlanStepsView;
class QLabel;
class QPushButton;

// "Apply to Group…" for a config drift: which settings differ (no secret shown), that the
// master's values win, and the DriftPlanner plan to review. Confirm runs it through an
// OperationRunner (audited, like every change); the result stays until the user closes it.
class DriftDialog : public QDialog
{
    Q_OBJECT
public:
    DriftDialog(const OperationEnvironment &env, const Topology &topology, const QString &node,
                QWidget *parent = nullptr);

    const Plan &plan() const { return m_plan; }
    bool isRunning() const { return m_running; }

public Q_SLOTS:
    void setTopology(const Topology &topology);
    void confirm();
    void reject() override;  // refused while the plan runs

Q_SIGNALS:
    void started(const Plan &plan, OperationRunner *runner);
    void finished(const ExecutionReport &report);
    void auditLogRequested(const QString &operationId);

private:
    void rebuild();

    OperationEnvironment m_env;
    Topology m_topology;
    QString m_node;
    Plan m_plan;
    bool m_running = false;
    bool m_done = false;
    QLabel *m_summary;
    PlanStepsView *m_steps;
    QLabel *m_result;
    QPushButton *m_confirm;
    QPushButton *m_close;
};
