#pragma once

#include "PlanReviewPage.h"

class MigrateWizard;

// Migration page 3: the plan — every step with its exact commands (credentials masked), the
// numbers it was sized from and its risks. Committing starts the run.
class MigrateReviewPage : public PlanReviewPage
{
    Q_OBJECT
public:
    explicit MigrateReviewPage(MigrateWizard *wizard);

    void initializePage() override;

private:
    MigrateWizard *m_wizard;
};
