#pragma once

#include "ops/Plan.h"

#include <QWizardPage>

class FailoverWizard;
class PlanStepsView;
class QCheckBox;
class QLabel;

// Failover page 3: the plan (steps and exact commands), its risks, and — when the planner
// estimates that writes will be lost — an explicit "I understand N bytes may be lost".
// Committing starts the run.
class FailoverReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit FailoverReviewPage(FailoverWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

private:
    FailoverWizard *m_wizard;
    Plan m_plan;
    QLabel *m_refusal;
    QLabel *m_risks;
    PlanStepsView *m_steps;
    QCheckBox *m_lossCheck;
};
