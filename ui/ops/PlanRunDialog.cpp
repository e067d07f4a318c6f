#include "PlanRunDialog.h"

#include "PlanStepsView.h"

#include "ops/OperationRunner.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

PlanRunDialog::PlanRunDialog(const OperationEnvironment &env, std::function<Plan()> build, QWidget *parent)
    : QDialog(parent)
    , m_env(env)
    , m_build(std::move(build))
{
    setObjectName(QStringLiteral("planRunDialog"));
    m_fields = new QVBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("planRunSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(QStringLiteral("planRunSteps"));
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("planRunResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_run = buttons->addButton(tr("Run"), QDialogButtonBox::AcceptRole);
    m_run->setObjectName(QStringLiteral("planRunButton"));
    connect(m_run, &QPushButton::clicked, this, &PlanRunDialog::run);
    connect(buttons, &QDialogButtonBox::rejected, this, &PlanRunDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_fields);
    layout->addWidget(m_summary);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    resize(680, 460);
    rebuild();
}

void PlanRunDialog::addField(QWidget *field)
{
    m_fields->addWidget(field);
}

void PlanRunDialog::rebuild()
{
    if (m_running || m_done)
        return;
    m_plan = m_build();
    setWindowTitle(m_plan.title);
    QString html = QStringLiteral("<b>") + m_plan.title.toHtmlEscaped() + QStringLiteral("</b>");
    if (!m_plan.canRun())
        html += QStringLiteral("<p style=\"color:#d93b3b\">") + tr("Cannot run: %1").arg(m_plan.refusal()).toHtmlEscaped()
            + QStringLiteral("</p>");
    QString risks;
    for (const QString &r : std::as_const(m_plan.risks))
        risks += QStringLiteral("<li>") + r.toHtmlEscaped() + QStringLiteral("</li>");
    if (!risks.isEmpty())
        html += QStringLiteral("<ul style=\"margin-left:-20px\">") + risks + QStringLiteral("</ul>");
    m_summary->setText(html);
    m_steps->setPlan(m_plan);
    m_run->setEnabled(m_plan.canRun());
}

void PlanRunDialog::run()
{
    if (m_running || m_done || !m_plan.canRun())
        return;
    m_running = true;
    m_run->setEnabled(false);
    for (QWidget *w : findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly)) {
        if (m_fields->indexOf(w) >= 0)
            w->setEnabled(false);
    }
    m_steps->markPending();
    m_result->setText(tr("Running…"));
    auto *runner = new OperationRunner(m_env.ssh, m_env.profileFor, m_env.audit, m_env.fence, this);
    if (m_env.transport)
        runner->setTransportFactory(m_env.transport);
    connect(runner, &OperationRunner::stepStarted, m_steps, &PlanStepsView::onStepStarted);
    connect(runner, &OperationRunner::stepFinished, m_steps, &PlanStepsView::onStepFinished);
    connect(runner, &OperationRunner::stepProgress, m_steps, &PlanStepsView::onStepProgress);
    connect(runner, &OperationRunner::finished, this, [this](const ExecutionReport &report) {
        m_running = false;
        m_done = true;
        QStringList lines{tr("%1 (audit %2)").arg(report.message, report.operationId)};
        for (const StepRecord &r : report.steps) {
            if (!r.message.isEmpty())
                lines.append(r.title + QStringLiteral(": ") + r.message);
        }
        m_result->setText(lines.join(QLatin1Char('\n')));
        Q_EMIT finished(report);
    });
    Q_EMIT started(m_plan, runner);
    runner->run(m_plan);
}

void PlanRunDialog::reject()
{
    if (m_running)
        return;
    QDialog::reject();
}
