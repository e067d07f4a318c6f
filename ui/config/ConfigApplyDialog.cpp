#include "ConfigApplyDialog.h"

#include "config/LiveConfigReader.h"
#include "config/ConfigDiff.h"
#include "config/LiveConfig.h"
#include "ops/LiveConfigPlanner.h"
#include "ops/PlanStepsView.h"
#include "ops/RemoteConfigPlanner.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

const QString ConfigApplyDialog::kRestartCommandKey = QStringLiteral("configEditor/restartCommand");

namespace {

QString sideText(const ConfigDifference::Side &side)
{
    if (!side.present)
        return ConfigApplyDialog::tr("(not set: default)");
    return QString::fromUtf8(QByteArrayList(side.values.cbegin(), side.values.cend()).join("; "));
}

QLabel *noteLabel(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ConfigApplyDialog::ConfigApplyDialog(const Request &request, SshSessionPool *ssh, AuditLog *audit, QWidget *parent)
    : QDialog(parent)
    , m_request(request)
    , m_ssh(ssh)
    , m_desired(ConfigDocument::parse(request.desired, request.source.path))
    , m_runner(new ConfigApplyRunner(ssh, audit, nodeProfile(), this))
{
    setObjectName(QStringLiteral("configApplyDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowModality(Qt::WindowModal);
    setWindowTitle(tr("Apply configuration"));
    buildUi();
    connect(m_runner, &ConfigApplyRunner::stepStarted, m_planView, &PlanStepsView::onStepStarted);
    connect(m_runner, &ConfigApplyRunner::stepFinished, m_planView, &PlanStepsView::onStepFinished);
    connect(m_runner, &ConfigApplyRunner::stepProgress, m_planView, &PlanStepsView::onStepProgress);
    connect(m_runner, &ConfigApplyRunner::stepFinished, this, [this](int, const StepRecord &r) {
        appendProgress(QStringLiteral("%1: %2%3").arg(r.title, StepRecord::statusName(r.status),
                                                       r.message.isEmpty() ? QString() : QString(QStringLiteral(" — ") + r.message)));
    });
    connect(m_runner, &ConfigApplyRunner::finished, this, &ConfigApplyDialog::onFinished);
    resize(760, 600);
}

void ConfigApplyDialog::setTransportFactory(TransportFactory factory)
{
    m_factory = factory;
    m_runner->setTransportFactory(std::move(factory));
}

ConnectionProfile ConfigApplyDialog::nodeProfile() const
{
    const ConfigSource &src = m_request.source;
    if (src.kind == ConfigSource::Kind::LiveNode || (src.kind == ConfigSource::Kind::RemoteFile && src.hasNode))
        return src.node;
    return {};
}

void ConfigApplyDialog::buildUi()
{
    const ConfigSource &src = m_request.source;
    m_target = noteLabel(QStringLiteral("applyTargetLabel"));
    QFont bold = m_target->font();
    bold.setBold(true);
    m_target->setFont(bold);
    switch (src.kind) {
    case ConfigSource::Kind::LocalFile:
        m_target->setText(tr("Save %1").arg(src.describe()));
        break;
    case ConfigSource::Kind::RemoteFile:
        m_target->setText(tr("Write %1 on %2 over SSH").arg(src.path, ConfigSource::sshTarget(src.ssh)));
        break;
    case ConfigSource::Kind::LiveNode:
        m_target->setText(tr("Change the running configuration of %1").arg(src.node.displayName()));
        break;
    }
    m_status = noteLabel(QStringLiteral("applyStatusLabel"));

    m_table = new QTableWidget(0, 3);
    m_table->setObjectName(QStringLiteral("applyDiffTable"));
    m_table->setHorizontalHeaderLabels({tr("Directive"), tr("Before"), tr("After")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);

    // The review widget every operation uses: the steps with their exact (masked) commands.
    m_planView = new PlanStepsView;
    m_planView->setObjectName(QStringLiteral("applyPlanView"));
    m_planView->setVisible(src.kind != ConfigSource::Kind::LocalFile);
    m_checks = noteLabel(QStringLiteral("applyChecksLabel"));
    m_checks->setTextFormat(Qt::PlainText);
    m_checks->setVisible(src.kind != ConfigSource::Kind::LocalFile);

    m_backupNote = noteLabel(QStringLiteral("backupNote"));
    m_restart = new QCheckBox(tr("Restart Redis after writing"));
    m_restart->setObjectName(QStringLiteral("restartCheck"));
    m_restartCommand = new QLineEdit(
        QSettings().value(kRestartCommandKey, RemoteConfigOptions::defaultRestartCommand()).toString());
    m_restartCommand->setObjectName(QStringLiteral("restartCommandEdit"));
    m_restartCommand->setEnabled(false);
    connect(m_restart, &QCheckBox::toggled, m_restartCommand, &QWidget::setEnabled);
    connect(m_restart, &QCheckBox::toggled, this, &ConfigApplyDialog::rebuildRemotePlan);
    connect(m_restartCommand, &QLineEdit::textChanged, this, &ConfigApplyDialog::rebuildRemotePlan);
    m_healthNote = noteLabel(QStringLiteral("healthNote"));
    auto *remoteBox = new QWidget;
    auto *remoteLayout = new QFormLayout(remoteBox);
    remoteLayout->setContentsMargins(0, 0, 0, 0);
    remoteLayout->addRow(m_backupNote);
    remoteLayout->addRow(m_restart, m_restartCommand);
    remoteLayout->addRow(m_healthNote);
    remoteBox->setVisible(src.kind == ConfigSource::Kind::RemoteFile);
    if (src.kind == ConfigSource::Kind::RemoteFile) {
        m_backupNote->setText(tr("A backup of the current file will be kept next to it (%1.tandem-backup-…). "
                                 "The write is refused if the file changed since it was opened.")
                                  .arg(src.path));
        m_healthNote->setText(src.hasNode
                                  ? tr("Afterwards %1 is checked: it must answer PING, and the settings of the "
                                       "file are compared with the running ones (without a restart, changes "
                                       "that need one are reported as waiting).").arg(src.node.address())
                                  : tr("No node is known for this file: no health check afterwards."));
    }

    m_errors = noteLabel(QStringLiteral("applyErrorsLabel"));
    m_override = new QCheckBox;
    m_override->setObjectName(QStringLiteral("overrideErrorsCheck"));
    const int errors = m_request.errorCount;
    m_errors->setVisible(errors > 0);
    m_override->setVisible(errors > 0 && src.kind != ConfigSource::Kind::LiveNode);
    if (errors > 0) {
        m_errors->setText(src.kind == ConfigSource::Kind::LiveNode
                              ? tr("The configuration has %n error(s); a running node is never given "
                                   "settings redis-server would refuse. Fix them first.", nullptr, errors)
                              : tr("The configuration has %n error(s); redis-server would refuse to start "
                                   "with it.", nullptr, errors));
        m_override->setText(errors == 1 ? tr("Apply despite 1 error") : tr("Apply despite %1 errors").arg(errors));
        m_errors->setStyleSheet(QStringLiteral("color: palette(highlighted-text); background: #cf222e; padding: 4px;"));
    }
    connect(m_override, &QCheckBox::toggled, this, &ConfigApplyDialog::rebuildRemotePlan);
    connect(m_override, &QCheckBox::toggled, this, &ConfigApplyDialog::updateButtons);

    m_progress = new QPlainTextEdit;
    m_progress->setObjectName(QStringLiteral("applyProgress"));
    m_progress->setReadOnly(true);
    m_progress->setMaximumHeight(90);
    m_progress->hide();
    m_result = noteLabel(QStringLiteral("applyResultLabel"));
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    connect(m_result, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(QLatin1String("audit:")))
            Q_EMIT auditLogRequested(link.mid(6));
    });
    m_result->hide();

    auto *buttons = new QDialogButtonBox;
    m_applyButton = buttons->addButton(src.kind == ConfigSource::Kind::LocalFile ? tr("Save") : tr("Apply"),
                                       QDialogButtonBox::AcceptRole);
    m_applyButton->setObjectName(QStringLiteral("applyButton"));
    m_cancelButton = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    // Not accept(): the dialog stays to show progress and the result.
    connect(m_applyButton, &QPushButton::clicked, this, &ConfigApplyDialog::apply);
    connect(m_cancelButton, &QPushButton::clicked, this, &ConfigApplyDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_target);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_checks);
    layout->addWidget(m_planView, 1);
    layout->addWidget(remoteBox);
    layout->addWidget(m_errors);
    layout->addWidget(m_override);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    updateButtons();
}

void ConfigApplyDialog::start()
{
    if (m_request.source.kind != ConfigSource::Kind::LiveNode) {
        showDifferences(ConfigDocument::parse(m_request.baseline), m_desired);
        m_status->setText(differenceCount() == 0
                              ? tr("No setting differs from the file as it was opened (comments or layout may).")
                              : tr("%n setting(s) change.", nullptr, differenceCount()));
        m_previewReady = true;
        rebuildRemotePlan();
        updateButtons();
        Q_EMIT previewReady();
        return;
    }
    livePreview();
}

void ConfigApplyDialog::livePreview()
{
    m_status->setText(tr("Reading the running configuration of %1…").arg(m_request.source.node.address()));
    m_loader = new LiveConfigReader(m_request.source.node, m_ssh, this);
    if (m_factory)
        m_loader->setTransportFactory(m_factory);
    connect(m_loader, &LiveConfigReader::failed, this, [this](const NetError &error) {
        m_status->setText(tr("Cannot read the running configuration: %1").arg(error.message));
        m_loader->deleteLater();
    });
    connect(m_loader, &LiveConfigReader::loaded, this, [this] {
        // The real secrets stay here, in memory, for the comparison and the plan only.
        const ConfigDocument live = m_loader->document(LiveConfig::Secrets::Show);
        m_loader->deleteLater();
        m_desired = unmaskSecrets(ConfigDocument::parse(m_request.desired), live);
        showDifferences(live, m_desired);
        m_planError.clear();
        if (!LiveConfigPlan::build(live, m_desired, true, &m_plan, &m_planError))
            m_plan = LiveConfigPlan();
        // The plan's checks: the node answers, and a new master does not replicate from it.
        m_status->setText(tr("Checking %1…").arg(m_request.source.node.address()));
        auto *probe = new LiveNodeProbe(m_runner->clients(), this);
        connect(probe, &LiveNodeProbe::finished, this, [this, probe](const LiveNodeFacts &facts) {
            probe->deleteLater();
            liveProbed(facts);
        });
        probe->start(m_request.source.node.address(), m_plan.replicaOfTarget());
    });
    m_loader->start();
}

void ConfigApplyDialog::liveProbed(const LiveNodeFacts &facts)
{
    m_opPlan = LiveConfigPlanner::build(m_request.source.node.address(), QString(), m_plan, m_planError, facts);
    showPlan();
    QStringList restart;
    for (const LiveConfigPlan::Step &s : m_plan.restarts())
        restart << QString::fromUtf8(s.directive);
    QString status;
    if (!m_planError.isEmpty() || !m_opPlan.canRun())
        status = m_opPlan.steps.isEmpty() && m_planError.isEmpty() && m_opPlan.refusal() == QLatin1String("nothing to do")
            ? (restart.isEmpty() ? tr("Nothing to change: the node already runs these settings.")
                                 : tr("Nothing can change while the node runs."))
            : tr("Nothing can be applied.");
    else
        status = tr("%n step(s) will run.", nullptr, int(m_opPlan.steps.size()));
    if (!restart.isEmpty())
        status += QLatin1Char(' ') + tr("Only a restart changes: %1.").arg(restart.join(QStringLiteral(", ")));
    m_status->setText(status);
    m_previewReady = true;
    updateButtons();
    Q_EMIT previewReady();
}

void ConfigApplyDialog::rebuildRemotePlan()
{
    const ConfigSource &src = m_request.source;
    // Not while a run is under way: its plan is the one shown (the options are off then).
    if (src.kind != ConfigSource::Kind::RemoteFile || m_finished || m_runner->isRunning())
        return;
    RemoteConfigTarget target;
    target.ssh = src.ssh;
    target.path = src.path;
    target.readInfo = src.remoteInfo;
    target.node = nodeProfile();
    if (!src.hasNode)
        target.node.host.clear();  // no node known for this file: no health check
    RemoteConfigOptions options;
    options.overrideErrors = m_override->isChecked();
    if (m_restart->isChecked())
        options.restartCommand = m_restartCommand->text().trimmed();
    m_opPlan = RemoteConfigPlanner::build(target, ConfigDocument::parse(m_request.baseline), m_desired, options);
    showPlan();
    updateButtons();
}

void ConfigApplyDialog::showPlan()
{
    QStringList lines;
    for (const Precondition &p : std::as_const(m_opPlan.preconditions)) {
        const QString line = p.detail.isEmpty() ? p.text : QString(p.text + QStringLiteral(" — ") + p.detail);
        lines << (p.ok ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + line;
    }
    for (const QString &risk : std::as_const(m_opPlan.risks))
        lines << QStringLiteral("⚠ ") + risk;
    const QString html = lines.join(QLatin1Char('\n'));
    m_checks->setText(html);
    m_planView->setPlan(m_opPlan);
    if (layout())
        layout()->activate();  // the checks may take more lines than before: lay out now
}

void ConfigApplyDialog::showDifferences(const ConfigDocument &before, const ConfigDocument &after)
{
    ConfigDiff::Options options;
    options.maskSecrets = true;
    const QList<ConfigDifference> diffs = ConfigDiff::compare(before, after, options);
    m_table->setRowCount(int(diffs.size()));
    for (int row = 0; row < diffs.size(); ++row) {
        const ConfigDifference &d = diffs.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(QString::fromUtf8(d.directive)));
        m_table->setItem(row, 1, new QTableWidgetItem(sideText(d.left)));
        m_table->setItem(row, 2, new QTableWidgetItem(sideText(d.right)));
    }
}

int ConfigApplyDialog::differenceCount() const
{
    return m_table->rowCount();
}

void ConfigApplyDialog::updateButtons()
{
    const bool live = m_request.source.kind == ConfigSource::Kind::LiveNode;
    const bool errorsOk = m_request.errorCount == 0 || (!live && m_override->isChecked());
    const bool planOk = m_request.source.kind == ConfigSource::Kind::LocalFile || m_opPlan.canRun();
    m_applyButton->setEnabled(m_previewReady && errorsOk && planOk && !m_running && !m_finished);
    m_cancelButton->setEnabled(!m_running);
    m_override->setEnabled(!m_running && !m_finished);
    m_restart->setEnabled(!m_running && !m_finished);
    m_restartCommand->setEnabled(m_restart->isChecked() && !m_running && !m_finished);
}

void ConfigApplyDialog::apply()
{
    if (!m_applyButton->isEnabled())
        return;
    m_running = true;
    m_progress->show();
    updateButtons();
    const ConfigSource &src = m_request.source;
    switch (src.kind) {
    case ConfigSource::Kind::LocalFile: {
        appendProgress(tr("Writing %1…").arg(src.path));
        QString error;
        ConfigApplyRunner::Outcome outcome;
        outcome.ok = outcome.changed = m_saver && m_saver(&error);
        outcome.summary << (outcome.ok ? tr("Saved %1").arg(src.path) : tr("Not saved: %1").arg(error));
        onFinished(outcome);
        return;
    }
    case ConfigSource::Kind::RemoteFile:
        if (m_restart->isChecked())
            QSettings().setValue(kRestartCommandKey, m_restartCommand->text().trimmed());
        rebuildRemotePlan();  // the options as they are now
        break;
    case ConfigSource::Kind::LiveNode:
        break;
    }
    m_planView->markPending();
    m_runner->run(m_opPlan);
}

void ConfigApplyDialog::appendProgress(const QString &text)
{
    m_progress->show();
    m_progress->appendPlainText(text);
}

void ConfigApplyDialog::onFinished(const ConfigApplyRunner::Outcome &outcome)
{
    m_running = false;
    m_finished = true;
    m_outcome = outcome;
    QStringList lines{outcome.ok ? tr("Done.") : tr("Not everything worked.")};
    lines << outcome.summary;
    QString text = lines.join(QLatin1Char('\n')).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    if (!outcome.operationId.isEmpty())
        text += QStringLiteral("<br><a href=\"audit:%1\">%2</a>").arg(outcome.operationId, tr("Show this run in the audit log"));
    m_result->setTextFormat(Qt::RichText);
    m_result->setText(text);
    m_result->show();
    m_cancelButton->setText(tr("Close"));
    updateButtons();
    if (outcome.changed)
        Q_EMIT applied(m_request.desired);
    Q_EMIT runFinished(outcome.ok);
}

void ConfigApplyDialog::reject()
{
    if (m_running)
        return;  // a write in flight is never abandoned half-way
    QDialog::reject();
}
