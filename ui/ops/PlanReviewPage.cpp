#include "PlanReviewPage.h"

#include "PlanStepsView.h"

#include <QLabel>
#include <QVBoxLayout>

PlanReviewPage::PlanReviewPage(const QString &prefix, const QString &commitText, const QString &note,
                               QWidget *parent)
    : QWizardPage(parent)
{
    setTitle(tr("Review the plan"));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, commitText);
    m_refusal = new QLabel(this);
    m_refusal->setObjectName(prefix + QStringLiteral("RefusalLabel"));
    m_refusal->setWordWrap(true);
    m_refusal->setStyleSheet(QStringLiteral("color:#d93b3b"));
    m_facts = new QLabel(this);
    m_facts->setObjectName(prefix + QStringLiteral("FactsLabel"));
    m_facts->setWordWrap(true);
    m_risks = new QLabel(this);
    m_risks->setObjectName(prefix + QStringLiteral("RisksLabel"));
    m_risks->setWordWrap(true);
    m_risks->setTextFormat(Qt::RichText);
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(prefix + QStringLiteral("PlanView"));
    auto *noteLabel = new QLabel(note, this);
    noteLabel->setObjectName(prefix + QStringLiteral("ReviewNote"));
    noteLabel->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_refusal);
    layout->addWidget(m_facts);
    layout->addWidget(m_risks);
    layout->addWidget(m_steps, 1);
    layout->addWidget(noteLabel);
}

void PlanReviewPage::showPlan(const Plan &plan, const QStringList &facts, const QString &refusalPrefix)
{
    m_plan = plan;
    setSubTitle(m_plan.title);
    m_refusal->setVisible(!m_plan.canRun());
    m_refusal->setText(QStringLiteral("%1: %2").arg(refusalPrefix, m_plan.refusal()));
    m_risks->setText(PlanStepsView::risksHtml(m_plan.risks));
    m_facts->setText(facts.join(QStringLiteral(" · ")));
    m_facts->setVisible(!facts.isEmpty());
    m_steps->setPlan(m_plan);
    Q_EMIT completeChanged();
}

bool PlanReviewPage::isComplete() const
{
    return m_plan.canRun();
}
