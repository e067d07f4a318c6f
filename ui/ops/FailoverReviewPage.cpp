#include "FailoverReviewPage.h"

#include "FailoverWizard.h"
#include "HumanFormat.h"
#include "PlanStepsView.h"

#include <QCheckBox>
#include <QLabel>
#include <QVBoxLayout>

FailoverReviewPage::FailoverReviewPage(FailoverWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Review the plan"));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("Fail Over"));
    m_refusal = new QLabel(this);
    m_refusal->setObjectName(QStringLiteral("failoverRefusalLabel"));
    m_refusal->setWordWrap(true);
    m_refusal->setStyleSheet(QStringLiteral("color:#d93b3b"));
    m_risks = new QLabel(this);
    m_risks->setObjectName(QStringLiteral("failoverRisksLabel"));
    m_risks->setWordWrap(true);
    m_risks->setTextFormat(Qt::RichText);
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(QStringLiteral("failoverPlanView"));
    m_lossCheck = new QCheckBox(this);
    m_lossCheck->setObjectName(QStringLiteral("failoverLossCheck"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_refusal);
    layout->addWidget(m_risks);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_lossCheck);
    connect(m_lossCheck, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
}

void FailoverReviewPage::initializePage()
{
    m_plan = m_wizard->plan();
    setSubTitle(m_plan.title);
    m_refusal->setVisible(!m_plan.canRun());
    m_refusal->setText(tr("Cannot fail over: %1").arg(m_plan.refusal()));
    QString risks;
    for (const QString &risk : std::as_const(m_plan.risks))
        risks += QStringLiteral("<li>") + risk.toHtmlEscaped() + QStringLiteral("</li>");
    m_risks->setText(risks.isEmpty() ? QString()
                                     : QString(tr("<b>Risks</b>") + QStringLiteral("<ul style=\"margin-left:-20px\">")
                                               + risks + QStringLiteral("</ul>")));
    m_steps->setPlan(m_plan);
    const qint64 loss = m_plan.facts.value(QStringLiteral("estimated_loss_bytes")).toInteger(-1);
    m_lossCheck->setChecked(false);
    m_lossCheck->setVisible(loss > 0);
    m_lossCheck->setText(tr("I understand that about %1 bytes (%2) of acknowledged writes may be lost")
                             .arg(loss)
                             .arg(HumanFormat::bytes(loss)));
    Q_EMIT completeChanged();
}

bool FailoverReviewPage::isComplete() const
{
    if (!m_plan.canRun())
        return false;
    return m_lossCheck->isHidden() || m_lossCheck->isChecked();
}
