#pragma once

#include "PlanReviewDialog.h"

#include "topology/Topology.h"

// "Apply to Group…" for a config drift: which settings differ (no secret shown), that the
// master's values win, and the DriftPlanner plan to review. Confirm runs it (audited, like
// every change); the result stays until the user closes the dialog.
class DriftDialog : public PlanReviewDialog
{
    Q_OBJECT
public:
    DriftDialog(const OperationEnvironment &env, const Topology &topology, const QString &node,
                QWidget *parent = nullptr);

    const Plan &plan() const { return m_plan; }

public Q_SLOTS:
    void setTopology(const Topology &topology);
    void confirm();

Q_SIGNALS:
    void planFinished(const ExecutionReport &report);

protected:
    void onFinished(const ExecutionReport &report) override;

private:
    void rebuild();

    Topology m_topology;
    QString m_node;
    Plan m_plan;
};
