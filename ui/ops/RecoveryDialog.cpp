#include "RecoveryDialog.h"

#include "OperationSummary.h"
#include "PlanStepsView.h"

#include "ops/AuditLog.h"
#include "ops/MasterFence.h"
#include "ops/OperationRunner.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

RecoveryDialog::RecoveryDialog(const OperationEnvironment &env, const Topology &topology, QWidget *parent)
    : QDialog(parent)
    , m_env(env)
    , m_topology(topology)
{
    setObjectName(QStringLiteral("recoveryDialog"));
    setWindowTitle(tr("Recover an Interrupted Operation"));
    m_diagnosis = new QLabel(this);
    m_diagnosis->setObjectName(QStringLiteral("recoveryDiagnosisLabel"));
    m_diagnosis->setWordWrap(true);
    m_diagnosis->setTextFormat(Qt::RichText);
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(QStringLiteral("recoveryPlanView"));
    m_result = OperationSummary::resultLabel(QStringLiteral("recoveryResultLabel"), this,
                                             [this](const QString &id) { Q_EMIT auditLogRequested(id); });
    auto *buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(tr("Finish the Job"), QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(QStringLiteral("confirmRecoverButton"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    connect(m_confirm, &QPushButton::clicked, this, &RecoveryDialog::confirm);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_diagnosis);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    rebuild();
    resize(640, 480);
}

void RecoveryDialog::setTopology(const Topology &topology)
{
    if (m_running || m_done)
        return;
    m_topology = topology;
    rebuild();
}

void RecoveryDialog::rebuild()
{
    const QList<InterruptedOperation> ops = InterruptedOperation::fromAudit(m_env.audit->read());
    const QList<MasterFence::Entry> fences = m_env.fence ? m_env.fence->entries() : QList<MasterFence::Entry>();
    m_recovery = RecoveryPlanner::build(m_topology, ops, fences);
    QString text = tr("<b>What Tandem found</b><ul style=\"margin-left:-20px\">");
    for (const QString &line : std::as_const(m_recovery.diagnosis))
        text += QStringLiteral("<li>") + line.toHtmlEscaped() + QStringLiteral("</li>");
    text += QStringLiteral("</ul>");
    if (!m_recovery.plan.canRun() && !m_recovery.nothingNeeded)
        text += tr("<p style=\"color:#d93b3b\">Cannot recover automatically: %1</p>")
                    .arg(m_recovery.plan.refusal().toHtmlEscaped());
    m_diagnosis->setText(text);
    m_steps->setPlan(m_recovery.plan);
    m_steps->setVisible(!m_recovery.plan.steps.isEmpty());
    m_confirm->setText(m_recovery.nothingNeeded ? tr("Close the Entries") : tr("Finish the Job"));
    m_confirm->setEnabled(!m_recovery.unresolvable && (m_recovery.nothingNeeded || m_recovery.plan.canRun()));
}

void RecoveryDialog::confirm()
{
    if (m_running || m_done || !m_confirm->isEnabled())
        return;
    if (m_recovery.nothingNeeded) {
        settle(tr("recover: nothing needed"));
        m_done = true;
        m_confirm->hide();
        m_result->setText(tr("Nothing needed changing: the interrupted entries are closed in the audit log."));
        m_result->show();
        Q_EMIT recovered();
        return;
    }
    m_running = true;
    m_confirm->setEnabled(false);
    m_close->setEnabled(false);
    m_steps->markPending();
    auto *runner = new OperationRunner(m_env.ssh, m_env.profileFor, m_env.audit, m_env.fence, this);
    if (m_env.transport)
        runner->setTransportFactory(m_env.transport);
    connect(runner, &OperationRunner::stepStarted, m_steps, &PlanStepsView::onStepStarted);
    connect(runner, &OperationRunner::stepFinished, m_steps, &PlanStepsView::onStepFinished);
    connect(runner, &OperationRunner::finished, this, &RecoveryDialog::onFinished);
    Q_EMIT started(m_recovery.plan, runner);
    runner->run(m_recovery.plan);
}

void RecoveryDialog::onFinished(const ExecutionReport &report)
{
    m_running = false;
    m_done = true;
    m_close->setEnabled(true);
    m_confirm->hide();
    m_result->setText(OperationSummary::html(report));
    m_result->show();
    if (report.ok()) {
        settle(tr("recovered by %1").arg(report.operationId));
        Q_EMIT recovered();
    }
}

void RecoveryDialog::settle(const QString &note)
{
    for (const QString &id : std::as_const(m_recovery.operationIds))
        m_env.audit->closeInterrupted(id, note);
    if (!m_env.fence)
        return;
    for (const QString &old : std::as_const(m_recovery.resolvedFences))
        m_env.fence->remove(old);
    const QString fenceOld = m_recovery.plan.facts.value(QStringLiteral("fence_old")).toString();
    const QString fenceNew = m_recovery.plan.facts.value(QStringLiteral("fence_new")).toString();
    if (!fenceOld.isEmpty() && !fenceNew.isEmpty())
        m_env.fence->add(fenceOld, fenceNew);
}

void RecoveryDialog::reject()
{
    if (m_running)
        return;
    QDialog::reject();
}
