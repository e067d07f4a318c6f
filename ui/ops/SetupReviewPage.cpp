#include "SetupReviewPage.h"

#include "PlanStepsView.h"
#include "SetupWizard.h"

#include <QLabel>
#include <QVBoxLayout>

SetupReviewPage::SetupReviewPage(SetupWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Review the plan"));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("Set Up"));
    m_refusal = new QLabel(this);
    m_refusal->setObjectName(QStringLiteral("setupRefusalLabel"));
    m_refusal->setWordWrap(true);
    m_refusal->setStyleSheet(QStringLiteral("color:#d93b3b"));
    m_risks = new QLabel(this);
    m_risks->setObjectName(QStringLiteral("setupRisksLabel"));
    m_risks->setWordWrap(true);
    m_risks->setTextFormat(Qt::RichText);
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(QStringLiteral("setupPlanView"));
    auto *note = new QLabel(tr("Passwords show as <hidden>. Any failure before the verify step puts every node back as "
                               "it was; nothing is written to a config file until the set-up is verified."),
                            this);
    note->setObjectName(QStringLiteral("setupReviewNote"));
    note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_refusal);
    layout->addWidget(m_risks);
    layout->addWidget(m_steps, 1);
    layout->addWidget(note);
}

void SetupReviewPage::initializePage()
{
    m_plan = m_wizard->plan();
    setSubTitle(m_plan.title);
    m_refusal->setVisible(!m_plan.canRun());
    m_refusal->setText(tr("Cannot set up: %1").arg(m_plan.refusal()));
    m_risks->setText(PlanStepsView::risksHtml(m_plan.risks));
    m_steps->setPlan(m_plan);
    Q_EMIT completeChanged();
}

bool SetupReviewPage::isComplete() const
{
    return m_plan.canRun();
}
