#include "AuditLogView.h"

#include "AuditLogModel.h"
#include "widgets/RowTableStyle.h"

#include "ops/AuditLog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFontDatabase>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

AuditLogView::AuditLogView(const QString &path, QWidget *parent)
    : QDialog(parent)
    , m_path(path)
    , m_model(new AuditLogModel(this))
{
    setObjectName(QStringLiteral("auditLogView"));
    setWindowTitle(tr("Audit Log"));

    m_pathLabel = new QLabel(tr("Every operation Tandem and tandemctl ran — promote, failover, recovery, configuration "
                                    "applied live or written over SSH — step by step (commands typed in a "
                                    "console are not operations and are not listed): %1")
                                 .arg(QDir::toNativeSeparators(path)), this);
    m_pathLabel->setObjectName(QStringLiteral("auditPathLabel"));
    m_pathLabel->setWordWrap(true);
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditOperationsTable"));
    m_table->setModel(m_model);
    RowTableStyle::apply(m_table, QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(AuditLogModel::OperationColumn, QHeaderView::Stretch);

    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("auditDetailLabel"));
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_steps = new QTreeWidget(this);
    m_steps->setObjectName(QStringLiteral("auditStepsView"));
    m_steps->setHeaderLabels({tr("Step"), tr("Node"), tr("Status"), tr("Started"), tr("Duration"), tr("Message")});
    m_steps->setUniformRowHeights(true);
    m_steps->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_steps->header()->setStretchLastSection(true);

    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_detail);
    lowerLayout->addWidget(m_steps, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(lower);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *refreshButton = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    refreshButton->setObjectName(QStringLiteral("auditRefreshButton"));
    connect(refreshButton, &QPushButton::clicked, this, &AuditLogView::refresh);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pathLabel);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AuditLogView::showSteps);
    resize(900, 620);
    refresh();
}

QString AuditLogView::selectedOperation() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(AuditLogModel::OperationIdRole).toString();
}

void AuditLogView::refresh()
{
    const QString keep = selectedOperation();
    m_model->setEntries(AuditLog(m_path).read());
    if (m_model->rowCount() == 0) {
        m_detail->setText(tr("No operation has been run yet."));
        m_steps->clear();
        return;
    }
    selectOperation(keep.isEmpty() ? m_model->operations().first().id : keep);
}

void AuditLogView::selectOperation(const QString &operationId)
{
    int row = m_model->rowOf(operationId);
    if (row < 0) {
        // Opened for a run that is newer than what was read: read again.
        m_model->setEntries(AuditLog(m_path).read());
        row = m_model->rowOf(operationId);
    }
    if (row < 0)
        row = 0;
    if (row >= m_model->rowCount())
        return;
    m_table->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                               QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(m_model->index(row, 0));
    showSteps();
}

void AuditLogView::showSteps()
{
    m_steps->clear();
    const int row = m_model->rowOf(selectedOperation());
    if (row < 0) {
        m_detail->clear();
        return;
    }
    const AuditLogModel::Operation &op = m_model->operations().at(row);
    QString detail = tr("%1 — %2 (%3)").arg(op.title.isEmpty() ? op.operation : op.title, op.outcome, op.id);
    if (!op.strategy.isEmpty())
        detail += tr(" · strategy %1").arg(op.strategy);
    if (op.writePauseMs >= 0)
        detail += tr(" · writes paused for %1 ms").arg(op.writePauseMs);
    if (!op.finished)
        detail += QLatin1Char('\n') + tr("Interrupted: the tool stopped before the operation finished. Check the "
                                         "group's state; Operations ▸ Recover offers the fix.");
    else if (!op.message.isEmpty())
        detail += QLatin1Char('\n') + op.message;
    m_detail->setText(detail);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const AuditLogModel::Step &step : op.steps) {
        auto *item = new QTreeWidgetItem(m_steps);
        item->setText(0, step.title.isEmpty() ? step.id : step.title);
        item->setToolTip(0, step.id);
        item->setText(1, step.node);
        item->setText(2, step.status);
        // The operation row has the date; steps need the time, to the millisecond.
        const QDateTime started = QDateTime::fromString(step.startedAt, Qt::ISODateWithMs);
        item->setText(3, started.isValid() ? started.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")) : step.startedAt);
        item->setText(4, step.durationMs >= 0 ? tr("%1 ms").arg(step.durationMs) : QString());
        item->setText(5, step.message);
        item->setToolTip(5, step.message);
        for (const QString &command : step.commands) {
            auto *child = new QTreeWidgetItem(item);
            child->setText(0, command);
            child->setFont(0, mono);
            child->setFirstColumnSpanned(true);
        }
    }
    m_steps->expandAll();
}
