#include "FailoverWizard.h"

#include "FailoverCandidatesPage.h"
#include "FailoverGroupPage.h"
#include "FailoverReviewPage.h"
#include "FailoverRunPage.h"


FailoverWizard::FailoverWizard(const OperationEnvironment &env, const Topology &topology, const QString &seed,
                               QWidget *parent)
    : OperationWizard(env, topology, parent)
    , m_seed(seed)
{
    setObjectName(QStringLiteral("failoverWizard"));
    setWindowTitle(tr("Fail Over"));
    setPage(GroupPage, new FailoverGroupPage(this));
    setPage(CandidatesPage, new FailoverCandidatesPage(this));
    setPage(ReviewPage, new FailoverReviewPage(this));
    setPage(RunPage, new FailoverRunPage(this));
    resize(720, 560);
}

FailoverWizard::~FailoverWizard() = default;

QString FailoverWizard::deadMaster() const
{
    const TopologyGroup *group = topology().groupOf(m_seed);
    return group ? group->master : QString();
}

QList<FailoverCandidate> FailoverWizard::candidates() const
{
    FailoverOptions options = m_options;
    options.candidate.clear();
    return FailoverPlanner::rank(topology(), m_seed, options);
}

void FailoverWizard::setCandidate(const QString &address)
{
    m_options.candidate = address;
}

SshFenceTarget FailoverWizard::knownSshFence() const
{
    const QString master = deadMaster();
    return SshFenceTarget::of(topology(), profileFor(master), master);
}

void FailoverWizard::setSshFencePath(const QString &path)
{
    m_options.sshFence = {};
    if (path.isEmpty())
        return;
    m_options.sshFence = knownSshFence();
    m_options.sshFence.path = path;
    m_options.ssh = environment().ssh;
}

Plan FailoverWizard::plan() const
{
    FailoverOptions options = m_options;
    if (options.sshFence.isValid() && environment().profileFor) {
        // The group's credentials, written as masteruser/masterauth (never shown).
        const ConnectionProfile group = profileFor(options.candidate.isEmpty() ? m_seed : options.candidate);
        options.sshFenceSettings.masterUser = group.user;
        options.sshFenceSettings.masterPassword = group.password;
    }
    return FailoverPlanner::build(topology(), m_seed, options);
}
