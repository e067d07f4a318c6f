#pragma once

#include "OperationEnvironment.h"

#include "ops/ExecutionReport.h"
#include "ops/Plan.h"
#include "setup/SetupFacts.h"
#include "setup/SetupOptions.h"
#include "topology/Topology.h"

#include <QPointer>
#include <QWizard>

class OperationRunner;
class ProfileStore;
class SetupProbe;

// Set Up Replication: 1. master and replicas, 2. preflight (SetupProbe through the run's own
// connections; each precondition with its observed value; typed consent to discard a
// replica's keys; the Doctor's findings on the nodes, never blocking), 3. security (group
// password, ACL user or keep), 4. settings with their reasons, 5. the plan (SetupPlanner) for
// review, 6. the run with a live sync row per replica, 7. what changed on each node and where
// the password went. The pages show and validate; SetupPlanner decides, OperationRunner runs.
class SetupWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { NodesPage, PreflightPage, SecurityPage, SettingsPage, ReviewPage, RunPage, ResultPage };

    // `profiles` (may be null) keeps the group password in the keychain after a verified run.
    SetupWizard(const OperationEnvironment &env, const Topology &topology, ProfileStore *profiles,
                QWidget *parent = nullptr);
    ~SetupWizard() override;

    // Prefills page 1 (node menu "Make Replica of…", a card dropped on a master).
    void preset(const QString &master, const QStringList &replicas);

    const Topology &topology() const { return m_topology; }
    const OperationEnvironment &environment() const { return m_env; }
    ProfileStore *profileStore() const { return m_profiles; }
    SetupOptions &options() { return m_options; }
    const SetupOptions &options() const { return m_options; }
    QStringList addedNodes() const { return m_added; }

    ConnectionProfile profileFor(const QString &address) const
    {
        return m_env.profileFor ? m_env.profileFor(address) : ConnectionProfile();
    }
    // Page 1's "New connection…": the node joins the window's view and the lists.
    void addConnection(const ConnectionProfile &profile);

    // Preflight: reads the facts through the run's connections (created here).
    void probe();
    bool isProbing() const { return m_probing; }
    bool hasFacts() const { return m_hasFacts; }
    const SetupFacts &facts() const { return m_facts; }
    // The plan for the current options; `placeholderPassword` lets preflight judge the nodes
    // before a password is chosen.
    Plan plan(bool placeholderPassword = false) const;

    const Plan &runningPlan() const { return m_plan; }
    bool isRunning() const { return m_running; }
    bool hasReport() const { return m_hasReport; }
    const ExecutionReport &report() const { return m_report; }
    bool pastPointOfNoReturn() const { return m_pastNoReturn; }
    void run();

    // Where the password went once the run is verified (set by the result page).
    QString passwordFate() const { return m_passwordFate; }
    void setPasswordFate(const QString &text) { m_passwordFate = text; }

public Q_SLOTS:
    void reject() override;
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
    // A verified run set this password on these nodes: the window reaches them with it now.
    void passwordChanged(const QList<ConnectionProfile> &nodes);

private:
    OperationRunner *runner();

    OperationEnvironment m_env;
    Topology m_topology;
    ProfileStore *m_profiles;
    SetupOptions m_options;
    QStringList m_added;
    SetupFacts m_facts;
    QPointer<SetupProbe> m_probe;
    bool m_probing = false;
    bool m_hasFacts = false;
    Plan m_plan;
    OperationRunner *m_runner = nullptr;
    bool m_running = false;
    bool m_hasReport = false;
    bool m_pastNoReturn = false;
    ExecutionReport m_report;
    QString m_passwordFate;
};
