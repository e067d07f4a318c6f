#pragma once

#include "OperationEnvironment.h"

#include "ops/ExecutionReport.h"
#include "ops/Plan.h"

#include <QDialog>

class OperationRunner;
class PlanStepsView;
class QLabel;
class QPushButton;
class QVBoxLayout;

// What a dialog that reviews one plan and runs it shares: a summary at the top, the plan's
// steps, the result once it ran (with a link to the audit log), Confirm and Close. Running
// goes through an OperationRunner like every change; Close is refused while it runs.
class PlanReviewDialog : public QDialog
{
    Q_OBJECT
public:
    struct Names
    {
        QString dialog;   // objectName of the dialog itself, and of its parts:
        QString summary;
        QString steps;
        QString result;
        QString confirm;
    };
    PlanReviewDialog(const OperationEnvironment &env, const Names &names, const QString &confirmText,
                     QWidget *parent = nullptr);

    bool isRunning() const { return m_running; }
    // A field shown above the summary (e.g. a path the plan needs); disabled once it runs.
    void addField(QWidget *field);

public Q_SLOTS:
    void reject() override;

Q_SIGNALS:
    void started(const Plan &plan, OperationRunner *runner);
    void auditLogRequested(const QString &operationId);

protected:
    // Runs `plan`: the steps view follows it, onFinished() gets the report.
    void run(const Plan &plan);
    // Shows the result and lets the dialog close; subclasses add what the result means.
    virtual void onFinished(const ExecutionReport &report);

    OperationEnvironment m_env;
    bool m_running = false;
    bool m_done = false;
    QLabel *m_summary;
    PlanStepsView *m_steps;
    QLabel *m_result;
    QPushButton *m_confirm;
    QPushButton *m_close;
    QVBoxLayout *m_fields;
};
