#include "PromoteDialog.h"

#include "HumanFormat.h"
#include "OperationSummary.h"
#include "PlanStepsView.h"

#include "ops/AuditLog.h"
#include "ops/OperationRunner.h"
#include "ops/PauseHistory.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

QLabel *wrapping(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

PromoteDialog::PromoteDialog(const OperationEnvironment &env, const Topology &topology, const QString &candidate,
                             QWidget *parent)
    : QDialog(parent)
    , m_env(env)
    , m_topology(topology)
    , m_candidate(candidate)
{
    setObjectName(QStringLiteral("promoteDialog"));
    setWindowTitle(tr("Promote %1").arg(candidate));
    setWindowModality(Qt::WindowModal);

    m_title = wrapping(QStringLiteral("promoteTitle"), this);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    m_title->setFont(bold);
    m_lag = wrapping(QStringLiteral("promoteLagLabel"), this);

    m_strategy = new QComboBox(this);
    m_strategy->setObjectName(QStringLiteral("promoteStrategyCombo"));
    using S = SwitchoverOptions::Strategy;
    m_strategy->addItem(tr("Automatic"), int(S::Automatic));
    m_strategy->addItem(tr("Coordinated (pause, drain, promote)"), int(S::Coordinated));
    m_strategy->addItem(tr("FAILOVER command (Redis 6.2+)"), int(S::FailoverCommand));
    const TopologyGroup *group = topology.groupOf(candidate);
    if (group && !group->sentinels.isEmpty())
        m_strategy->addItem(tr("Through Sentinel"), int(S::Sentinel));
    // Read once: the review quotes what earlier switchovers on this group really paused.
    if (group && m_env.audit)
        m_pastPauses = PauseHistory::forGroup(m_env.audit->read(5000), group->nodes);
    m_strategy->setToolTip(tr("Automatic: through Sentinel when sentinels watch the group, else coordinated"));
    m_timeout = new QSpinBox(this);
    m_timeout->setObjectName(QStringLiteral("promoteTimeoutSpin"));
    m_timeout->setRange(500, 60000);
    m_timeout->setSingleStep(500);
    m_timeout->setValue(SwitchoverOptions().timeoutMs);
    m_timeout->setSuffix(tr(" ms"));
    m_timeout->setToolTip(tr("Longest the candidate may take to catch up while writes are paused; "
                             "past it the plan aborts and unpauses"));
    auto *options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("Strategy"), this));
    options->addWidget(m_strategy, 1);
    options->addSpacing(12);
    options->addWidget(new QLabel(tr("Timeout"), this));
    options->addWidget(m_timeout);

    m_refusal = wrapping(QStringLiteral("promoteRefusalLabel"), this);
    m_refusal->setStyleSheet(QStringLiteral("color:#d93b3b"));
    m_risks = wrapping(QStringLiteral("promoteRisksLabel"), this);
    m_risks->setTextFormat(Qt::RichText);
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(QStringLiteral("promotePlanView"));
    m_progress = wrapping(QStringLiteral("promoteProgressLabel"), this);
    m_progress->setForegroundRole(QPalette::PlaceholderText);
    m_noReturn = wrapping(QStringLiteral("promoteNoReturnNote"), this);
    m_noReturn->setText(tr("The candidate is promoted: past this point cancelling would do more harm than "
                           "finishing, so the operation runs to the end."));
    m_noReturn->hide();
    m_result = OperationSummary::resultLabel(QStringLiteral("promoteResultLabel"), this,
                                             [this](const QString &id) { Q_EMIT auditLogRequested(id); });

    auto *buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(tr("Promote"), QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(QStringLiteral("confirmPromoteButton"));
    m_confirm->setDefault(true);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelPromoteButton"));
    connect(m_confirm, &QPushButton::clicked, this, &PromoteDialog::confirm);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_stage == Stage::Running)
            cancelRun();
        else
            done(m_stage == Stage::Done ? Accepted : Rejected);
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_lag);
    layout->addLayout(options);
    layout->addWidget(m_refusal);
    layout->addWidget(m_risks);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_noReturn);
    layout->addWidget(m_result);
    layout->addWidget(buttons);

    connect(m_strategy, &QComboBox::currentIndexChanged, this, &PromoteDialog::rebuildPlan);
    connect(m_timeout, &QSpinBox::valueChanged, this, &PromoteDialog::rebuildPlan);
    rebuildPlan();
    resize(680, sizeHint().height());
}

PromoteDialog::~PromoteDialog() = default;

SwitchoverOptions PromoteDialog::options() const
{
    SwitchoverOptions o;
    o.strategy = SwitchoverOptions::Strategy(m_strategy->currentData().toInt());
    o.timeoutMs = m_timeout->value();
    o.pastPausesMs = m_pastPauses;
    return o;
}

void PromoteDialog::setTopology(const Topology &topology)
{
    if (m_stage != Stage::Review)
        return;
    m_topology = topology;
    rebuildPlan();
}

void PromoteDialog::rebuildPlan()
{
    m_plan = SwitchoverPlanner::build(m_topology, m_candidate, options());
    updateLag();
    // Re-render only when the plan itself changed: a poll that moves the lag by a few bytes
    // must not fold the commands the user just unfolded.
    QJsonObject shown = m_plan.toJson();
    shown.remove(QStringLiteral("facts"));
    const QByteArray key = QJsonDocument(shown).toJson(QJsonDocument::Compact);
    if (key != m_shownPlan) {
        m_shownPlan = key;
        showPlan();
    }
}

