#include "MigrateRunPage.h"

#include "ops/ProgressText.h"

#include "MigrateWizard.h"
#include "OperationSummary.h"
#include "PlanStepsView.h"

#include <QAbstractButton>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

MigrateRunPage::MigrateRunPage(MigrateWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Migrating"));
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(QStringLiteral("migrateProgressView"));
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("migrateProgress"));
    m_bar->setRange(0, 100);
    m_bar->setValue(0);
    m_bar->setFormat(tr("Waiting for the sync: %p%"));
    m_line = new QLabel(this);
    m_line->setObjectName(QStringLiteral("migrateProgressLabel"));
    m_line->setWordWrap(true);
    m_line->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_abort = new QPushButton(tr("Abort"), this);
    m_abort->setObjectName(QStringLiteral("migrateAbortButton"));
    m_abort->setToolTip(tr("Stops the run; until the target is promoted the source stays the master it was"));
    auto *barRow = new QHBoxLayout;
    barRow->addWidget(m_bar, 1);
    barRow->addWidget(m_abort);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_steps, 1);
    layout->addLayout(barRow);
    layout->addWidget(m_line);
    connect(wizard, &MigrateWizard::stepStarted, m_steps, &PlanStepsView::onStepStarted);
    connect(wizard, &MigrateWizard::stepFinished, m_steps, &PlanStepsView::onStepFinished);
    connect(wizard, &MigrateWizard::stepProgress, m_steps, &PlanStepsView::onStepProgress);
    connect(wizard, &MigrateWizard::stepStarted, this, &MigrateRunPage::onStepStarted);
    connect(wizard, &MigrateWizard::stepProgress, this, &MigrateRunPage::onProgress);
    connect(wizard, &MigrateWizard::stepFinished, this, &MigrateRunPage::onStepFinished);
    connect(wizard, &MigrateWizard::finished, this, &MigrateRunPage::onFinished);
    connect(m_abort, &QPushButton::clicked, this, &MigrateRunPage::onAbort);
}

void MigrateRunPage::initializePage()
{
    m_wizard->run();
    m_steps->setPlan(m_wizard->runningPlan());
    m_steps->markPending();
    setSubTitle(m_wizard->runningPlan().title);
    if (QAbstractButton *cancel = wizard()->button(QWizard::CancelButton))
        cancel->setToolTip(m_abort->toolTip());
}

int MigrateRunPage::percentOf(const QString &text)
{
    return ProgressText::percent(text);
}

QString MigrateRunPage::phaseOf(const QString &stepId, const QString &text)
{
    if (stepId.startsWith(QLatin1String("verify")))
        return tr("Verifying keys");
    if (text.contains(QLatin1String("snapshot: ")))
        return tr("Source's snapshot");
    if (text.contains(QLatin1String("loading")))
        return tr("Loading the copy");
    if (text.contains(QLatin1String("synced")))
        return tr("Synced");
    return tr("Full sync");
}

void MigrateRunPage::onStepStarted(int, const StepRecord &record)
{
    m_line->setText(record.title);
}

void MigrateRunPage::onProgress(int index, const QString &text)
{
    m_line->setText(text);
    const QList<PlanStep> &steps = m_wizard->runningPlan().steps;
    const QString id = index >= 0 && index < steps.size() ? steps.at(index).id : QString();
    const int percent = percentOf(text);
    if (percent < 0)
        return;
    m_bar->setFormat(tr("%1: %p%").arg(phaseOf(id, text)));
    m_bar->setValue(percent);
}

void MigrateRunPage::onStepFinished(int, const StepRecord &)
{
    if (!m_wizard->pastPointOfNoReturn())
        return;
    m_abort->setEnabled(false);
    m_abort->setText(tr("Cannot abort now"));
    m_abort->setToolTip(tr("The target is the master now: past the point of no return the run finishes"));
    if (QAbstractButton *cancel = wizard()->button(QWizard::CancelButton)) {
        cancel->setEnabled(false);
        cancel->setToolTip(m_abort->toolTip());
    }
}

void MigrateRunPage::onAbort()
{
    if (m_wizard->cancelRun()) {
        m_abort->setEnabled(false);
        m_abort->setText(tr("Aborting…"));
        m_line->setText(tr("Aborting: the steps done so far are undone."));
    } else if (m_wizard->isRunning()) {
        m_line->setText(tr("Cannot abort: the target is the master now; the run finishes."));
    }
}

void MigrateRunPage::onFinished(const ExecutionReport &report)
{
    setTitle(tr("Migration: %1").arg(OperationSummary::outcomeText(report.outcome)));
    m_line->setText(report.message);
    if (report.ok()) {
        m_bar->setFormat(tr("Migrated: %p%"));
        m_bar->setValue(100);
    } else {
        m_bar->setFormat(OperationSummary::outcomeText(report.outcome));
    }
    m_abort->hide();
    if (QAbstractButton *cancel = wizard()->button(QWizard::CancelButton))
        cancel->setEnabled(true);
    Q_EMIT completeChanged();
}

bool MigrateRunPage::isComplete() const
{
    return m_wizard->hasReport();
}
