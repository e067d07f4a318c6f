#include "OperationsController.h"

#include "AuditLogModel.h"
#include "AuditLogView.h"
#include "DriftDialog.h"
#include "FailoverWizard.h"
#include "FenceNotifier.h"
#include "MigrateWizard.h"
#include "MainWindowActions.h"
#include "NodeContextMenu.h"
#include "OperationProgress.h"
#include "OperationSummary.h"
#include "PromoteDialog.h"
#include "PlanRunDialog.h"
#include "RecoveryDialog.h"
#include "SafetyDialogs.h"
#include "SetupWizard.h"
#include "doctor/HealthCheckDialog.h"
#include "doctor/LogView.h"
#include "inspector/NodeInspector.h"

#include "ops/MasterFence.h"
#include "ops/OperationRunner.h"
#include "setup/DetachPlanner.h"
#include "topology/TopologyMonitor.h"
#include "topology/TopologyScene.h"

#include <QAction>
#include <QSettings>
#include <QTimer>
#include <QWidget>

OperationsController::OperationsController(const Parts &parts)
    : QObject(parts.window)
    , m_parts(parts)
    , m_audit(std::make_unique<AuditLog>(AuditLog::defaultPath()))
{
    // The window deletes its monitor before its children: never follow a dangling pointer.
    QPointer<TopologyMonitor> monitor = parts.monitor;
    auto profileFor = [monitor](const QString &address) {
        return monitor ? monitor->profileFor(address) : ConnectionProfile();
    };
    m_fenceClients = new NodeClients(parts.ssh, profileFor, this);
    m_fence = new MasterFence(m_fenceClients, MasterFence::defaultPath(), this, m_audit.get());
    const QString mode = QSettings().value(QStringLiteral("operations/fenceMode"), QStringLiteral("automatic")).toString();
    m_fence->setMode(mode == QLatin1String("prompt") ? MasterFence::Mode::Prompt : MasterFence::Mode::Automatic);
    parts.actions->askBeforeFencing()->setChecked(m_fence->mode() == MasterFence::Mode::Prompt);
    connect(parts.actions->askBeforeFencing(), &QAction::toggled, this, [this](bool ask) {
        m_fence->setMode(ask ? MasterFence::Mode::Prompt : MasterFence::Mode::Automatic);
        QSettings().setValue(QStringLiteral("operations/fenceMode"), ask ? QStringLiteral("prompt") : QStringLiteral("automatic"));
    });
    m_notifier = new FenceNotifier(m_fence, parts.window);
    connect(m_notifier, &FenceNotifier::message, this, [this](const QString &node, const QString &text, bool warning) {
        Q_EMIT message(text, warning ? 0 : 10000);
        logEvent(node, text, warning);
    });
    // The fence's REPLICAOF is a planned role change, not news for a Warning.
    connect(m_fence, &MasterFence::demoted, this, [monitor](const QString &oldMaster) {
        if (monitor)
            monitor->expectRoleChanges({oldMaster}, tr("fence after a failover"), 15000);
    });
    m_progress = new OperationProgress(parts.scene, this);

    connect(monitor, &TopologyMonitor::topologyChanged, this, &OperationsController::onTopology);
    connect(parts.nodeMenu, &NodeContextMenu::targetChanged, this, &OperationsController::updateActions);
    connect(parts.nodeMenu, &NodeContextMenu::promoteRequested, this, [this](const QString &a) { openPromote(a); });
    connect(parts.nodeMenu, &NodeContextMenu::failoverRequested, this, [this](const QString &a) { openFailover(a); });
    connect(parts.nodeMenu, &NodeContextMenu::fenceNowRequested, this, [this](const QString &a) {
        openPlanDialog(SafetyDialogs::fenceNow(environment(), m_topology, a, m_parts.window), a);
    });
    connect(parts.nodeMenu, &NodeContextMenu::minReplicasRequested, this, [this](const QString &a) {
        openPlanDialog(SafetyDialogs::minReplicas(environment(), m_topology, a, m_parts.window), a);
    });
    connect(parts.nodeMenu, &NodeContextMenu::healthCheckRequested, this, [this](const QString &a) {
        auto *d = new HealthCheckDialog(environment(), a, [this, a](PlanRunDialog *p) { openPlanDialog(p, a); }, m_parts.window);
        d->setAttribute(Qt::WA_DeleteOnClose);
        d->show();
    });
    connect(parts.nodeMenu, &NodeContextMenu::logViewRequested, this, [this](const QString &a) {
        auto *v = new LogView(environment(), a, m_parts.window);
        v->setAttribute(Qt::WA_DeleteOnClose);
        v->show();
    });
    connect(parts.nodeMenu, &NodeContextMenu::makeReplicaRequested, this, [this](const QString &a) {
        openSetup(QString(), {a});
    });
    connect(parts.nodeMenu, &NodeContextMenu::detachRequested, this, [this](const QString &a) { openDetach(a); });
    connect(parts.scene, &TopologyScene::nodeDropped, this, [this](const QString &replica, const QString &master) {
        openSetup(master, {replica});
    });
    connect(parts.actions->setupReplication(), &QAction::triggered, this, [this] {
        const QString target = m_parts.nodeMenu->target();
        openSetup(target, {});
    });
    connect(parts.inspector, &NodeInspector::promoteRequested, this, [this](const QString &a) { openPromote(a); });
    connect(parts.inspector, &NodeInspector::failoverRequested, this, [this](const QString &a) { openFailover(a); });
    connect(parts.inspector, &NodeInspector::applyToGroupRequested, this, [this](const QString &a) { openApplyToGroup(a); });
    connect(parts.nodeMenu, &NodeContextMenu::migrateRequested, this, [this](const QString &a) { openMigrate(a); });
    connect(parts.actions->migrate(), &QAction::triggered, this, [this] {
        const QString target = m_parts.nodeMenu->target();
        openMigrate(m_parts.nodeMenu->migrateAction()->isEnabled() ? target : QString());
    });
    connect(parts.actions->undoMigration(), &QAction::triggered, this, [this] { undoMigration(); });
    m_migratedSource = QSettings().value(QStringLiteral("operations/lastMigrationSource")).toString();
    m_migratedTarget = QSettings().value(QStringLiteral("operations/lastMigrationTarget")).toString();
    connect(parts.actions->auditLog(), &QAction::triggered, this, [this] { openAuditLog(); });
    connect(parts.actions->recover(), &QAction::triggered, this, [this] { openRecovery(); });
    updateActions();
    // After the window connected message(): the warning must reach the status bar.
    QTimer::singleShot(0, this, &OperationsController::checkInterrupted);
}

