#include "SetupRunPage.h"

#include "OperationSummary.h"
#include "PlanStepsView.h"
#include "SetupWizard.h"

#include <QAbstractButton>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

SetupRunPage::SetupRunPage(SetupWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
{
    setTitle(tr("Setting up"));
    m_steps = new PlanStepsView(this);
    m_steps->setObjectName(QStringLiteral("setupProgressView"));
    m_replicas = new QTableWidget(0, 3, this);
    m_replicas->setObjectName(QStringLiteral("setupReplicaProgress"));
    m_replicas->setHorizontalHeaderLabels({tr("Replica"), tr("Sync"), tr("Now")});
    m_replicas->verticalHeader()->hide();
    m_replicas->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_replicas->setSelectionMode(QAbstractItemView::NoSelection);
    m_replicas->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_replicas->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Fixed);
    m_replicas->horizontalHeader()->resizeSection(1, 140);
    m_replicas->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("setupProgressLabel"));
    m_progress->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_steps, 3);
    layout->addWidget(m_replicas, 1);
    layout->addWidget(m_progress);
    connect(wizard, &SetupWizard::stepStarted, m_steps, &PlanStepsView::onStepStarted);
    connect(wizard, &SetupWizard::stepFinished, m_steps, &PlanStepsView::onStepFinished);
    connect(wizard, &SetupWizard::stepProgress, m_steps, &PlanStepsView::onStepProgress);
    connect(wizard, &SetupWizard::stepStarted, m_progress, [this](int, const StepRecord &r) { m_progress->setText(r.title); });
    connect(wizard, &SetupWizard::stepProgress, this, &SetupRunPage::onProgress);
    connect(wizard, &SetupWizard::stepFinished, this, &SetupRunPage::onStepFinished);
    connect(wizard, &SetupWizard::finished, this, &SetupRunPage::onFinished);
}

void SetupRunPage::initializePage()
{
    setTitle(tr("Setting up"));
    const QStringList replicas = m_wizard->options().replicas;
    m_replicas->setRowCount(int(replicas.size()));
    m_rows.clear();
    for (int i = 0; i < replicas.size(); ++i) {
        m_rows.insert(replicas.at(i), i);
        m_replicas->setItem(i, 0, new QTableWidgetItem(replicas.at(i)));
        auto *bar = new QProgressBar(m_replicas);
        bar->setObjectName(QStringLiteral("setupSyncBar:") + replicas.at(i));
        bar->setRange(0, 100);
        bar->setValue(0);
        m_replicas->setCellWidget(i, 1, bar);
        m_replicas->setItem(i, 2, new QTableWidgetItem(tr("waiting")));
    }
    m_wizard->run();
    m_steps->setPlan(m_wizard->runningPlan());
    m_steps->markPending();
    setSubTitle(m_wizard->runningPlan().title);
    if (QAbstractButton *cancel = wizard()->button(QWizard::CancelButton))
        cancel->setToolTip(tr("Stops the run and puts every node back as it was (until the point of no return)"));
}

void SetupRunPage::onProgress(int index, const QString &text)
{
    m_progress->setText(text);
    // The group's sync wait reports "<replica>: <state>", one line per replica each second.
    const QList<PlanStep> &steps = m_wizard->runningPlan().steps;
    QString replica = index >= 0 && index < steps.size() ? steps.at(index).node : QString();
    QString state = text;
    if (const qsizetype colon = text.indexOf(QStringLiteral(": ")); colon > 0 && m_rows.contains(text.left(colon))) {
        replica = text.left(colon);
        state = text.mid(colon + 2);
    }
    if (!m_rows.contains(replica))
        return;
    const int row = m_rows.value(replica);
    m_replicas->item(row, 2)->setText(state);
    m_replicas->item(row, 2)->setToolTip(state);
    static const QRegularExpression percent(QStringLiteral("(\\d+(?:\\.\\d+)?)\\s*%"));
    const QRegularExpressionMatch m = percent.match(state);
    if (m.hasMatch()) {
        if (auto *bar = qobject_cast<QProgressBar *>(m_replicas->cellWidget(row, 1)))
            bar->setValue(qBound(0, int(m.captured(1).toDouble()), 100));
    }
}

void SetupRunPage::onStepFinished(int, const StepRecord &record)
{
    if (m_wizard->pastPointOfNoReturn()) {
        if (QAbstractButton *cancel = wizard()->button(QWizard::CancelButton)) {
            cancel->setEnabled(false);
            cancel->setToolTip(tr("Past the point of no return: the run finishes"));
        }
    }
    if (record.compensation || record.status != StepRecord::Status::Succeeded)
        return;
    if (record.id == QLatin1String("sync")) {  // every replica's full sync (and loading) ended
        for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
            if (auto *bar = qobject_cast<QProgressBar *>(m_replicas->cellWidget(it.value(), 1)))
                bar->setValue(100);
        }
        return;
    }
    if (!m_rows.contains(record.node))
        return;
    const int row = m_rows.value(record.node);
    m_replicas->item(row, 2)->setText(record.id.startsWith(QLatin1String("replicaof-"))
                                          ? tr("REPLICAOF accepted; its sync comes next")
                                      : record.message.isEmpty() ? record.title
                                                                 : record.message);
}

void SetupRunPage::onFinished(const ExecutionReport &report)
{
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it) {
        for (const NodeFinalState &s : report.finalStates) {
            if (s.address != it.key())
                continue;
            const bool linked = s.role == QLatin1String("replica") && s.linkUp;
            if (auto *bar = qobject_cast<QProgressBar *>(m_replicas->cellWidget(it.value(), 1)); bar && linked)
                bar->setValue(100);
            m_replicas->item(it.value(), 2)->setText(linked ? tr("linked to %1").arg(s.masterAddress)
                                                            : tr("not linked: %1").arg(s.role.isEmpty() ? s.error : s.role));
        }
    }
    setTitle(tr("Set-up: %1").arg(OperationSummary::outcomeText(report.outcome)));
    m_progress->setText(report.message);
    Q_EMIT completeChanged();
    if (QAbstractButton *cancel = wizard()->button(QWizard::CancelButton))
        cancel->setEnabled(true);
}

bool SetupRunPage::isComplete() const
{
    return m_wizard->hasReport();
}

QString SetupRunPage::replicaText(const QString &address) const
{
    return m_rows.contains(address) ? m_replicas->item(m_rows.value(address), 2)->text() : QString();
}

int SetupRunPage::replicaPercent(const QString &address) const
{
    const auto *bar = m_rows.contains(address)
        ? qobject_cast<QProgressBar *>(m_replicas->cellWidget(m_rows.value(address), 1))
        : nullptr;
    return bar ? bar->value() : -1;
}
