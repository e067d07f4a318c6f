#pragma once

#include "PlanReviewDialog.h"

#include "ops/RecoveryPlanner.h"

// An operation was interrupted (Tandem or tandemctl died mid-way): what RecoveryPlanner found,
// in plain sentences, and the plan that finishes the job. Confirm runs it; when it succeeds
// (or nothing was needed) the interrupted audit entries are closed and fences settled, as
// `tandemctl recover` does.
class RecoveryDialog : public PlanReviewDialog
{
    Q_OBJECT
public:
    RecoveryDialog(const OperationEnvironment &env, const Topology &topology, QWidget *parent = nullptr);

    const RecoveryPlan &recovery() const { return m_recovery; }

public Q_SLOTS:
    void setTopology(const Topology &topology);
    void confirm();

Q_SIGNALS:
    void recovered();

protected:
    void onFinished(const ExecutionReport &report) override;

private:
    void rebuild();
    void settle(const QString &note);

    Topology m_topology;
    RecoveryPlan m_recovery;
};
