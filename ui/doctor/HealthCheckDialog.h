#pragma once

#include "ops/OperationEnvironment.h"

#include "doctor/DoctorReport.h"

#include <QDialog>

#include <functional>

class Doctor;
class PlanRunDialog;
class QLabel;
class QPushButton;
class QTextBrowser;
class QTreeWidget;

// Node → Health Check…: the doctor's findings for one node (and its host and log when its
// connection has SSH settings), each with severity, evidence, meaning and fix. "Apply Fix…"
// opens the finding's plan for review through `openPlan` (the window's operations run and
// audit it); the check runs again when the plan ends. Never blocks: the checks run on the
// event loop.
class HealthCheckDialog : public QDialog
{
    Q_OBJECT
public:
    using PlanOpener = std::function<void(PlanRunDialog *dialog)>;

    HealthCheckDialog(const OperationEnvironment &env, const QString &node, PlanOpener openPlan,
                      QWidget *parent = nullptr);

    const DoctorReport &report() const { return m_report; }
    bool isChecking() const { return m_checking; }

public Q_SLOTS:
    void check();
    void applyFix();

Q_SIGNALS:
    void checked(const DoctorReport &report);

private:
    void present(const DoctorReport &report);
    void showDetails();
    const Finding *selected() const;

    OperationEnvironment m_env;
    QString m_node;
    PlanOpener m_openPlan;
    Doctor *m_doctor;
    DoctorReport m_report;
    bool m_checking = false;
    QLabel *m_status;
    QTreeWidget *m_list;
    QTextBrowser *m_details;
    QPushButton *m_fixButton;
    QPushButton *m_againButton;
};
