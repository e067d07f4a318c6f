#pragma once

#include "ops/Plan.h"

#include <QWizardPage>

class PlanStepsView;
class QLabel;
class SetupWizard;

// Set-up page 5: the plan — every step with its exact commands (secrets masked), the facts
// and risks. Committing starts the run.
class SetupReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SetupReviewPage(SetupWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

private:
    SetupWizard *m_wizard;
    Plan m_plan;
    QLabel *m_refusal;
    QLabel *m_facts;
    QLabel *m_risks;
    PlanStepsView *m_steps;
};