OperationsController::~OperationsController()
{
    delete m_auditView;  // not a child of the window (see openAuditLog)
}

PromoteDialog *OperationsController::promoteDialog() const
{
    return m_promote;
}

FailoverWizard *OperationsController::failoverWizard() const
{
    return m_failover;
}

OperationEnvironment OperationsController::environment() const
{
    OperationEnvironment env;
    env.ssh = m_parts.ssh;
    QPointer<TopologyMonitor> monitor = m_parts.monitor;
    env.profileFor = [monitor](const QString &address) {
        return monitor ? monitor->profileFor(address) : ConnectionProfile();
    };
    env.audit = m_audit.get();
    env.fence = m_fence;
    env.transport = m_transport;
    return env;
}

void OperationsController::setTransportFactory(TransportFactory factory)
{
    m_transport = factory;
    m_fenceClients->setTransportFactory(std::move(factory));
}

bool OperationsController::canPromote(const Topology &topology, const QString &address)
{
    const TopologyNode *node = topology.node(address);
    if (!node || !node->isUp())
        return false;
    const NodeSnapshot::Role role = node->hasSnapshot ? node->snapshot.role : node->role;
    return role == NodeSnapshot::Role::Replica;
}

bool OperationsController::canFailOver(const Topology &topology, const QString &address)
{
    const TopologyGroup *group = topology.groupOf(address);
    if (!group || group->master.isEmpty() || group->nodes.size() < 2)
        return false;
    const TopologyNode *master = topology.node(group->master);
    return !master || !master->isUp();
}

