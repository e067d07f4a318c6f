#include "PlanStepsView.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QPalette>

namespace {

QString statusWord(StepRecord::Status status)
{
    switch (status) {
    case StepRecord::Status::Pending: return PlanStepsView::tr("pending");
    case StepRecord::Status::Running: return PlanStepsView::tr("running…");
    case StepRecord::Status::Succeeded: return PlanStepsView::tr("done");
    case StepRecord::Status::Failed: return PlanStepsView::tr("failed");
    case StepRecord::Status::Skipped: return PlanStepsView::tr("skipped");
    case StepRecord::Status::Cancelled: return PlanStepsView::tr("cancelled");
    }
    return {};
}

} // namespace

PlanStepsView::PlanStepsView(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("planStepsView"));
    setColumnCount(3);
    setHeaderLabels({tr("Step"), tr("Status"), tr("Time")});
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::NoSelection);
    setFocusPolicy(Qt::StrongFocus);  // keyboard users unfold the commands with the arrows
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(StepColumn, QHeaderView::Stretch);
    const int ch = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header()->resizeSection(StatusColumn, 11 * ch);
    header()->resizeSection(TimeColumn, 8 * ch);
}

void PlanStepsView::setPlan(const Plan &plan)
{
    clear();
    m_steps.clear();
    m_undo.clear();
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const PlanStep &step : plan.steps) {
        auto *item = new QTreeWidgetItem(this);
        QString title = step.title;
        if (step.pointOfNoReturn)
            title += tr("  (point of no return)");
        item->setText(StepColumn, title);
        item->setToolTip(StepColumn, step.title);
        item->setData(StepColumn, Qt::UserRole, step.id);
        for (const QString &command : step.commands) {
            auto *child = new QTreeWidgetItem(item);
            child->setText(StepColumn, command);
            child->setFont(StepColumn, mono);
            child->setToolTip(StepColumn, command);
            child->setFirstColumnSpanned(true);
        }
        if (!step.compensateCommands.isEmpty()) {
            auto *undo = new QTreeWidgetItem(item);
            undo->setText(StepColumn, tr("if undone: %1").arg(step.compensateCommands.join(QStringLiteral("; "))));
            undo->setForeground(StepColumn, palette().color(QPalette::PlaceholderText));
            undo->setFirstColumnSpanned(true);
        }
        m_steps.append(item);
    }
    // Nothing ran yet: the titles get the whole width; a run shows status and time.
    setColumnHidden(StatusColumn, true);
    setColumnHidden(TimeColumn, true);
    // Tall enough for every step without scrolling (up to a dozen), no taller.
    const int rows = qBound(3, int(m_steps.size()), 12);
    setMinimumHeight(header()->sizeHint().height() + rows * qMax(sizeHintForRow(0), fontMetrics().height() + 2)
                     + 2 * frameWidth() + 4);
}

void PlanStepsView::markPending()
{
    setColumnHidden(StatusColumn, false);
    setColumnHidden(TimeColumn, false);
    for (QTreeWidgetItem *item : std::as_const(m_steps))
        item->setText(StatusColumn, statusWord(StepRecord::Status::Pending));
}

QString PlanStepsView::statusText(int index) const
{
    return index >= 0 && index < m_steps.size() ? m_steps.at(index)->text(StatusColumn) : QString();
}

QTreeWidgetItem *PlanStepsView::itemFor(int index, const StepRecord &record) const
{
    if (record.compensation)
        return m_undo.value(index);
    return index >= 0 && index < m_steps.size() ? m_steps.at(index) : nullptr;
}

void PlanStepsView::onStepStarted(int index, const StepRecord &record)
{
    setColumnHidden(StatusColumn, false);
    setColumnHidden(TimeColumn, false);
    if (record.compensation && !m_undo.contains(index)) {
        // Undo rows go to the end, in the order they run (the reverse of the steps).
        auto *item = new QTreeWidgetItem(this);
        item->setText(StepColumn, QStringLiteral("↩ ") + record.title);
        item->setToolTip(StepColumn, record.title);
        m_undo.insert(index, item);
    }
    QTreeWidgetItem *item = itemFor(index, record);
    if (!item)
        return;
    setStatus(item, record);
    scrollToItem(item);
}

void PlanStepsView::onStepFinished(int index, const StepRecord &record)
{
    if (QTreeWidgetItem *item = itemFor(index, record))
        setStatus(item, record);
}

void PlanStepsView::onStepProgress(int index, const QString &text)
{
    if (index >= 0 && index < m_steps.size())
        m_steps.at(index)->setToolTip(StatusColumn, text);
}

void PlanStepsView::setStatus(QTreeWidgetItem *item, const StepRecord &record)
{
    item->setText(StatusColumn, statusWord(record.status));
    item->setText(TimeColumn, record.durationMs >= 0 ? tr("%1 ms").arg(record.durationMs) : QString());
    if (!record.message.isEmpty())
        item->setToolTip(StatusColumn, record.message);
    QFont font = item->font(StepColumn);
    font.setBold(record.status == StepRecord::Status::Running);
    item->setFont(StepColumn, font);
    const bool failed = record.status == StepRecord::Status::Failed;
    const QColor colour = failed ? QColor(0xd9, 0x3b, 0x3b)
                          : record.status == StepRecord::Status::Succeeded ? QColor(0x2e, 0x9e, 0x5b)
                                                                           : palette().color(QPalette::Text);
    item->setForeground(StatusColumn, colour);
    if (failed && !record.message.isEmpty() && item->childCount() < 64) {
        // The reason belongs next to the step, not only in a tooltip.
        auto *why = new QTreeWidgetItem(item);
        why->setText(StepColumn, record.message);
        why->setForeground(StepColumn, colour);
        why->setFirstColumnSpanned(true);
        item->setExpanded(true);
    }
}

QString PlanStepsView::risksHtml(const QStringList &risks)
{
    QString items;
    for (const QString &risk : risks)
        items += QStringLiteral("<li>") + risk.toHtmlEscaped() + QStringLiteral("</li>");
    return items.isEmpty() ? QString()
                           : QString(tr("<b>Risks</b>") + QStringLiteral("<ul style=\"margin-left:-20px\">") + items
                                     + QStringLiteral("</ul>"));
}