void PromoteDialog::showPlan()
{
    m_title->setText(m_plan.title.isEmpty() ? tr("Promote %1 to master").arg(m_candidate) : m_plan.title);
    const bool ok = m_plan.canRun();
    m_refusal->setVisible(!ok);
    m_refusal->setText(tr("Cannot promote: %1").arg(m_plan.refusal()));
    QString risks;
    for (const QString &risk : std::as_const(m_plan.risks))
        risks += QStringLiteral("<li>") + risk.toHtmlEscaped() + QStringLiteral("</li>");
    m_risks->setText(risks.isEmpty() ? tr("No particular risk found.")
                                     : QString(tr("<b>Risks</b>") + QStringLiteral("<ul style=\"margin-left:-20px\">")
                                               + risks + QStringLiteral("</ul>")));
    m_steps->setPlan(m_plan);
    m_steps->setVisible(!m_plan.steps.isEmpty());
    m_confirm->setEnabled(ok);
    m_confirm->setToolTip(ok ? tr("Run the plan above") : m_plan.refusal());
}

void PromoteDialog::updateLag()
{
    const TopologyEdge *edge = m_topology.edgeTo(m_candidate);
    if (!edge) {
        m_lag->setText(tr("No replication link to %1 in the topology.").arg(m_candidate));
        return;
    }
    QStringList parts;
    if (edge->lagBytes)
        parts << (*edge->lagBytes == 0 ? tr("in sync with %1 (0 bytes behind)").arg(edge->master)
                                       : tr("%1 bytes (%2) behind %3")
                                             .arg(*edge->lagBytes)
                                             .arg(HumanFormat::bytes(*edge->lagBytes), edge->master));
    else
        parts << tr("lag behind %1 unknown").arg(edge->master);
    if (edge->lagSeconds)
        parts << tr("last ack %1 s ago").arg(*edge->lagSeconds);
    if (!edge->linkUp)
        parts << tr("link down");
    m_lag->setText(tr("Lag now: %1").arg(parts.join(QStringLiteral(" · "))));
}

void PromoteDialog::confirm()
{
    if (m_stage != Stage::Review || !m_plan.canRun())
        return;
    m_stage = Stage::Running;
    setWindowTitle(tr("Promoting %1…").arg(m_candidate));
    m_strategy->setEnabled(false);
    m_timeout->setEnabled(false);
    m_lag->hide();  // frozen at confirm time: the run's own numbers follow
    m_confirm->hide();
    m_cancel->setText(tr("Cancel Operation"));
    m_cancel->setToolTip(tr("Stop and undo what was done so far (until the candidate is promoted)"));
    m_steps->markPending();

    m_runner = m_env.newRunner(this);
    connect(m_runner, &OperationRunner::stepStarted, m_steps, &PlanStepsView::onStepStarted);
    connect(m_runner, &OperationRunner::stepFinished, m_steps, &PlanStepsView::onStepFinished);
    connect(m_runner, &OperationRunner::stepProgress, m_steps, &PlanStepsView::onStepProgress);
    connect(m_runner, &OperationRunner::stepStarted, this, [this](int, const StepRecord &record) {
        m_progress->setText(record.title);
    });
    connect(m_runner, &OperationRunner::stepProgress, this, [this](int, const QString &text) {
        m_progress->setText(text);
    });
    connect(m_runner, &OperationRunner::stepFinished, this, &PromoteDialog::onStepFinished);
    connect(m_runner, &OperationRunner::finished, this, &PromoteDialog::onFinished);
    Q_EMIT started(m_plan, m_runner);
    m_runner->run(m_plan);
}

void PromoteDialog::onStepFinished(int index, const StepRecord &record)
{
    if (record.compensation || record.status != StepRecord::Status::Succeeded)
        return;
    if (index >= 0 && index < m_plan.steps.size() && m_plan.steps.at(index).pointOfNoReturn) {
        m_cancel->setEnabled(false);
        m_noReturn->show();
    }
}

void PromoteDialog::cancelRun()
{
    if (!m_runner || m_stage != Stage::Running)
        return;
    m_runner->cancel();
    m_cancel->setEnabled(false);
    m_progress->setText(tr("Cancelling: undoing what was done…"));
}

void PromoteDialog::onFinished(const ExecutionReport &report)
{
    m_report = report;
    m_stage = Stage::Done;
    setWindowTitle(tr("Promote %1: %2").arg(m_candidate, OperationSummary::outcomeText(report.outcome)));
    m_progress->hide();
    m_noReturn->hide();
    m_risks->hide();
    m_refusal->hide();
    m_result->setText(OperationSummary::html(report));
    m_result->show();
    m_cancel->setEnabled(true);
    m_cancel->setText(tr("Close"));
    m_cancel->setToolTip(QString());
    m_cancel->setObjectName(QStringLiteral("closePromoteButton"));
    m_cancel->setFocus();
    Q_EMIT finished(report);
}

void PromoteDialog::reject()
{
    // Esc or the title bar's close during a run would hide a dialog the user must see end.
    if (m_stage == Stage::Running)
        return;
    QDialog::reject();
}
