#pragma once

#include "CliCommand.h"

#include "net/ConnectionProfile.h"
#include "ops/AuditLog.h"
#include "ops/ExecutionReport.h"
#include "ops/Plan.h"
#include "topology/Topology.h"

#include <QCommandLineParser>
#include <QJsonObject>

#include <functional>

class MasterFence;
class OperationRunner;
class SshSessionPool;
class TopologySnapshotter;

// What promote, failover, recover and config apply share: connection options (--timeout is the connect and
// command timeout in seconds, as everywhere; operation deadlines have names of their own),
// discovery until settled, printing the plan, the "Proceed? [y/N]" question on a terminal,
// running the plan through an OperationRunner with the audit log (honours TANDEM_DATA_DIR)
// and the fence file, step progress on stderr, and the result summary (or JSON
// {"plan", "report", "write_pause_ms"}). Exit 0 only when the outcome is Succeeded.
class OperationCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;

protected:
    // Connection options, plus --dry-run, --json, --yes.
    void addCommonOptions();
    bool applyConnectionOptions(ConnectionProfile *profile, QString *error) const;
    bool parseNodes(const QStringList &texts, QList<ConnectionProfile> *profiles, QString *error) const;
    // Reads a duration option ("500ms", "5s") in [minMs, maxMs]; usage error (and false) for a
    // bare number, another unit or a value out of range.
    bool durationOption(const QString &name, int minMs, int maxMs, int *valueMs);
    // Reads a whole-number option of at least `min` into *value (left alone when not given);
    // usage error (and false) otherwise.
    bool intOption(const QString &name, int min, int *value);
    // When `unreachable` ("node (why)" each) is not empty: says so (text or JSON), finishes
    // with ExitConnect and returns true.
    bool finishUnreachable(const QStringList &unreachable);
    // --min-replicas [--min-replicas-max-lag N] (MinReplicasPlanner): *maxLag = -1 when not
    // asked for; usage error (and false) for a bad number.
    void addMinReplicasOptions(const QString &where);
    bool minReplicasOption(int *maxLag);

    // Discovers from `seeds`; onTopology() gets the settled topology (or finishes with 3 when
    // no seed answers). Warns first about interrupted operations when `warn` is set.
    void discover(const QList<ConnectionProfile> &seeds, bool warn = true);
    virtual void onTopology(const Topology &topology) { Q_UNUSED(topology); }

    // Prints the plan (text or, at the end, JSON). Returns true when the caller should run
    // it: it can run, this is no dry run, and the user did not decline. Otherwise finishes.
    bool review(const Plan &plan);
    void runPlan(const Plan &plan);
    // Called with the report before the summary is printed and the command finishes.
    virtual void afterRun(const ExecutionReport &report) { Q_UNUSED(report); }
    // After afterRun(), for work that takes time before the summary (e.g. watching a node):
    // call `proceed` once when done. Default: at once.
    virtual void beforeSummary(const ExecutionReport &report, std::function<void()> proceed)
    {
        Q_UNUSED(report);
        proceed();
    }
    // The exit code for a finished run (default: 0 only when the outcome is Succeeded).
    virtual int exitCodeFor(const ExecutionReport &report) const { return report.ok() ? ExitOk : ExitProblem; }
    // The runner the plan will run on, created on first use: its clients may be used before
    // (e.g. to read what the plan's checks need) on the same connections.
    OperationRunner *runner();
    // Extra text lines printed after the summary (not in --json).
    QStringList m_notes;
    // Extra top-level members of the JSON document.
    QJsonObject m_extraJson;

    bool json() const { return m_parser.isSet(QStringLiteral("json")); }
    bool dryRun() const { return m_parser.isSet(QStringLiteral("dry-run")); }
    // The final document; on one line when m_jsonLines (the command printed JSON lines before).
    void printJson(const QJsonObject &document);
    bool m_jsonLines = false;
    virtual ConnectionProfile profileFor(const QString &address) const;

    QCommandLineParser m_parser;
    AuditLog m_audit;
    MasterFence *m_fence = nullptr;
    TopologySnapshotter *m_snapshotter = nullptr;
    SshSessionPool *m_ssh = nullptr;   // for plans that work on files over SSH

private:
    bool confirm();
    void onFinished(const ExecutionReport &report);
    void printResult(const ExecutionReport &report);
    void printSummary(const ExecutionReport &report);

    OperationRunner *m_runner = nullptr;
    QJsonObject m_planJson;
    QString m_lastProgress;
    int m_stepCount = 0;
};