void OperationsController::onTopology(const Topology &topology)
{
    m_topology = topology;
    m_fence->observe(topology);
    NodeFences fences;
    for (const MasterFence::Entry &e : m_fence->entries())
        fences.insert(e.oldMaster, {e.newMaster, e.since});
    if (!(fences == m_fences)) {
        m_fences = fences;
        m_parts.scene->setFences(fences);
        m_parts.inspector->setFences(fences);
        Q_EMIT fencesChanged(fences);
    }
    if (m_drift)
        m_drift->setTopology(topology);
    if (m_promote)
        m_promote->setTopology(topology);
    if (m_failover)
        m_failover->setTopology(topology);
    if (m_recovery)
        m_recovery->setTopology(topology);
    if (m_setup)
        m_setup->setTopology(topology);
    if (m_migrate)
        m_migrate->setTopology(topology);
    updateActions();
}

void OperationsController::updateActions()
{
    const QString target = m_parts.nodeMenu->target();
    m_parts.nodeMenu->setOperationsEnabled(canPromote(m_topology, target), canFailOver(m_topology, target));
    m_parts.nodeMenu->setFenceNowEnabled(SafetyDialogs::canFenceNow(environment(), m_topology, target));
    m_parts.nodeMenu->setDetachEnabled(canPromote(m_topology, target));  // a replica that answers
    m_parts.inspector->setPromoteEnabled(canPromote(m_topology, target));  // the inspector shows the target
    m_parts.actions->recover()->setEnabled(!m_interrupted.isEmpty());
    const TopologyNode *node = m_topology.node(target);
    const bool master = node && node->isUp() && !node->placeholder
        && (node->hasSnapshot ? node->snapshot.role : node->role) == NodeSnapshot::Role::Master;
    m_parts.nodeMenu->setMigrateEnabled(master);
    m_parts.actions->undoMigration()->setEnabled(canUndoMigration(m_topology, m_migratedSource, m_migratedTarget));
}

void OperationsController::checkInterrupted()
{
    m_interrupted = m_audit->unfinished();
    updateActions();
    if (m_interrupted.isEmpty())
        return;
    const QJsonObject last = m_interrupted.constLast();
    const QString title = last.value(QStringLiteral("plan")).toObject().value(QStringLiteral("title")).toString();
    const QString text = tr("An operation was interrupted: %1 (started %2). The group may be half-way; "
                            "Operations ▸ Recover shows what happened and finishes the job.")
                             .arg(title, AuditLogModel::localTime(last.value(QStringLiteral("ts")).toString()));
    Q_EMIT message(text, 0);
    logEvent(last.value(QStringLiteral("plan")).toObject().value(QStringLiteral("group")).toString(), text, true);
}

void OperationsController::placeBesideTopology(QWidget *dialog) const
{
    // Centred, a dialog hides the cards that show the run's progress: keep it to the right.
    const QRect frame = m_parts.window->frameGeometry();
    const int x = qMax(frame.left(), frame.right() - dialog->width() - 16);
    dialog->move(x, frame.top() + qMax(0, (frame.height() - dialog->height()) / 4));
}

void OperationsController::logEvent(const QString &node, const QString &text, bool warning)
{
    TopologyEvent event;
    event.kind = TopologyEvent::Kind::RoleChanged;
    event.at = QDateTime::currentDateTimeUtc();
    event.node = node;
    event.message = text;
    event.severity = warning ? Anomaly::Severity::Warning : Anomaly::Severity::Info;
    Q_EMIT eventsOccurred({event});
}

