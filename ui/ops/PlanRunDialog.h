#pragma once

#include "OperationEnvironment.h"

#include "ops/ExecutionReport.h"
#include "ops/Plan.h"

#include <QDialog>

#include <functional>

class OperationRunner;
class PlanStepsView;
class QLabel;
class QPushButton;
class QVBoxLayout;

// A small operation reviewed and run in one dialog: the plan's checks and risks, its steps with
// their exact commands, Run, then each step's outcome and the result. For the plans that need
// no wizard ("Fence now", "Refuse writes without replicas"). `build` is asked again whenever
// rebuild() is called (e.g. a field above the plan changed). Runs through an OperationRunner
// with the window's audit log.
class PlanRunDialog : public QDialog
{
    Q_OBJECT
public:
    PlanRunDialog(const OperationEnvironment &env, std::function<Plan()> build, QWidget *parent = nullptr);

    // A field shown above the plan (its owner calls rebuild() when it changes).
    void addField(QWidget *field);
    const Plan &plan() const { return m_plan; }
    bool isRunning() const { return m_running; }

public Q_SLOTS:
    void rebuild();
    void run();
    // Refused while a run is under way (the run must be seen to its end).
    void reject() override;

Q_SIGNALS:
    void started(const Plan &plan, OperationRunner *runner);
    void finished(const ExecutionReport &report);

private:
    OperationEnvironment m_env;
    std::function<Plan()> m_build;
    Plan m_plan;
    bool m_running = false;
    bool m_done = false;
    QVBoxLayout *m_fields;
    QLabel *m_summary;
    PlanStepsView *m_steps;
    QLabel *m_result;
    QPushButton *m_run;
};
