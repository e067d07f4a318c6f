#pragma once

#include "ops/Plan.h"

#include <QWizardPage>

class PlanStepsView;
class QLabel;

// A wizard's review page: the plan's refusal (if any), the numbers it was sized from, its
// risks and every step with its exact commands (secrets masked). The commit page: its button
// starts the run. Subclasses build the plan and say which facts matter.
class PlanReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    // Children are named <prefix>RefusalLabel, <prefix>FactsLabel, <prefix>RisksLabel,
    // <prefix>PlanView, <prefix>ReviewNote.
    PlanReviewPage(const QString &prefix, const QString &commitText, const QString &note, QWidget *parent);

    bool isComplete() const override;

protected:
    // Shows `plan`; `facts` are joined with " · "; a refused plan says "<refusalPrefix>: why".
    void showPlan(const Plan &plan, const QStringList &facts, const QString &refusalPrefix);

private:
    Plan m_plan;
    QLabel *m_refusal;
    QLabel *m_facts;
    QLabel *m_risks;
    PlanStepsView *m_steps;
};
