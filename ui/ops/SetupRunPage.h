#pragma once

#include "ops/ExecutionReport.h"

#include <QHash>
#include <QWizardPage>

class PlanStepsView;
class QLabel;
class QProgressBar;
class QTableWidget;
class SetupWizard;

// Set-up page 6: the run step by step, and a live row per replica fed by the group's sync
// wait ("<replica>: <state>" each second: bytes, percent, rate, ETA, then loading and the
// stream lag). Cancel works until the point
// of no return (the compensations put every node back); complete once the run ended.
class SetupRunPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SetupRunPage(SetupWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    // What the replica's row says now (tests).
    QString replicaText(const QString &address) const;
    int replicaPercent(const QString &address) const;

private:
    void onProgress(int index, const QString &text);
    void onStepFinished(int index, const StepRecord &record);
    void onFinished(const ExecutionReport &report);

    SetupWizard *m_wizard;
    PlanStepsView *m_steps;
    QTableWidget *m_replicas;
    QHash<QString, int> m_rows;
    QLabel *m_progress;
};
