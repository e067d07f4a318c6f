#include "DriftDialog.h"

#include "PlanStepsView.h"

#include "ops/DriftPlanner.h"

#include <QJsonArray>
#include <QLabel>
#include <QPushButton>

DriftDialog::DriftDialog(const OperationEnvironment &env, const Topology &topology, const QString &node,
                         QWidget *parent)
    : PlanReviewDialog(env,
                       {QStringLiteral("driftDialog"), QStringLiteral("driftSummaryLabel"), QStringLiteral("driftPlanView"),
                        QStringLiteral("driftResultLabel"), QStringLiteral("confirmApplyButton")},
                       tr("Apply"), parent)
    , m_topology(topology)
    , m_node(node)
{
    setWindowTitle(tr("Apply the Master's Settings to the Group"));
    connect(m_confirm, &QPushButton::clicked, this, &DriftDialog::confirm);
    rebuild();
}

void DriftDialog::setTopology(const Topology &topology)
{
    if (m_running || m_done)
        return;
    m_topology = topology;
    rebuild();
}

void DriftDialog::rebuild()
{
    m_plan = DriftPlanner::build(m_topology, m_node);
    QString text = tr("<b>What differs from master %1</b><ul style=\"margin-left:-20px\">").arg(m_plan.group.toHtmlEscaped());
    const QJsonArray differences = m_plan.facts.value(QStringLiteral("differences")).toArray();
    for (const QJsonValue &d : differences)
        text += QStringLiteral("<li>") + d.toString().toHtmlEscaped() + QStringLiteral("</li>");
    text += QStringLiteral("</ul>");
    text += tr("<p>The master's value wins: the other nodes get it. Passwords and ACL rules are copied "
               "from the master when the plan runs and are never shown.</p>");
    if (!m_plan.canRun())
        text += tr("<p style=\"color:#d93b3b\">Cannot apply: %1</p>").arg(m_plan.refusal().toHtmlEscaped());
    m_summary->setText(text);
    m_steps->setPlan(m_plan);
    m_confirm->setEnabled(m_plan.canRun());
}

void DriftDialog::confirm()
{
    if (m_running || m_done || !m_confirm->isEnabled())
        return;
    run(m_plan);
}

void DriftDialog::onFinished(const ExecutionReport &report)
{
    PlanReviewDialog::onFinished(report);
    Q_EMIT planFinished(report);
}
