#pragma once

#include "ops/Plan.h"

#include <QWizardPage>

class FailoverWizard;
class PlanStepsView;
class QCheckBox;
class QLabel;
class QLineEdit;

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
    void refresh();

    FailoverWizard *m_wizard;
    Plan m_plan;
    QLabel *m_refusal;
    QLabel *m_risks;
    PlanStepsView *m_steps;
    QCheckBox *m_lossCheck;
    QCheckBox *m_sshFenceCheck;
    QLineEdit *m_sshFencePath;
    QCheckBox *m_minReplicasCheck;
};
