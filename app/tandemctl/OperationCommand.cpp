#include "OperationCommand.h"

#include <QJsonArray>

#include "TopologySnapshotter.h"

#include "net/ConnectionOptions.h"
#include "ops/MasterFence.h"
#include "ops/MinReplicasPlanner.h"
#include "ops/OperationRunner.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace {

QString statusWord(const StepRecord &r)
{
    return StepRecord::statusName(r.status);
}

} // namespace

void OperationCommand::addCommonOptions()
{
    m_parser.addOptions(ConnectionOptions::options());
    m_parser.addOptions({
        {QStringLiteral("dry-run"), QStringLiteral("Print the plan and stop (exit 0 when it could run).")},
        {QStringLiteral("json"), QStringLiteral("Print JSON: {\"plan\", \"report\", \"write_pause_ms\"}.")},
        {QStringLiteral("yes"), QStringLiteral("Do not ask before running (only asked on a terminal).")},
    });
}

bool OperationCommand::applyConnectionOptions(ConnectionProfile *profile, QString *error) const
{
    return ConnectionOptions::apply(m_parser, profile, error);
}

bool OperationCommand::parseNodes(const QStringList &texts, QList<ConnectionProfile> *profiles, QString *error) const
{
    for (const QString &text : texts) {
        ConnectionProfile p;
        if (!ConnectionProfile::parseAddress(text, &p, error) || !applyConnectionOptions(&p, error))
            return false;
        profiles->append(p);
    }
    return true;
}

bool OperationCommand::finishUnreachable(const QStringList &unreachable)
{
    if (unreachable.isEmpty())
        return false;
    if (json())
        printJson({{QStringLiteral("error"), QStringLiteral("unreachable")},
                   {QStringLiteral("unreachable"), QJsonArray::fromStringList(unreachable)}});
    err() << "tandemctl: could not reach or authenticate: " << unreachable.join(QStringLiteral("; "))
          << " (nothing was changed)\n";
    finish(ExitConnect);
    return true;
}

bool OperationCommand::intOption(const QString &name, int min, int *value)
{
    if (!m_parser.isSet(name))
        return true;
    bool ok = false;
    const int v = m_parser.value(name).toInt(&ok);
    if (!ok || v < min) {
        usageError(QStringLiteral("--%1 takes a whole number of at least %2").arg(name).arg(min));
        return false;
    }
    *value = v;
    return true;
}

