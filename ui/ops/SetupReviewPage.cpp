#include "SetupReviewPage.h"

#include "HumanFormat.h"
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
    m_facts = new QLabel(this);
    m_facts->setObjectName(QStringLiteral("setupFactsLabel"));
    m_facts->setWordWrap(true);
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(QStringLiteral("setupPlanView"));
    auto *note = new QLabel(tr("Passwords show as <hidden>. Any failure before the verify step puts every node back as "
                               "it was; nothing is written to a config file until the set-up is verified."),
                            this);
    note->setObjectName(QStringLiteral("setupReviewNote"));
    note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_refusal);
    layout->addWidget(m_facts);
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
    // The numbers the plan was sized from.
    const auto number = [this](const char *key) { return m_plan.facts.value(QLatin1String(key)).toInteger(-1); };
    QStringList facts;
    if (number("write_bytes_per_second") >= 0)
        facts << tr("master writes %1/s").arg(HumanFormat::bytes(number("write_bytes_per_second")));
    if (number("dataset_bytes") >= 0)
        facts << tr("dataset %1").arg(HumanFormat::bytes(number("dataset_bytes")));
    if (number("repl_backlog_bytes") >= 0)
        facts << tr("backlog %1 for a %2 s outage")
                     .arg(HumanFormat::bytes(number("repl_backlog_bytes")))
                     .arg(number("tolerated_outage_seconds"));
    const QString auth = m_plan.facts.value(QStringLiteral("auth")).toString();
    if (!auth.isEmpty())
        facts << tr("auth: %1").arg(auth);
    const QString persistence = m_plan.facts.value(QStringLiteral("persistence")).toString();
    if (!persistence.isEmpty())
        facts << tr("persistence: %1").arg(persistence);
    m_facts->setText(facts.join(QStringLiteral(" · ")));
    m_facts->setVisible(!facts.isEmpty());
    m_steps->setPlan(m_plan);
    Q_EMIT completeChanged();
}

bool SetupReviewPage::isComplete() const
{
    return m_plan.canRun();
}
