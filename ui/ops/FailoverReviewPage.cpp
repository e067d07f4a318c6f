#include "FailoverReviewPage.h"

#include "FailoverWizard.h"
#include "HumanFormat.h"
#include "PlanStepsView.h"

#include "ops/MinReplicasPlanner.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
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
    m_sshFenceCheck = new QCheckBox(this);
    m_sshFenceCheck->setObjectName(QStringLiteral("failoverSshFenceCheck"));
    m_sshFencePath = new QLineEdit(this);
    m_sshFencePath->setObjectName(QStringLiteral("failoverSshFencePath"));
    m_sshFencePath->setPlaceholderText(tr("its redis.conf, e.g. /etc/redis/redis.conf"));
    m_minReplicasCheck = new QCheckBox(tr("Make a master without replicas refuse writes (min-replicas-to-write 1, "
                                          "min-replicas-max-lag %1)").arg(MinReplicasPlanner::kDefaultMaxLagSeconds),
                                       this);
    m_minReplicasCheck->setObjectName(QStringLiteral("failoverMinReplicasCheck"));
    m_minReplicasCheck->setToolTip(MinReplicasPlanner::explanation());
    auto *minHelp = new QLabel(MinReplicasPlanner::explanation(), this);
    minHelp->setObjectName(QStringLiteral("failoverMinReplicasHelp"));
    minHelp->setWordWrap(true);
    minHelp->setStyleSheet(QStringLiteral("color:palette(mid)"));
    auto *sshRow = new QHBoxLayout;
    sshRow->addWidget(m_sshFenceCheck);
    sshRow->addWidget(m_sshFencePath, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_refusal);
    layout->addWidget(m_risks);
    layout->addWidget(m_steps, 1);
    layout->addLayout(sshRow);
    layout->addWidget(m_minReplicasCheck);
    layout->addWidget(minHelp);
    layout->addWidget(m_lossCheck);
    connect(m_lossCheck, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    connect(m_sshFenceCheck, &QCheckBox::toggled, this, &FailoverReviewPage::refresh);
    connect(m_sshFencePath, &QLineEdit::textChanged, this, &FailoverReviewPage::refresh);
    connect(m_minReplicasCheck, &QCheckBox::toggled, this, &FailoverReviewPage::refresh);
}

void FailoverReviewPage::initializePage()
{
    // The SSH fence is offered when the dead master's profile has SSH settings (Tandem takes
    // that host as the node's own, like the config editor); on by default then, since the plan
    // shows the exact edit before anything runs.
    const SshFenceTarget known = m_wizard->knownSshFence();
    const bool sshKnown = known.ssh.enabled && !known.ssh.host.isEmpty();
    const QSignalBlocker b1(m_sshFenceCheck), b2(m_sshFencePath), b3(m_minReplicasCheck);
    m_sshFenceCheck->setEnabled(sshKnown);
    m_sshFenceCheck->setChecked(sshKnown && !known.path.isEmpty());
    m_sshFenceCheck->setText(sshKnown ? tr("Fence %1 in its redis.conf over SSH (%2) so it restarts as a replica:")
                                            .arg(m_wizard->deadMaster(), known.describe())
                                      : tr("Fence %1 in its redis.conf over SSH (needs SSH settings in its connection)")
                                            .arg(m_wizard->deadMaster()));
    m_sshFencePath->setText(known.path);
    m_sshFencePath->setEnabled(sshKnown);
    m_lossCheck->setChecked(false);
    refresh();
}

void FailoverReviewPage::refresh()
{
    m_wizard->setSshFencePath(m_sshFenceCheck->isChecked() ? m_sshFencePath->text().trimmed() : QString());
    m_wizard->setMinReplicasMaxLag(m_minReplicasCheck->isChecked() ? MinReplicasPlanner::kDefaultMaxLagSeconds : -1);
    m_plan = m_wizard->plan();
    setSubTitle(m_plan.title);
    m_refusal->setVisible(!m_plan.canRun());
    m_refusal->setText(tr("Cannot fail over: %1").arg(m_plan.refusal()));
    m_risks->setText(PlanStepsView::risksHtml(m_plan.risks));
    m_steps->setPlan(m_plan);
    const qint64 loss = m_plan.facts.value(QStringLiteral("estimated_loss_bytes")).toInteger(-1);
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
