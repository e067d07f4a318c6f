#pragma once

#include "OperationEnvironment.h"

#include "ops/ExecutionReport.h"
#include "ops/FailoverPlanner.h"
#include "ops/Plan.h"
#include "topology/Topology.h"

#include <QWizard>

class OperationRunner;

// The master of a group is down: 1. which group and why, 2. the ranked candidates
// (FailoverPlanner::rank; the best preselected, ineligible ones disabled with their reason),
// 3. the plan, its risks and an explicit acknowledgement of the estimated loss, 4. the run
// and its result, including what happens when the old master returns (the fence). The pages
// only show and validate; the planner decides, OperationRunner runs.
class FailoverWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { GroupPage, CandidatesPage, ReviewPage, RunPage };

    FailoverWizard(const OperationEnvironment &env, const Topology &topology, const QString &seed,
                   QWidget *parent = nullptr);
    ~FailoverWizard() override;

    const Topology &topology() const { return m_topology; }
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
    const Plan &runningPlan() const { return m_plan; }
    MasterFence *fence() const { return m_env.fence; }

    bool isRunning() const { return m_running; }
    bool hasReport() const { return m_hasReport; }
    const ExecutionReport &report() const { return m_report; }
    // Starts the reviewed plan (the run page calls it once).
    void run();

public Q_SLOTS:
    // Refused while a run is under way (the run must be seen to its end).
    void reject() override;
    // The topology follows the live one until the plan runs.
    void setTopology(const Topology &topology);

Q_SIGNALS:
    void topologyUpdated();
    void started(const Plan &plan, OperationRunner *runner);
    void stepStarted(int index, const StepRecord &record);
    void stepFinished(int index, const StepRecord &record);
    void stepProgress(int index, const QString &text);
    void finished(const ExecutionReport &report);
    void auditLogRequested(const QString &operationId);

private:
    OperationEnvironment m_env;
    Topology m_topology;
    QString m_seed;
    FailoverOptions m_options;
    Plan m_plan;
    OperationRunner *m_runner = nullptr;
    bool m_running = false;
    bool m_hasReport = false;
    ExecutionReport m_report;
};