void OperationsController::onRunStarted(const Plan &plan, OperationRunner *runner, const QString &candidate)
{
    m_progress->track(plan, runner, candidate);
    // Every node of the group may change role: those changes are the plan's, logged as such,
    // while it runs and for the polls that follow it.
    const TopologyGroup *group = m_topology.groupOf(plan.group.isEmpty() ? candidate : plan.group);
    const QStringList nodes = group ? group->nodes : QStringList{candidate};
    m_parts.monitor->expectRoleChanges(nodes, plan.title, 10 * 60 * 1000);
    Q_EMIT message(tr("Running: %1").arg(plan.title), 0);
    connect(runner, &OperationRunner::finished, this, [this, nodes, title = plan.title](const ExecutionReport &report) {
        // Roles just changed: show them now rather than at the next poll.
        m_parts.monitor->expectRoleChanges(nodes, title, 15000);
        m_parts.monitor->pollNow();
        const QString pause = OperationSummary::writePause(report);
        Q_EMIT message(pause.isEmpty() ? tr("%1: %2").arg(report.title, report.message)
                                       : tr("%1: %2 (%3)").arg(report.title, OperationSummary::outcomeText(report.outcome), pause),
                       15000);
        logEvent(report.finalStates.isEmpty() ? QString() : report.finalStates.first().address,
                 tr("%1 — %2 (audit %3)").arg(report.title, report.message, report.operationId), !report.ok());
        if (m_auditView)
            m_auditView->refresh();
    });
}

PromoteDialog *OperationsController::openPromote(const QString &candidate)
{
    if (candidate.isEmpty())
        return nullptr;
    if (m_promote && m_promote->stage() == PromoteDialog::Stage::Running) {
        m_promote->raise();  // one switchover at a time
        return m_promote;
    }
    if (m_promote)
        m_promote->close();
    m_promote = new PromoteDialog(environment(), m_parts.monitor->topology(), candidate, m_parts.window);
    m_promote->setAttribute(Qt::WA_DeleteOnClose);
    PromoteDialog *dialog = m_promote;
    connect(dialog, &PromoteDialog::started, this, [this, dialog](const Plan &plan, OperationRunner *runner) {
        onRunStarted(plan, runner, dialog->candidate());
    });
    connect(dialog, &PromoteDialog::auditLogRequested, this, [this](const QString &id) { openAuditLog(id); });
    placeBesideTopology(dialog);
    dialog->open();
    return dialog;
}

FailoverWizard *OperationsController::openFailover(const QString &seed)
{
    if (seed.isEmpty())
        return nullptr;
    if (m_failover) {
        m_failover->raise();
        m_failover->activateWindow();
        return m_failover;
    }
    m_failover = new FailoverWizard(environment(), m_parts.monitor->topology(), seed, m_parts.window);
    m_failover->setAttribute(Qt::WA_DeleteOnClose);
    m_failover->setWindowModality(Qt::WindowModal);
    FailoverWizard *wizard = m_failover;
    connect(wizard, &FailoverWizard::started, this, [this, wizard](const Plan &plan, OperationRunner *runner) {
        onRunStarted(plan, runner, wizard->candidate().isEmpty()
                                       ? plan.facts.value(QStringLiteral("candidate")).toString()
                                       : wizard->candidate());
    });
    connect(wizard, &FailoverWizard::auditLogRequested, this, [this](const QString &id) { openAuditLog(id); });
    placeBesideTopology(wizard);
    wizard->open();
    return wizard;
}

AuditLogView *OperationsController::openAuditLog(const QString &operationId)
{
    if (!m_auditView) {
        // Top-level without a parent: a window-modal Promote dialog (whose result links here)
        // blocks every window the main window owns.
        m_auditView = new AuditLogView(m_audit->path());
        m_auditView->setAttribute(Qt::WA_DeleteOnClose);
    } else {
        m_auditView->refresh();
    }
    if (!operationId.isEmpty())
        m_auditView->selectOperation(operationId);
    m_auditView->show();
    m_auditView->raise();
    m_auditView->activateWindow();
    return m_auditView;
}

DriftDialog *OperationsController::driftDialog() const
{
    return m_drift;
}

