#pragma once

#include "ReplicationLab.h"

#include "ops/ExecutionReport.h"
#include "ops/FailoverPlanner.h"
#include "topology/TopologyMonitor.h"

#include <QPair>
#include <QString>

#include <memory>
#include <optional>

// The stage of the fence tests: m + r1 + r2 (r2 with replica-priority 200) watched by a real
// TopologyMonitor; m saved its data and then dies (SIGKILL); FailoverPlanner fails the group
// over to r1 through an Executor. Afterwards m can be restarted with its old data and no
// replicaof: a second writable master.
class FailoverScenario
{
public:
    static constexpr int kInterval = 200;   // the monitor's poll interval

    FailoverScenario();
    ~FailoverScenario();

    // Runs the whole scenario; the fence the failover asks for, or nullopt (errorString()).
    // `options` go to the planner (candidate and ordering are the scenario's).
    std::optional<QPair<QString, QString>> failOver(const FailoverOptions &options = {},
                                                    const QString &auditPath = {});

    ReplicationLab &lab() { return m_lab; }
    TopologyMonitor &monitor() { return *m_monitor; }
    QString address(const QString &name) const { return m_lab.address(name); }
    const ExecutionReport &report() const { return m_report; }
    QString errorString() const { return m_error; }

    // When the server logged the first line containing `needle` (its clock, ms precision).
    static QDateTime logTime(const QString &log, const QString &needle);

private:
    bool fail(const QString &why);

    ReplicationLab m_lab;
    std::unique_ptr<TopologyMonitor> m_monitor;
    ExecutionReport m_report;
    QString m_error;
};
