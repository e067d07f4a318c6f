#include "RecoveryDialog.h"

#include "PlanStepsView.h"

#include "ops/AuditLog.h"
#include "ops/MasterFence.h"

#include <QLabel>
#include <QPushButton>

RecoveryDialog::RecoveryDialog(const OperationEnvironment &env, const Topology &topology, QWidget *parent)
    : PlanReviewDialog(env,
                       {QStringLiteral("recoveryDialog"), QStringLiteral("recoveryDiagnosisLabel"),
                        QStringLiteral("recoveryPlanView"), QStringLiteral("recoveryResultLabel"),
                        QStringLiteral("confirmRecoverButton")},
                       tr("Finish the Job"), parent)
    , m_topology(topology)
{
    setWindowTitle(tr("Recover an Interrupted Operation"));
    connect(m_confirm, &QPushButton::clicked, this, &RecoveryDialog::confirm);
    rebuild();
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
    m_summary->setText(text);
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
    run(m_recovery.plan);
}

void RecoveryDialog::onFinished(const ExecutionReport &report)
{
    PlanReviewDialog::onFinished(report);
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
