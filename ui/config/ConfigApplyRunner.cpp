#include "ConfigApplyRunner.h"

#include "ops/AuditLog.h"
#include "ops/ConfigApplySummary.h"
#include "ops/LiveNodeProbe.h"
#include "ops/OperationRunner.h"

ConfigApplyRunner::ConfigApplyRunner(SshSessionPool *ssh, AuditLog *audit, const ConnectionProfile &node,
                                     QObject *parent)
    : QObject(parent)
    , m_ownAudit(audit ? nullptr : std::make_unique<AuditLog>())
    , m_audit(audit ? audit : m_ownAudit.get())
    , m_runner(new OperationRunner(ssh, LiveNodeProbe::lookupFor(node), m_audit, nullptr, this))
{
    connect(m_runner, &OperationRunner::stepStarted, this, &ConfigApplyRunner::stepStarted);
    connect(m_runner, &OperationRunner::stepFinished, this, &ConfigApplyRunner::stepFinished);
    connect(m_runner, &OperationRunner::stepProgress, this, &ConfigApplyRunner::stepProgress);
}

ConfigApplyRunner::~ConfigApplyRunner()
{
    delete m_runner;  // before the audit log it writes to
}

void ConfigApplyRunner::setTransportFactory(TransportFactory factory)
{
    if (factory)
        m_runner->setTransportFactory(std::move(factory));
}

NodeClients *ConfigApplyRunner::clients() const
{
    return m_runner->clients();
}

void ConfigApplyRunner::run(const Plan &plan)
{
    if (m_running)
        return;
    m_running = true;
    connect(m_runner, &OperationRunner::finished, this, [this, plan](const ExecutionReport &report) {
        m_running = false;
        Q_EMIT finished(describe(plan, report));
    });
    m_runner->run(plan);
}

ConfigApplyRunner::Outcome ConfigApplyRunner::describe(const Plan &plan, const ExecutionReport &report)
{
    const ConfigApplySummary s = ConfigApplySummary::from(plan, report);
    Outcome o;
    o.ok = s.ok;
    o.changed = s.changed;
    o.operationId = report.operationId;
    o.summary << report.message;
    o.summary << s.lines();
    o.summary << tr("Audit log: operation %1").arg(report.operationId);
    return o;
}
