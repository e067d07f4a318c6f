#include "DriftDialog.h"

#include "OperationSummary.h"
#include "PlanStepsView.h"

#include "ops/DriftPlanner.h"
#include "ops/OperationRunner.h"

#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

DriftDialog::DriftDialog(const OperationEnvironment &env, const Topology &topology, const QString &node,
                         QWidget *parent)
    : QDialog(parent)
    , m_env(env)
    , m_topology(topology)
    , m_node(node)
{
    setObjectName(QStringLiteral("driftDialog"));
    setWindowTitle(tr("Apply the Master's Settings to the Group"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("driftSummaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(QStringLiteral("driftPlanView"));
    m_result = OperationSummary::resultLabel(QStringLiteral("driftResultLabel"), this,
                                             [this](const QString &id) { Q_EMIT auditLogRequested(id); });
    auto *buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(tr("Apply"), QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(QStringLiteral("confirmApplyButton"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    connect(m_confirm, &QPushButton::clicked, this, &DriftDialog::confirm);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    rebuild();
    resize(640, 480);
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
    m_running = true;
    m_confirm->setEnabled(false);
    m_close->setEnabled(false);
    m_steps->markPending();
    auto *runner = new OperationRunner(m_env.ssh, m_env.profileFor, m_env.audit, m_env.fence, this);
    if (m_env.transport)
        runner->setTransportFactory(m_env.transport);
    connect(runner, &OperationRunner::stepStarted, m_steps, &PlanStepsView::onStepStarted);
    connect(runner, &OperationRunner::stepFinished, m_steps, &PlanStepsView::onStepFinished);
    connect(runner, &OperationRunner::finished, this, [this](const ExecutionReport &report) {
        m_running = false;
        m_done = true;
        m_close->setEnabled(true);
        m_confirm->hide();
        m_result->setText(OperationSummary::html(report));
        m_result->show();
        Q_EMIT finished(report);
    });
    Q_EMIT started(m_plan, runner);
    runner->run(m_plan);
}

void DriftDialog::reject()
{
    if (m_running)
        return;
    QDialog::reject();
}
