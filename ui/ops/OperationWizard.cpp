#include "OperationWizard.h"

#include "ops/OperationRunner.h"

OperationWizard::OperationWizard(const OperationEnvironment &env, const Topology &topology, QWidget *parent)
    : QWizard(parent)
    , m_env(env)
    , m_topology(topology)
{
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
}

void OperationWizard::addConnection(const ConnectionProfile &profile)
{
    const QString address = profile.address();
    if (!m_added.contains(address))
        m_added.append(address);
    Q_EMIT connectionAdded(profile);
}

OperationRunner *OperationWizard::runner()
{
    if (!m_runner)
        m_runner = m_env.newRunner(this);
    return m_runner;
}

bool OperationWizard::beginProbe()
{
    if (m_probing || !idle())
        return false;
    m_probing = true;
    m_hasFacts = false;
    return true;
}

void OperationWizard::endProbe()
{
    m_probing = false;
    m_hasFacts = true;
    Q_EMIT probeFinished();
}

void OperationWizard::setTopology(const Topology &topology)
{
    if (!idle())
        return;
    m_topology = topology;
    Q_EMIT topologyUpdated();
}

void OperationWizard::runPlan(const Plan &plan)
{
    if (!idle())
        return;
    m_plan = plan;
    m_running = true;
    OperationRunner *r = runner();
    connect(r, &OperationRunner::stepStarted, this, &OperationWizard::stepStarted);
    connect(r, &OperationRunner::stepFinished, this, [this](int index, const StepRecord &record) {
        if (!record.compensation && record.status == StepRecord::Status::Succeeded && index >= 0
            && index < m_plan.steps.size() && m_plan.steps.at(index).pointOfNoReturn)
            m_pastNoReturn = true;
        Q_EMIT stepFinished(index, record);
    });
    connect(r, &OperationRunner::stepProgress, this, &OperationWizard::stepProgress);
    connect(r, &OperationRunner::finished, this, [this](const ExecutionReport &report) {
        m_running = false;
        m_hasReport = true;
        m_report = report;
        Q_EMIT finished(report);
    });
    Q_EMIT started(m_plan, r);
    r->run(m_plan);
}

bool OperationWizard::cancelRun()
{
    if (!m_running || m_pastNoReturn)
        return false;
    m_runner->cancel();
    return true;
}

void OperationWizard::reject()
{
    // Before the point of no return the steps' compensations put every node back.
    if (m_running) {
        cancelRun();
        return;
    }
    QWizard::reject();
}
