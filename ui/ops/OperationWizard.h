#pragma once

#include "OperationEnvironment.h"

#include "ops/ExecutionReport.h"
#include "ops/Plan.h"
#include "topology/Topology.h"

#include <QWizard>

class OperationRunner;

// What the wizards that end in one reviewed plan share (Set Up Replication, Migrate): the
// window's environment and the topology (followed until the run), nodes joined through "New
// connection…", one runner (its connections also serve the wizard's probe), the run with the
// point of no return tracked, and Cancel that asks a run to stop instead of closing.
class OperationWizard : public QWizard
{
    Q_OBJECT
public:
    OperationWizard(const OperationEnvironment &env, const Topology &topology, QWidget *parent = nullptr);

    const Topology &topology() const { return m_topology; }
    const OperationEnvironment &environment() const { return m_env; }
    ConnectionProfile profileFor(const QString &address) const
    {
        return m_env.profileFor ? m_env.profileFor(address) : ConnectionProfile();
    }
    QStringList addedNodes() const { return m_added; }
    // A node joined through "New connection…": it joins the window's view and the lists.
    void addConnection(const ConnectionProfile &profile);

    // Preflight's read of the nodes (the wizard's probe, on the runner's connections).
    bool isProbing() const { return m_probing; }
    bool hasFacts() const { return m_hasFacts; }

    const Plan &runningPlan() const { return m_plan; }
    bool isRunning() const { return m_running; }
    bool hasReport() const { return m_hasReport; }
    const ExecutionReport &report() const { return m_report; }
    bool pastPointOfNoReturn() const { return m_pastNoReturn; }
    // Asks the run to stop (the compensations put the nodes back); false when nothing runs or
    // the run is past the point of no return.
    bool cancelRun();

public Q_SLOTS:
    // The run page stays until the run ends: Cancel asks the run to stop.
    void reject() override;
    // Ignored once the plan runs.
    void setTopology(const Topology &topology);

Q_SIGNALS:
    void topologyUpdated();
    void connectionAdded(const ConnectionProfile &profile);
    void probeProgress(const QString &text);
    void probeFinished();
    void started(const Plan &plan, OperationRunner *runner);
    void stepStarted(int index, const StepRecord &record);
    void stepFinished(int index, const StepRecord &record);
    void stepProgress(int index, const QString &text);
    void finished(const ExecutionReport &report);
    void auditLogRequested(const QString &operationId);

protected:
    OperationRunner *runner();
    // Runs `plan` once (the run page calls it through the wizard's run()).
    void runPlan(const Plan &plan);
    // A probe may start (none under way, no run under way or done): true, and it is under way.
    bool beginProbe();
    // The probe's facts are stored: preflight may judge them.
    void endProbe();
    bool idle() const { return !m_running && !m_hasReport; }

private:
    OperationEnvironment m_env;
    Topology m_topology;
    QStringList m_added;
    Plan m_plan;
    OperationRunner *m_runner = nullptr;
    bool m_probing = false;
    bool m_hasFacts = false;
    bool m_running = false;
    bool m_hasReport = false;
    bool m_pastNoReturn = false;
    ExecutionReport m_report;
};
