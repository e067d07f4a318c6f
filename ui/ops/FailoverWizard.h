#pragma once

#include "OperationWizard.h"

#include "ops/FailoverPlanner.h"

// The master of a group is down: 1. which group and why, 2. the ranked candidates
// (FailoverPlanner::rank; the best preselected, ineligible ones disabled with their reason),
// 3. the plan, its risks and an explicit acknowledgement of the estimated loss, 4. the run
// and its result, including what happens when the old master returns (the fence). The pages
// only show and validate; the planner decides, OperationRunner runs.
class FailoverWizard : public OperationWizard
{
    Q_OBJECT
public:
    enum PageId { GroupPage, CandidatesPage, ReviewPage, RunPage };

    FailoverWizard(const OperationEnvironment &env, const Topology &topology, const QString &seed,
                   QWidget *parent = nullptr);
    ~FailoverWizard() override;

    QString seed() const { return m_seed; }
    // The group's (dead) master as the planner sees it; empty when the seed has no group.
    QString deadMaster() const;
    QList<FailoverCandidate> candidates() const;
    QString candidate() const { return m_options.candidate; }
    void setCandidate(const QString &address);
    // The dead master's SSH host and redis.conf as its profile and last INFO know them (the
    // path may be empty: the review page asks for it).
    SshFenceTarget knownSshFence() const;
    // The review page's choices: the SSH fence with this path (empty: off), min-replicas-*
    // on every node (maxLag < 0: off).
    void setSshFencePath(const QString &path);
    void setMinReplicasMaxLag(int maxLagSeconds) { m_options.minReplicasMaxLag = maxLagSeconds; }
    // The plan for the chosen candidate, built from the latest topology.
    Plan plan() const;
    MasterFence *fence() const { return environment().fence; }

    // Starts the reviewed plan (the run page calls it once).
    void run() { runPlan(plan()); }

private:
    QString m_seed;
    FailoverOptions m_options;
};
