#include "FailoverRunPage.h"

#include "FailoverWizard.h"
#include "OperationSummary.h"
#include "PlanStepsView.h"

#include "ops/MasterFence.h"

#include <QDir>
#include <QLabel>
#include <QVBoxLayout>

FailoverRunPage::FailoverRunPage(FailoverWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Failing over"));
    setFinalPage(true);
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(QStringLiteral("failoverProgressView"));
    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("failoverProgressLabel"));
    m_progress->setWordWrap(true);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("failoverResultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_fence = new QLabel(this);
    m_fence->setObjectName(QStringLiteral("failoverFenceLabel"));
    m_fence->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);
    layout->addWidget(m_fence);
    connect(m_result, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(OperationSummary::auditLinkPrefix()))
            Q_EMIT m_wizard->auditLogRequested(link.mid(OperationSummary::auditLinkPrefix().size()));
    });
    connect(wizard, &FailoverWizard::stepStarted, m_steps, &PlanStepsView::onStepStarted);
    connect(wizard, &FailoverWizard::stepFinished, m_steps, &PlanStepsView::onStepFinished);
    connect(wizard, &FailoverWizard::stepProgress, m_steps, &PlanStepsView::onStepProgress);
    connect(wizard, &FailoverWizard::stepStarted, m_progress, [this](int, const StepRecord &r) {
        m_progress->setText(r.title);
    });
    connect(wizard, &FailoverWizard::stepProgress, m_progress, [this](int, const QString &text) {
        m_progress->setText(text);
    });
    connect(wizard, &FailoverWizard::finished, this, &FailoverRunPage::onFinished);
}

void FailoverRunPage::initializePage()
{
    m_result->hide();
    m_fence->hide();
    m_wizard->run();
    m_steps->setPlan(m_wizard->runningPlan());
    m_steps->markPending();
    setSubTitle(m_wizard->runningPlan().title);
}

bool FailoverRunPage::isComplete() const
{
    return m_wizard->hasReport();
}

void FailoverRunPage::onFinished(const ExecutionReport &report)
{
    setTitle(tr("Failover: %1").arg(OperationSummary::outcomeText(report.outcome)));
    m_progress->hide();
    m_result->setText(OperationSummary::html(report));
    m_result->show();
    const auto fence = FailoverPlanner::fenceOf(report);
    if (fence) {
        const MasterFence *f = m_wizard->fence();
        const bool prompt = f && f->mode() == MasterFence::Mode::Prompt;
        m_fence->setText(prompt ? tr("%1 is fenced. If it comes back, Tandem notices it and asks you to make it a "
                                     "replica of %2 (fence settings: prompt). Until then, do not send it writes.")
                                      .arg(fence->first, fence->second)
                                : tr("%1 is fenced. If it comes back, Tandem makes it a replica of %2 at the first "
                                     "poll that sees it and saves that in its config; until then it can acknowledge "
                                     "writes that the resync discards, so keep clients away from it.")
                                      .arg(fence->first, fence->second));
        // The SSH fence, when the plan had it, decides what a restart from the file does.
        for (const StepRecord &r : report.steps) {
            if (r.id != QLatin1String("ssh-fence") || r.compensation)
                continue;
            m_fence->setText(r.status == StepRecord::Status::Succeeded
                                 ? tr("%1 Its redis.conf (%2) now follows %3: restarted from it, it comes up as a "
                                      "replica and acknowledges no write.")
                                       .arg(m_fence->text(), r.details.value(QStringLiteral("file")).toString(), fence->second)
                                 : tr("%1 Its redis.conf could not be edited over SSH: %2").arg(m_fence->text(), r.message));
        }
        if (f)
            m_fence->setToolTip(tr("Fences are kept in %1").arg(QDir::toNativeSeparators(f->path())));
        m_fence->show();
    }
    Q_EMIT completeChanged();
}