DriftDialog *OperationsController::openApplyToGroup(const QString &node)
{
    if (m_drift) {
        m_drift->raise();
        return m_drift;
    }
    m_drift = new DriftDialog(environment(), m_parts.monitor->topology(), node, m_parts.window);
    m_drift->setAttribute(Qt::WA_DeleteOnClose);
    DriftDialog *dialog = m_drift;
    connect(dialog, &DriftDialog::started, this, [this](const Plan &plan, OperationRunner *runner) {
        m_progress->track(plan, runner, QString());
        Q_EMIT message(tr("Running: %1").arg(plan.title), 0);
    });
    connect(dialog, &DriftDialog::planFinished, this, [this](const ExecutionReport &report) {
        m_parts.monitor->pollNow();  // INFO shows the new maxmemory-policy: settings are read again
        Q_EMIT message(report.message, 15000);
        logEvent(report.finalStates.isEmpty() ? QString() : report.finalStates.first().address,
                 tr("%1 — %2 (audit %3)").arg(report.title, report.message, report.operationId), !report.ok());
        if (m_auditView)
            m_auditView->refresh();
    });
    connect(dialog, &DriftDialog::auditLogRequested, this, [this](const QString &id) { openAuditLog(id); });
    placeBesideTopology(dialog);
    dialog->open();
    return dialog;
}

RecoveryDialog *OperationsController::openRecovery()
{
    if (m_recovery) {
        m_recovery->raise();
        return m_recovery;
    }
    m_recovery = new RecoveryDialog(environment(), m_parts.monitor->topology(), m_parts.window);
    m_recovery->setAttribute(Qt::WA_DeleteOnClose);
    m_recovery->setWindowModality(Qt::WindowModal);
    RecoveryDialog *dialog = m_recovery;
    connect(dialog, &RecoveryDialog::started, this, [this, dialog](const Plan &plan, OperationRunner *runner) {
        onRunStarted(plan, runner, plan.facts.value(QStringLiteral("candidate")).toString());
    });
    connect(dialog, &RecoveryDialog::recovered, this, [this] {
        checkInterrupted();
        if (m_interrupted.isEmpty())
            Q_EMIT message(tr("The interrupted operation is dealt with."), 10000);
    });
    connect(dialog, &RecoveryDialog::auditLogRequested, this, [this](const QString &id) { openAuditLog(id); });
    dialog->open();
    return dialog;
}

PlanRunDialog *OperationsController::openPlanDialog(PlanRunDialog *dialog, const QString &node)
{
    if (m_planDialog && m_planDialog->isRunning()) {
        delete dialog;
        m_planDialog->raise();
        return m_planDialog;
    }
    if (m_planDialog)
        m_planDialog->close();
    m_planDialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PlanRunDialog::started, this, [this, node](const Plan &plan, OperationRunner *runner) {
        onRunStarted(plan, runner, node);
    });
    connect(dialog, &PlanRunDialog::auditLogRequested, this, [this](const QString &id) { openAuditLog(id); });
    placeBesideTopology(dialog);
    dialog->show();
    return dialog;
}

SetupWizard *OperationsController::setupWizard() const
{
    return m_setup;
}

SetupWizard *OperationsController::openSetup(const QString &master, const QStringList &replicas)
{
    if (m_setup) {
        if (!m_setup->isRunning() && !m_setup->hasReport() && m_setup->currentId() == SetupWizard::NodesPage)
            m_setup->preset(master, replicas);
        m_setup->raise();
        m_setup->activateWindow();
        return m_setup;
    }
    m_setup = new SetupWizard(environment(), m_parts.monitor->topology(), m_parts.profiles, m_parts.window);
    m_setup->setAttribute(Qt::WA_DeleteOnClose);
    m_setup->setWindowModality(Qt::WindowModal);
    m_setup->preset(master, replicas);
    SetupWizard *wizard = m_setup;
    connect(wizard, &SetupWizard::connectionAdded, m_parts.monitor, &TopologyMonitor::addSeed);
    connect(wizard, &SetupWizard::started, this, [this](const Plan &plan, OperationRunner *runner) {
        onRunStarted(plan, runner, plan.group);
        m_parts.monitor->expectRoleChanges(plan.nodes, plan.title, 10 * 60 * 1000);
    });
    connect(wizard, &SetupWizard::passwordChanged, this, [this](const QList<ConnectionProfile> &nodes) {
        for (const ConnectionProfile &p : nodes)
            m_parts.monitor->setPassword(p.address(), p.password);
    });
    connect(wizard, &SetupWizard::auditLogRequested, this, [this](const QString &id) { openAuditLog(id); });
    placeBesideTopology(wizard);
    wizard->open();
    return wizard;
}

