#include "FailoverWizard.h"

#include "FailoverCandidatesPage.h"
#include "FailoverGroupPage.h"
#include "FailoverReviewPage.h"
#include "FailoverRunPage.h"

#include "ops/OperationRunner.h"

FailoverWizard::FailoverWizard(const OperationEnvironment &env, const Topology &topology, const QString &seed,
                               QWidget *parent)
    : QWizard(parent)
    , m_env(env)
    , m_topology(topology)
    , m_seed(seed)
{
    setObjectName(QStringLiteral("failoverWizard"));
    setWindowTitle(tr("Fail Over"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(GroupPage, new FailoverGroupPage(this));
    setPage(CandidatesPage, new FailoverCandidatesPage(this));
    setPage(ReviewPage, new FailoverReviewPage(this));
    setPage(RunPage, new FailoverRunPage(this));
    resize(720, 560);
}

FailoverWizard::~FailoverWizard() = default;

QString FailoverWizard::deadMaster() const
{
    const TopologyGroup *group = m_topology.groupOf(m_seed);
    return group ? group->master : QString();
}

QList<FailoverCandidate> FailoverWizard::candidates() const
{
    FailoverOptions options = m_options;
    options.candidate.clear();
    return FailoverPlanner::rank(m_topology, m_seed, options);
}

void FailoverWizard::setCandidate(const QString &address)
{
    m_options.candidate = address;
}

SshFenceTarget FailoverWizard::knownSshFence() const
{
    const QString master = deadMaster();
    return SshFenceTarget::of(m_topology, m_env.profileFor ? m_env.profileFor(master) : ConnectionProfile(), master);
}

void FailoverWizard::setSshFencePath(const QString &path)
{
    m_options.sshFence = {};
    if (path.isEmpty())
        return;
    m_options.sshFence = knownSshFence();
    m_options.sshFence.path = path;
    m_options.ssh = m_env.ssh;
}

Plan FailoverWizard::plan() const
{
    FailoverOptions options = m_options;
    if (options.sshFence.isValid() && m_env.profileFor) {
        // The group's credentials, written as masteruser/masterauth (never shown).
        const ConnectionProfile group = m_env.profileFor(options.candidate.isEmpty() ? m_seed : options.candidate);
        options.sshFenceSettings.masterUser = group.user;
        options.sshFenceSettings.masterPassword = group.password;
    }
    return FailoverPlanner::build(m_topology, m_seed, options);
}

void FailoverWizard::setTopology(const Topology &topology)
{
    if (m_running || m_hasReport)
        return;
    m_topology = topology;
    Q_EMIT topologyUpdated();
}

void FailoverWizard::run()
{
    if (m_runner)
        return;
    m_plan = plan();
    m_running = true;
    m_runner = m_env.newRunner(this);
    connect(m_runner, &OperationRunner::stepStarted, this, &FailoverWizard::stepStarted);
    connect(m_runner, &OperationRunner::stepFinished, this, &FailoverWizard::stepFinished);
    connect(m_runner, &OperationRunner::stepProgress, this, &FailoverWizard::stepProgress);
    connect(m_runner, &OperationRunner::finished, this, [this](const ExecutionReport &report) {
        m_running = false;
        m_hasReport = true;
        m_report = report;
        Q_EMIT finished(report);
    });
    Q_EMIT started(m_plan, m_runner);
    m_runner->run(m_plan);
}

void FailoverWizard::reject()
{
    // The run page must stay until the run ends: cancel asks the run to stop instead.
    if (m_running) {
        m_runner->cancel();
        return;
    }
    QWizard::reject();
}
