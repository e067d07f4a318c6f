#pragma once

#include "ops/ExecutionReport.h"

#include <QWizardPage>

class FailoverWizard;
class PlanStepsView;
class QLabel;

// Failover page 4: the run step by step, then the result and what happens when the old master
// returns (the fence). Complete once the run ended.
class FailoverRunPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit FailoverRunPage(FailoverWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

private:
    void onFinished(const ExecutionReport &report);

    FailoverWizard *m_wizard;
    PlanStepsView *m_steps;
    QLabel *m_progress;
    QLabel *m_result;
    QLabel *m_fence;
};