PlanRunDialog *OperationsController::openDetach(const QString &node)
{
    if (node.isEmpty())
        return nullptr;
    // What the detach planner needs, as the window's last poll of the node saw it.
    DetachPlanner::Facts facts;
    QString address = node;
    if (const TopologyNode *n = m_topology.node(node)) {
        address = n->address;
        facts.answered = n->isUp();
        facts.error = n->error;
        facts.role = NodeSnapshot::roleName(n->hasSnapshot ? n->snapshot.role : n->role);
        facts.masterAddress = n->masterAddress;
        facts.configFile = n->snapshot.configFile;
    } else {
        facts.error = tr("not in view");
    }
    auto *dialog = new PlanRunDialog(environment(), [address, facts] { return DetachPlanner::build(address, facts); },
                                     m_parts.window);
    dialog->setObjectName(QStringLiteral("detachDialog"));
    return openPlanDialog(dialog, node);
}

MigrateWizard *OperationsController::migrateWizard() const
{
    return m_migrate;
}

MigrateWizard *OperationsController::openMigrate(const QString &source)
{
    if (m_migrate) {
        if (!m_migrate->isRunning() && !m_migrate->hasReport() && m_migrate->currentId() == MigrateWizard::NodesPage
            && !source.isEmpty())
            m_migrate->preset(source);
        m_migrate->raise();
        m_migrate->activateWindow();
        return m_migrate;
    }
    m_migrate = new MigrateWizard(environment(), m_parts.monitor->topology(), m_parts.window);
    m_migrate->setAttribute(Qt::WA_DeleteOnClose);
    m_migrate->setWindowModality(Qt::WindowModal);
    m_migrate->preset(source);
    MigrateWizard *wizard = m_migrate;
    connect(wizard, &MigrateWizard::connectionAdded, m_parts.monitor, &TopologyMonitor::addSeed);
    connect(wizard, &MigrateWizard::started, this, [this](const Plan &plan, OperationRunner *runner) {
        onRunStarted(plan, runner, plan.group);
        m_parts.monitor->expectRoleChanges(plan.nodes, plan.title, 10 * 60 * 1000);
    });
    connect(wizard, &MigrateWizard::finished, this, [this, wizard](const ExecutionReport &report) {
        if (!report.ok())
            return;
        m_migratedSource = wizard->options().source;
        m_migratedTarget = wizard->options().target;
        QSettings().setValue(QStringLiteral("operations/lastMigrationSource"), m_migratedSource);
        QSettings().setValue(QStringLiteral("operations/lastMigrationTarget"), m_migratedTarget);
        updateActions();
    });
    connect(wizard, &MigrateWizard::undoRequested, this, [this, wizard] {
        wizard->accept();  // window-modal: the Promote dialog must not open behind it
        undoMigration();
    });
    connect(wizard, &MigrateWizard::auditLogRequested, this, [this](const QString &id) { openAuditLog(id); });
    placeBesideTopology(wizard);
    wizard->open();
    return wizard;
}

bool OperationsController::canUndoMigration(const Topology &topology, const QString &source, const QString &target)
{
    if (source.isEmpty() || target.isEmpty() || !canPromote(topology, source))
        return false;
    const TopologyNode *node = topology.node(source);
    const TopologyNode *master = topology.node(node->masterAddress);
    return node->masterAddress == target || (master && (master->address == target || master->aliases.contains(target)));
}

PromoteDialog *OperationsController::undoMigration()
{
    if (!canUndoMigration(m_topology, m_migratedSource, m_migratedTarget)) {
        Q_EMIT message(tr("Undo Migration: %1 does not follow %2 now").arg(m_migratedSource, m_migratedTarget), 10000);
        return nullptr;
    }
    return openPromote(m_migratedSource);
}
