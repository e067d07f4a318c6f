#pragma once

#include "ops/ExecutionReport.h"
#include "ops/Plan.h"

#include <QHash>
#include <QTreeWidget>

// The steps of a plan as a compact tree: one row per step (title, status, duration), its exact
// commands folded underneath. Before the run it is the review; during the run the same rows
// turn pending → running → done/failed, and compensations appear as extra rows.
class PlanStepsView : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { StepColumn, StatusColumn, TimeColumn };

    explicit PlanStepsView(QWidget *parent = nullptr);

    void setPlan(const Plan &plan);
    // A plan's risks as a bold heading and a bullet list (empty when there is none).
    static QString risksHtml(const QStringList &risks);
    // Every step "pending": the run is about to start.
    void markPending();

    // What a step row says now ("pending", "running…", "done", "failed", ...); for tests too.
    QString statusText(int index) const;
    int compensationCount() const { return int(m_undo.size()); }

public Q_SLOTS:
    void onStepStarted(int index, const StepRecord &record);
    void onStepFinished(int index, const StepRecord &record);
    void onStepProgress(int index, const QString &text);

private:
    QTreeWidgetItem *itemFor(int index, const StepRecord &record) const;
    void setStatus(QTreeWidgetItem *item, const StepRecord &record);

    QList<QTreeWidgetItem *> m_steps;
    QHash<int, QTreeWidgetItem *> m_undo;   // compensation rows by step index
};
