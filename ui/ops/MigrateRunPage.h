#pragma once

#include "ops/ExecutionReport.h"

#include <QWizardPage>

class MigrateWizard;
class PlanStepsView;
class QLabel;
class QProgressBar;
class QPushButton;

// Migration page 4: the run step by step; one bar for the phase under way, fed by the steps'
// progress lines (the source's snapshot "… keys written (45%)", the sync's "… (12%) …",
// "loading the copy: 40%", the compare's "comparing keys: 45% (N of M checks)"), the current
// line beneath it, and Abort until the point of no return (then it says it cannot). Complete
// once the run ended.
class MigrateRunPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit MigrateRunPage(MigrateWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    // The percent a progress line states: "(NN%)", "NN%" or "N of M"; -1 when none.
    static int percentOf(const QString &text);
    // What the bar measures for a step's line: "Source's snapshot", "Full sync", "Loading the
    // copy", "Verifying keys".
    static QString phaseOf(const QString &stepId, const QString &text);

private:
    void onStepStarted(int index, const StepRecord &record);
    void onProgress(int index, const QString &text);
    void onStepFinished(int index, const StepRecord &record);
    void onFinished(const ExecutionReport &report);
    void onAbort();

    MigrateWizard *m_wizard;
    PlanStepsView *m_steps;
    QProgressBar *m_bar;
    QLabel *m_line;
    QPushButton *m_abort;
};
