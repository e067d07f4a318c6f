#include "OperationRunner.h"

#include "AuditLog.h"
#include "Executor.h"
#include "MasterFence.h"

OperationRunner::OperationRunner(SshSessionPool *ssh, NodeClients::ProfileLookup profileFor, AuditLog *audit,
                                 MasterFence *fence, QObject *parent)
    : QObject(parent)
    , m_clients(new NodeClients(ssh, profileFor, this))
    , m_profileFor(std::move(profileFor))
    , m_audit(audit)
    , m_fence(fence)
{
}

OperationRunner::~OperationRunner() = default;

void OperationRunner::setTransportFactory(TransportFactory factory)
{
    m_clients->setTransportFactory(std::move(factory));
}

bool OperationRunner::isRunning() const
{
    return m_executor && m_executor->isRunning();
}

void OperationRunner::run(const Plan &plan)
{
    if (m_executor)
        return;
    if (m_audit) {
        for (const QString &node : plan.nodes) {
            const ConnectionProfile p = m_profileFor(node);
            m_audit->redact(p.password);
            m_audit->redact(p.ssh.password);
            m_audit->redact(p.ssh.keyPassphrase);
        }
    }
    m_executor = new Executor(plan, m_clients, m_audit, this);
    connect(m_executor, &Executor::stepStarted, this, &OperationRunner::stepStarted);
    connect(m_executor, &Executor::stepFinished, this, &OperationRunner::stepFinished);
    connect(m_executor, &Executor::stepProgress, this, &OperationRunner::stepProgress);
    connect(m_executor, &Executor::finished, this, [this](const ExecutionReport &report) {
        // A failover names the node to fence in its metrics: {"fence_old": a, "fence_new": b}.
        const QString oldMaster = report.metrics.value(QStringLiteral("fence_old")).toString();
        const QString newMaster = report.metrics.value(QStringLiteral("fence_new")).toString();
        if (m_fence && !oldMaster.isEmpty() && !newMaster.isEmpty())
            m_fence->add(oldMaster, newMaster);
        Q_EMIT finished(report);
    });
    m_executor->start();
}

void OperationRunner::cancel()
{
    if (m_executor)
        m_executor->cancel();
}
