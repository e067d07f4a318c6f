#pragma once

#include "OperationWizard.h"

#include "migrate/MigrateFacts.h"
#include "migrate/MigrateOptions.h"

#include <QPointer>

class MigrateProbe;

// Migrate to a New Server: 1. the source master and the target (a node in view outside the
// source's group, or a new connection), how to verify, the replicas, what an abort leaves;
// 2. preflight (MigrateProbe through the run's own connections; each precondition with its
// observed value; the clients on the source; typed consent to discard the target's keys);
// 3. the plan (MigratePlanner) for review; 4. the run with the sync and verify progress and an
// Abort until the point of no return; 5. each node's outcome, the write pause, the clients to
// repoint and the writes still reaching the old server, with Undo Migration. The credentials
// come from the nodes' connection profiles, into the plan only, never shown.
class MigrateWizard : public OperationWizard
{
    Q_OBJECT
public:
    enum PageId { NodesPage, PreflightPage, ReviewPage, RunPage, ResultPage };

    MigrateWizard(const OperationEnvironment &env, const Topology &topology, QWidget *parent = nullptr);
    ~MigrateWizard() override;

    // Prefills the source (a master's node menu).
    void preset(const QString &source);

    MigrateOptions &options() { return m_options; }
    const MigrateOptions &options() const { return m_options; }

    void probe();
    const MigrateFacts &facts() const { return m_facts; }
    // The plan for the current options, the credentials taken from the connection profiles.
    Plan plan() const;
    void run() { runPlan(plan()); }

Q_SIGNALS:
    // The result page's Undo Migration: the source takes the master role back.
    void undoRequested(const QString &source);

private:
    MigrateOptions withCredentials() const;

    MigrateOptions m_options;
    MigrateFacts m_facts;
    QPointer<MigrateProbe> m_probe;
};