bool OperationCommand::durationOption(const QString &name, int minMs, int maxMs, int *valueMs)
{
    if (!m_parser.isSet(name))
        return true;
    const QString text = m_parser.value(name).trimmed();
    // A bare number is refused: --timeout means seconds elsewhere, so "5000" is ambiguous.
    static const QRegularExpression pattern(QStringLiteral("^(\\d+(?:\\.\\d+)?)(ms|s)$"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch()) {
        usageError(QStringLiteral("--%1 takes a duration with its unit, e.g. 500ms or 5s (got '%2')")
                       .arg(name, text));
        return false;
    }
    const double ms = m.captured(1).toDouble() * (m.captured(2) == QLatin1String("s") ? 1000.0 : 1.0);
    if (ms < minMs || ms > maxMs) {
        usageError(QStringLiteral("--%1 takes %2ms to %3s").arg(name).arg(minMs).arg(maxMs / 1000));
        return false;
    }
    *valueMs = int(ms);
    return true;
}

void OperationCommand::addMinReplicasOptions(const QString &where)
{
    m_parser.addOptions({
        {QStringLiteral("min-replicas"), MinReplicasPlanner::explanation() + where},
        {QStringLiteral("min-replicas-max-lag"), QStringLiteral("Seconds for min-replicas-max-lag (default %1).")
                                                     .arg(MinReplicasPlanner::kDefaultMaxLagSeconds),
         QStringLiteral("seconds")},
    });
}

bool OperationCommand::minReplicasOption(int *maxLag)
{
    *maxLag = -1;
    if (!m_parser.isSet(QStringLiteral("min-replicas")))
        return true;
    *maxLag = MinReplicasPlanner::kDefaultMaxLagSeconds;
    if (!m_parser.isSet(QStringLiteral("min-replicas-max-lag")))
        return true;
    bool ok = false;
    *maxLag = m_parser.value(QStringLiteral("min-replicas-max-lag")).toInt(&ok);
    if (!ok || *maxLag < 0) {
        usageError(QStringLiteral("--min-replicas-max-lag takes a number of seconds"));
        return false;
    }
    return true;
}

void OperationCommand::discover(const QList<ConnectionProfile> &seeds, bool warn)
{
    if (warn)
        TopologySnapshotter::warnInterrupted(err());
    m_snapshotter = new TopologySnapshotter(this);
    connect(m_snapshotter, &TopologySnapshotter::ready, this, [this](const Topology &t) {
        if (!m_snapshotter->anySeedReached(t, err())) {
            finish(ExitConnect);
            return;
        }
        // The operation has the nodes to itself from here on: no polling during a pause.
        m_snapshotter->stop();
        onTopology(t);
    });
    m_snapshotter->start(seeds);
}

ConnectionProfile OperationCommand::profileFor(const QString &address) const
{
    return m_snapshotter ? m_snapshotter->profileFor(address) : ConnectionProfile{};
}

void OperationCommand::printJson(const QJsonObject &document)
{
    QJsonObject doc = m_extraJson;
    for (auto it = document.constBegin(); it != document.constEnd(); ++it)
        doc.insert(it.key(), it.value());
    if (m_jsonLines)
        out() << QJsonDocument(doc).toJson(QJsonDocument::Compact) << "\n";
    else
        out() << QJsonDocument(doc).toJson(QJsonDocument::Indented);
    out().flush();
}

bool OperationCommand::review(const Plan &plan)
{
    m_planJson = plan.toJson();
    if (!json()) {
        out() << plan.render();
        out().flush();
    }
    if (!plan.canRun()) {
        if (json())
            printJson(QJsonObject{{QStringLiteral("plan"), m_planJson}});
        err() << "tandemctl: refused: " << plan.refusal() << "\n";
        finish(ExitProblem);
        return false;
    }
    if (dryRun()) {
        if (json())
            printJson(QJsonObject{{QStringLiteral("plan"), m_planJson}});
        else
            out() << "Dry run: nothing was changed.\n";
        finish(ExitOk);
        return false;
    }
    if (!confirm()) {
        err() << "tandemctl: not confirmed: nothing was changed\n";
        finish(ExitProblem);
        return false;
    }
    return true;
}

bool OperationCommand::confirm()
{
    // Only a person at a terminal is asked; scripts and CI proceed (the plan was printed).
    if (m_parser.isSet(QStringLiteral("yes")) || !::isatty(STDIN_FILENO))
        return true;
    err() << "Proceed? [y/N] ";
    err().flush();
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

OperationRunner *OperationCommand::runner()
{
    if (!m_fence)
        m_fence = new MasterFence(nullptr, MasterFence::defaultPath(), this);
    if (!m_runner)
        m_runner = new OperationRunner(m_ssh, [this](const QString &a) { return profileFor(a); }, &m_audit, m_fence, this);
    return m_runner;
}

void OperationCommand::runPlan(const Plan &plan)
{
    m_stepCount = int(plan.steps.size());
    runner();
    connect(m_runner, &OperationRunner::stepStarted, this, [this](int index, const StepRecord &r) {
        err() << "[" << (index + 1) << "/" << m_stepCount << "] " << r.title << " ...\n";
        err().flush();
    });
    connect(m_runner, &OperationRunner::stepFinished, this, [this](int index, const StepRecord &r) {
        err() << "[" << (index + 1) << "/" << m_stepCount << "] " << statusWord(r) << " in " << r.durationMs << " ms";
        if (!r.message.isEmpty())
            err() << ": " << r.message;
        err() << "\n";
        err().flush();
    });
    connect(m_runner, &OperationRunner::stepProgress, this, [this](int, const QString &text) {
        // A polling step repeats itself: one line per change is enough.
        if (text == m_lastProgress)
            return;
        m_lastProgress = text;
        err() << "      " << text << "\n";
        err().flush();
    });
    connect(m_runner, &OperationRunner::finished, this, &OperationCommand::onFinished);
    if (!json())
        err() << "Running (audit log: " << m_audit.path() << ")\n";
    m_runner->run(plan);
}

void OperationCommand::onFinished(const ExecutionReport &report)
{
    afterRun(report);
    beforeSummary(report, [this, report] { printResult(report); });
}

void OperationCommand::printResult(const ExecutionReport &report)
{
    if (json()) {
        const QJsonValue pause = report.metrics.value(QStringLiteral("write_pause_ms"));
        printJson(QJsonObject{{QStringLiteral("plan"), m_planJson},
                              {QStringLiteral("report"), report.toJson()},
                              {QStringLiteral("write_pause_ms"), pause.isUndefined() ? QJsonValue() : pause}});
    } else {
        printSummary(report);
    }
    finish(exitCodeFor(report));
}

void OperationCommand::printSummary(const ExecutionReport &report)
{
    QTextStream &o = out();
    o << "\nOutcome: " << ExecutionReport::outcomeName(report.outcome) << " — " << report.message << "\n";
    const QJsonValue pause = report.metrics.value(QStringLiteral("write_pause_ms"));
    if (!pause.isUndefined())
        o << "Write pause: " << pause.toVariant().toString() << " ms\n";
    o << "Duration: " << report.durationMs << " ms (operation " << report.operationId << ")\n";
    o << "Final roles:\n";
    for (const NodeFinalState &s : report.finalStates) {
        o << "  " << s.address << "  ";
        if (!s.reachable)
            o << "unreachable" << (s.error.isEmpty() ? QString() : QString(QStringLiteral(" (") + s.error + QLatin1Char(')')));
        else if (s.role == QLatin1String("replica"))
            o << "replica of " << s.masterAddress << " (link " << (s.linkUp ? "up" : "down") << ")";
        else
            o << s.role << (s.writable ? " (writable)" : "");
        o << "\n";
    }
    for (const QString &note : std::as_const(m_notes))
        o << note << "\n";
    o.flush();
}
