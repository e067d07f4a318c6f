#pragma once

#include "PlanReviewDialog.h"

#include <functional>

// A small operation reviewed and run in one dialog: the plan's checks and risks, its steps with
// their exact commands, Run, then each step's outcome and the result. For the plans that need
// no wizard ("Fence now", "Refuse writes without replicas"). `build` is asked again whenever
// rebuild() is called (e.g. a field above the plan changed).
class PlanRunDialog : public PlanReviewDialog
{
    Q_OBJECT
public:
    PlanRunDialog(const OperationEnvironment &env, std::function<Plan()> build, QWidget *parent = nullptr);

    const Plan &plan() const { return m_plan; }

public Q_SLOTS:
    void rebuild();
    void confirm();

Q_SIGNALS:
    void finished(const ExecutionReport &report);

protected:
    void onFinished(const ExecutionReport &report) override;

private:
    std::function<Plan()> m_build;
    Plan m_plan;
};
