#pragma once

#include "NodeFences.h"
#include "OperationEnvironment.h"
#include "PlanRunDialog.h"

#include "ops/AuditLog.h"
#include "ops/Plan.h"
#include "topology/Topology.h"

#include <QObject>
#include <QPointer>

#include <memory>

class AuditLogView;
class DriftDialog;
class FailoverWizard;
class FenceNotifier;
class MigrateWizard;
class MainWindowActions;
class MasterFence;
class NodeContextMenu;
class NodeInspector;
class OperationProgress;
class OperationRunner;

class ProfileStore;
class PromoteDialog;
class QWidget;
class RecoveryDialog;
class SetupWizard;
class TopologyMonitor;
class TopologyScene;

// The window's operations: opens Promote, Fail over, Recover, Set Up Replication, Migrate (and its Undo), Detach and the audit log from the node
// menu, the inspector and the Operations menu; owns the window's MasterFence (fed every
// topology; mode from QSettings "operations/fenceMode", "automatic" by default) and shows its
// prompts; puts a running plan's steps on the topology cards; asks the monitor to poll at
// once when a plan ends; and at start says when the audit log shows an interrupted operation.
class OperationsController : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        QWidget *window = nullptr;
        SshSessionPool *ssh = nullptr;
        TopologyMonitor *monitor = nullptr;
        NodeContextMenu *nodeMenu = nullptr;
        NodeInspector *inspector = nullptr;
        TopologyScene *scene = nullptr;
        MainWindowActions *actions = nullptr;
        ProfileStore *profiles = nullptr;   // keeps a set-up's group password (may be null)
    };
    explicit OperationsController(const Parts &parts);
    ~OperationsController() override;

    OperationEnvironment environment() const;
    void setTransportFactory(TransportFactory factory);
    MasterFence *fence() const { return m_fence; }
    AuditLog *audit() const { return m_audit.get(); }
    OperationProgress *progress() const { return m_progress; }
    // The operations the audit log shows interrupted (checked at start and after a recovery).
    QList<QJsonObject> interrupted() const { return m_interrupted; }

    PromoteDialog *openPromote(const QString &candidate);
    FailoverWizard *openFailover(const QString &seed);
    AuditLogView *openAuditLog(const QString &operationId = QString());
    RecoveryDialog *openRecovery();
    // Set Up Replication, prefilled (any part may be empty); one at a time.
    SetupWizard *openSetup(const QString &master = QString(), const QStringList &replicas = {});
    SetupWizard *setupWizard() const;
    // Migrate to a New Server, the source prefilled (may be empty); one at a time.
    MigrateWizard *openMigrate(const QString &source = QString());
    MigrateWizard *migrateWizard() const;
    // Undo Migration: the last migration's source, while it follows its target, is promoted
    // back through the Promote dialog (the same switchover as Promote). Null when not possible.
    PromoteDialog *undoMigration();
    // The last migration that succeeded (kept in QSettings "operations/lastMigration*").
    QString lastMigrationSource() const { return m_migratedSource; }
    QString lastMigrationTarget() const { return m_migratedTarget; }
    static bool canUndoMigration(const Topology &topology, const QString &source, const QString &target);
    // Detach: the replica becomes a standalone master (DetachPlanner, reviewed in a PlanRunDialog).
    PlanRunDialog *openDetach(const QString &node);
    // "Apply to Group…" of a config drift anomaly on the group of `node`.
    DriftDialog *openApplyToGroup(const QString &node);
    DriftDialog *driftDialog() const;
    // "Fence now" and "Refuse writes without replicas" (SafetyDialogs), one at a time.
    PlanRunDialog *openPlanDialog(PlanRunDialog *dialog, const QString &node);
    PlanRunDialog *planDialog() const { return m_planDialog; }
    PromoteDialog *promoteDialog() const;
    FailoverWizard *failoverWizard() const;

    static bool canPromote(const Topology &topology, const QString &address);
    static bool canFailOver(const Topology &topology, const QString &address);

Q_SIGNALS:
    // For the status bar (timeout 0 = until replaced).
    void message(const QString &text, int timeoutMs);
    void eventsOccurred(const QList<TopologyEvent> &events);
    // What the fence holds, after each topology: the views say "fenced" from this copy.
    void fencesChanged(const NodeFences &fences);

private:
    void onTopology(const Topology &topology);
    void updateActions();
    void checkInterrupted();
    void onRunStarted(const Plan &plan, OperationRunner *runner, const QString &candidate);
    void placeBesideTopology(QWidget *dialog) const;
    void logEvent(const QString &node, const QString &text, bool warning);

    Parts m_parts;
    std::unique_ptr<AuditLog> m_audit;
    NodeClients *m_fenceClients;
    MasterFence *m_fence;
    FenceNotifier *m_notifier;
    OperationProgress *m_progress;
    TransportFactory m_transport;
    Topology m_topology;
    QList<QJsonObject> m_interrupted;
    QPointer<PromoteDialog> m_promote;
    QPointer<FailoverWizard> m_failover;
    QPointer<AuditLogView> m_auditView;
    QPointer<RecoveryDialog> m_recovery;
    QPointer<SetupWizard> m_setup;
    QPointer<MigrateWizard> m_migrate;
    QString m_migratedSource;
    QString m_migratedTarget;
    QPointer<DriftDialog> m_drift;
    NodeFences m_fences;
    QPointer<PlanRunDialog> m_planDialog;
};
