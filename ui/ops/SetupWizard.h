#pragma once

#include "OperationWizard.h"

#include "setup/SetupFacts.h"
#include "setup/SetupOptions.h"

#include <QPointer>

class ProfileStore;
class SetupProbe;

// Set Up Replication: 1. master and replicas, 2. preflight (SetupProbe through the run's own
// connections; each precondition with its observed value; typed consent to discard a
// replica's keys; the Doctor's findings on the nodes, never blocking), 3. security (group
// password, ACL user or keep), 4. settings with their reasons, 5. the plan (SetupPlanner) for
// review, 6. the run with a live sync row per replica, 7. what changed on each node and where
// the password went. The pages show and validate; SetupPlanner decides, OperationRunner runs.
class SetupWizard : public OperationWizard
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

    ProfileStore *profileStore() const { return m_profiles; }
    SetupOptions &options() { return m_options; }
    const SetupOptions &options() const { return m_options; }

    // Preflight: reads the facts through the run's connections (created here).
    void probe();
    const SetupFacts &facts() const { return m_facts; }
    // The plan for the current options; `placeholderPassword` lets preflight judge the nodes
    // before a password is chosen.
    Plan plan(bool placeholderPassword = false) const;

    void run() { runPlan(plan()); }

    // Where the password went once the run is verified (set by the result page).
    QString passwordFate() const { return m_passwordFate; }
    void setPasswordFate(const QString &text) { m_passwordFate = text; }

Q_SIGNALS:
    // A verified run set this password on these nodes: the window reaches them with it now.
    void passwordChanged(const QList<ConnectionProfile> &nodes);

private:
    ProfileStore *m_profiles;
    SetupOptions m_options;
    SetupFacts m_facts;
    QPointer<SetupProbe> m_probe;
    QString m_passwordFate;
};
