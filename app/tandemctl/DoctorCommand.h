#pragma once

#include "OperationCommand.h"

#include "doctor/DoctorReport.h"
#include "net/ConnectionProfile.h"

#include <QList>

class Doctor;

// tandemctl doctor NODE... [connection options, --ssh ...] [--json] [--fix CODE|all
// [--dry-run] [--yes]]: the health checks of each node (server, and with --ssh its host and
// log), findings with evidence, meaning and fix. Exit 0 healthy, 1 findings, 3 a node could
// not be reached. --fix runs the fix plans of the named findings (one reviewed, audited plan).
class DoctorCommand : public OperationCommand
{
    Q_OBJECT
public:
    using OperationCommand::OperationCommand;
    void start(const QStringList &args) override;

protected:
    ConnectionProfile profileFor(const QString &address) const override;
    int exitCodeFor(const ExecutionReport &report) const override;

private:
    void onReport(const DoctorReport &report);
    void printReport(const DoctorReport &report);

    QList<ConnectionProfile> m_nodes;
    Doctor *m_doctor = nullptr;
};
