#include "PlanReviewDialog.h"

#include "OperationSummary.h"
#include "PlanStepsView.h"

#include "ops/OperationRunner.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

PlanReviewDialog::PlanReviewDialog(const OperationEnvironment &env, const Names &names, const QString &confirmText,
                                   QWidget *parent)
    : QDialog(parent)
    , m_env(env)
{
    setObjectName(names.dialog);
    m_summary = new QLabel(this);
    m_summary->setObjectName(names.summary);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(names.steps);
    m_result = OperationSummary::resultLabel(names.result, this,
                                             [this](const QString &id) { Q_EMIT auditLogRequested(id); });
    auto *buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(confirmText, QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(names.confirm);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    m_fields = new QVBoxLayout;
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_fields);
    layout->addWidget(m_summary);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    resize(640, 480);
}

void PlanReviewDialog::addField(QWidget *field)
{
    m_fields->addWidget(field);
}

void PlanReviewDialog::run(const Plan &plan)
{
    m_running = true;
    m_confirm->setEnabled(false);
    m_close->setEnabled(false);
    for (int i = 0; i < m_fields->count(); ++i) {
        if (QWidget *w = m_fields->itemAt(i)->widget())
            w->setEnabled(false);
    }
    m_steps->markPending();
    auto *runner = m_env.newRunner(this);
    connect(runner, &OperationRunner::stepStarted, m_steps, &PlanStepsView::onStepStarted);
    connect(runner, &OperationRunner::stepFinished, m_steps, &PlanStepsView::onStepFinished);
    connect(runner, &OperationRunner::stepProgress, m_steps, &PlanStepsView::onStepProgress);
    connect(runner, &OperationRunner::finished, this, [this](const ExecutionReport &report) { onFinished(report); });
    Q_EMIT started(plan, runner);
    runner->run(plan);
}

void PlanReviewDialog::onFinished(const ExecutionReport &report)
{
    m_running = false;
    m_done = true;
    m_close->setEnabled(true);
    m_confirm->hide();
    m_result->setText(OperationSummary::html(report));
    m_result->show();
}

void PlanReviewDialog::reject()
{
    if (m_running)
        return;
    QDialog::reject();
}
