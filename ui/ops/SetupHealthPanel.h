#pragma once

#include "ops/OperationEnvironment.h"

#include "doctor/DoctorReport.h"

#include <QStringList>
#include <QWidget>

class Doctor;
class QLabel;
class QTreeWidget;

// The set-up preflight's Health section: the Doctor's checks on the chosen nodes (the server's
// own, and the host's and the log's for a node with SSH settings, as Health Check runs them),
// each finding with severity, node, evidence and fix. Critical findings are shown at the top
// in bold; nothing here blocks the set-up. Runs on the event loop with its own connections.
class SetupHealthPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SetupHealthPanel(const OperationEnvironment &env, QWidget *parent = nullptr);

    void check(const QStringList &nodes);
    bool isChecking() const { return m_checking; }
    const DoctorReport &report() const { return m_report; }
    // The status line (tests): "Checking…", "No findings on …", "3 findings…".
    QString statusText() const;

Q_SIGNALS:
    void checked(const DoctorReport &report);

private:
    void present(const DoctorReport &report);

    OperationEnvironment m_env;
    Doctor *m_doctor;
    QStringList m_nodes;
    DoctorReport m_report;
    bool m_checking = false;
    bool m_again = false;  // nodes changed while a check ran: check once it ends
    QLabel *m_status;
    QLabel *m_critical;
    QTreeWidget *m_list;
};
