#include "PlanRunDialog.h"

#include "PlanStepsView.h"

#include <QLabel>
#include <QPushButton>

PlanRunDialog::PlanRunDialog(const OperationEnvironment &env, std::function<Plan()> build, QWidget *parent)
    : PlanReviewDialog(env,
                       {QStringLiteral("planRunDialog"), QStringLiteral("planRunSummary"), QStringLiteral("planRunSteps"),
                        QStringLiteral("planRunResult"), QStringLiteral("planRunButton")},
                       tr("Run"), parent)
    , m_build(std::move(build))
{
    connect(m_confirm, &QPushButton::clicked, this, &PlanRunDialog::confirm);
    rebuild();
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
    m_confirm->setEnabled(m_plan.canRun());
}

void PlanRunDialog::confirm()
{
    if (m_running || m_done || !m_plan.canRun())
        return;
    run(m_plan);
}

void PlanRunDialog::onFinished(const ExecutionReport &report)
{
    PlanReviewDialog::onFinished(report);
    Q_EMIT finished(report);
}
