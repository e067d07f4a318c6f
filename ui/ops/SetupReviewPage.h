#pragma once

#include "PlanReviewPage.h"

class SetupWizard;

// Set-up page 5: the plan — every step with its exact commands (secrets masked), the facts
// and risks. Committing starts the run.
class SetupReviewPage : public PlanReviewPage
{
    Q_OBJECT
public:
    explicit SetupReviewPage(SetupWizard *wizard);

    void initializePage() override;

private:
    SetupWizard *m_wizard;
};
