// Switchover under a full-speed writer: a master and two replicas on loopback, a
// FollowingWriter that follows whichever node is the writable master, and >= 20 switchovers
// per strategy, the master moving round the three nodes:
//   coordinated       SwitchoverPlanner + Executor, Strategy::Coordinated
//   failover-command  SwitchoverPlanner + Executor, Strategy::FailoverCommand (FAILOVER TO)
//   naive             the tutorial: REPLICAOF NO ONE on the candidate, then REPLICAOF on the
//                     old master and the other replica, no pause (implemented here)
// Per run: the longest gap between two acknowledged writes around the switchover, and the
// acknowledged writes missing on the new master once every replica applied all it has.
// Targets: coordinated loses 0 in every run and its median gap is <= 1/20 of
// FAILOVER's. Options: --runs N (default 20), --json, --only a,b, --check (exit 3 when a
// target is missed).
#include "BlockingRedis.h"
#include "FollowingWriter.h"
#include "ReplicationLab.h"

#include "ops/AuditLog.h"
#include "ops/Executor.h"
#include "ops/NodeClients.h"
#include "ops/SwitchoverPlanner.h"
#include "topology/TopologyMonitor.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <optional>

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

constexpr qint64 kWarmupAcks = 2000;    // on the old master before the switchover
constexpr qint64 kSettleAcks = 2000;    // on the new master after it: the gap is over

struct RunResult
{
    bool ok = false;             // the switchover ran and replication converged
    QString error;
    qint64 gapUs = 0;
    qint64 lost = 0;
    qint64 acknowledged = 0;
    std::optional<double> writePauseMs;   // as the executor measured it
    QString steps;               // "id=ms ..." of the executor's steps (--verbose)
};

struct StrategyResult
{
    QString name;
    QString refused;             // the plan was refused (reason); no runs
    QList<RunResult> runs;
};

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const double rank = p * double(values.size() - 1);
    const auto lo = qsizetype(rank);
    const auto hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (values[hi] - values[lo]) * (rank - double(lo));
}

QString portOf(const QString &address)
{
    return address.mid(address.lastIndexOf(QLatin1Char(':')) + 1);
}

void spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs) {
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

class SwitchoverBench
{
public:
    bool setUp(QString *error);
    // Without the audit log (it syncs every line to disk, some of them while writes are paused).
    void setAudit(bool on) { m_useAudit = on; }
    StrategyResult runStrategy(const QString &name, int runs, bool verbose);

private:
    RunResult runOnce(const QString &strategy, const QString &candidate, const QString &key, QString *refusal);
    bool naive(const QString &candidate, QString *error);
    bool planned(SwitchoverOptions::Strategy strategy, const QString &candidate, RunResult *result, QString *refusal);
    bool currentTopology(Topology *topology, QString *error);
    bool repair(const QString &master);
    QStringList othersThan(const QString &node) const;

    ReplicationLab m_lab;
    QStringList m_nodes;          // a, b, c addresses
    QString m_master;
    TopologyMonitor m_monitor;
    QTemporaryDir m_dir;
    std::unique_ptr<AuditLog> m_audit;
    bool m_useAudit = true;
};

bool SwitchoverBench::setUp(QString *error)
{
    // Persistence off: no RDB or AOF work competes with the measurement.
    const QStringList args{QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"), QStringLiteral("no")};
    if (!m_lab.addMaster(QStringLiteral("a"), args) || !m_lab.addReplica(QStringLiteral("b"), QStringLiteral("a"), args)
        || !m_lab.addReplica(QStringLiteral("c"), QStringLiteral("a"), args) || !m_lab.waitLinked()) {
        *error = m_lab.errorString();
        return false;
    }
    for (const QString &n : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        m_nodes << m_lab.address(n);
    m_master = m_nodes.front();
    m_audit = std::make_unique<AuditLog>(m_dir.filePath(QStringLiteral("audit.jsonl")));
    m_monitor.setInterval(100);
    for (const QString &n : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        m_monitor.addSeed(m_lab.profile(n));
    spinUntil([this] { return m_monitor.isSettled(); }, 10000);
    if (!m_monitor.isSettled()) {
        *error = QStringLiteral("the topology monitor did not settle");
        return false;
    }
    return true;
}

QStringList SwitchoverBench::othersThan(const QString &node) const
{
    QStringList others = m_nodes;
    others.removeAll(node);
    return others;
}

// A topology taken after now that shows m_master with both others as linked replicas.
bool SwitchoverBench::currentTopology(Topology *topology, QString *error)
{
    const QDateTime after = QDateTime::currentDateTimeUtc();
    auto matches = [this, after](const Topology &t) {
        if (t.takenAt <= after)
            return false;
        const TopologyNode *m = t.node(m_master);
        if (!m || !m->isUp() || m->role != NodeSnapshot::Role::Master)
            return false;
        for (const QString &r : othersThan(m_master)) {
            const TopologyNode *n = t.node(r);
            const TopologyEdge *e = t.edgeTo(r);
            if (!n || !n->isUp() || n->role != NodeSnapshot::Role::Replica || !e || !e->linkUp || e->master != m->address)
                return false;
        }
        return true;
    };
    spinUntil([&] { return matches(m_monitor.topology()); }, 10000);
    *topology = m_monitor.topology();
    if (!matches(*topology)) {
        *error = QStringLiteral("the topology monitor does not show %1 with two linked replicas").arg(m_master);
        return false;
    }
    return true;
}

bool SwitchoverBench::naive(const QString &candidate, QString *error)
{
    // Connected before the first command, as a hand-typed sequence in open terminals would be.
    BlockingRedis promote(candidate);
    BlockingRedis oldMaster(m_master);
    const QStringList rest = othersThan(candidate);
    QString other;
    for (const QString &r : rest) {
        if (r != m_master)
            other = r;
    }
    BlockingRedis sibling(other);
    const QByteArrayList repoint{QByteArrayLiteral("REPLICAOF"), QByteArrayLiteral("127.0.0.1"), portOf(candidate).toLatin1()};
    if (!promote.call({QByteArrayLiteral("REPLICAOF"), QByteArrayLiteral("NO"), QByteArrayLiteral("ONE")}).ok
        || !oldMaster.call(repoint).ok || !sibling.call(repoint).ok) {
        *error = QStringLiteral("a REPLICAOF failed");
        return false;
    }
    return true;
}

bool SwitchoverBench::planned(SwitchoverOptions::Strategy strategy, const QString &candidate, RunResult *result,
                              QString *refusal)
{
    Topology topology;
    if (!currentTopology(&topology, &result->error))
        return false;
    SwitchoverOptions options;
    options.strategy = strategy;
    const Plan plan = SwitchoverPlanner::build(topology, candidate, options);
    if (!plan.canRun()) {
        *refusal = plan.refusal();
        result->error = *refusal;
        return false;
    }
    NodeClients clients(nullptr, [this](const QString &address) { return m_monitor.profileFor(address); });
    // Every connection is ready before the plan starts, as in the app (not part of the gap).
    bool connected = false;
    QHash<QString, NetError> failures;
    QEventLoop connecting;
    clients.connectAll(plan.nodes, 5000, &connecting, [&](const QHash<QString, NetError> &f) {
        failures = f;
        connected = true;
        connecting.quit();
    });
    if (!connected)
        connecting.exec();
    if (!failures.isEmpty()) {
        result->error = QStringLiteral("cannot connect to %1").arg(failures.keys().join(QStringLiteral(", ")));
        return false;
    }
    Executor executor(plan, &clients, m_useAudit ? m_audit.get() : nullptr);
    std::optional<ExecutionReport> report;
    QEventLoop running;
    QObject::connect(&executor, &Executor::finished, &running, [&](const ExecutionReport &r) {
        report = r;
        running.quit();
    });
    QTimer::singleShot(30000, &running, &QEventLoop::quit);
    executor.start();
    if (!report)
        running.exec();
    if (!report) {
        result->error = QStringLiteral("the executor did not finish within 30 s");
        return false;
    }
    QStringList steps;
    for (const StepRecord &step : std::as_const(report->steps))
        steps << QStringLiteral("%1=%2").arg(step.id).arg(step.durationMs)
                     + (step.durationMs >= 100 ? QStringLiteral(" (%1 %2)").arg(step.message, QString::fromUtf8(QJsonDocument(step.details).toJson(QJsonDocument::Compact))) : QString());
    result->steps = steps.join(QLatin1Char(' '));
    const QJsonValue pause = report->metrics.value(QStringLiteral("write_pause_ms"));
    if (pause.isDouble())
        result->writePauseMs = pause.toDouble();
    if (!report->ok()) {
        result->error = ExecutionReport::outcomeName(report->outcome) + QStringLiteral(": ") + report->message;
        return false;
    }
    return true;
}

// Puts every node back under `master` after a failed run, so the next run starts clean.
bool SwitchoverBench::repair(const QString &master)
{
    BlockingRedis(master).call({QByteArrayLiteral("REPLICAOF"), QByteArrayLiteral("NO"), QByteArrayLiteral("ONE")});
    for (const QString &r : othersThan(master))
        BlockingRedis(r).call({QByteArrayLiteral("REPLICAOF"), QByteArrayLiteral("127.0.0.1"), portOf(master).toLatin1()});
    m_master = master;
    return BlockingRedis::waitConverged(master, othersThan(master), {}, 30000);
}

RunResult SwitchoverBench::runOnce(const QString &strategy, const QString &candidate, const QString &key, QString *refusal)
{
    RunResult result;
    FollowingWriter writer(m_nodes, {}, key.toUtf8());
    writer.start();
    if (!writer.waitForAcksOn(m_master, kWarmupAcks, 10000)) {
        result.error = QStringLiteral("the writer did not reach %1").arg(m_master);
        return result;
    }
    bool switched = false;
    writer.resetGap();
    if (strategy == QLatin1String("naive"))
        switched = naive(candidate, &result.error);
    else if (strategy == QLatin1String("coordinated"))
        switched = planned(SwitchoverOptions::Strategy::Coordinated, candidate, &result, refusal);
    else
        switched = planned(SwitchoverOptions::Strategy::FailoverCommand, candidate, &result, refusal);

    const bool followed = switched && writer.waitForAcksOn(candidate, kSettleAcks, 15000);
    result.gapUs = writer.longestGapUs();
    writer.stop();
    result.acknowledged = writer.acknowledged();
    if (!switched) {
        repair(m_master);   // a refused or aborted plan leaves the old master in charge
        return result;
    }
    if (!followed) {
        result.error = QStringLiteral("the writer did not follow to %1 (at %2)").arg(candidate, writer.currentNode());
        repair(candidate);
        return result;
    }
    QString why;
    if (!BlockingRedis::waitConverged(candidate, othersThan(candidate), {}, 20000, &why)) {
        result.error = QStringLiteral("replication did not converge: %1").arg(why);
        repair(candidate);
        return result;
    }
    m_master = candidate;
    result.lost = writer.missingOn(candidate);
    if (result.lost < 0) {
        result.error = QStringLiteral("cannot read the list on %1").arg(candidate);
        return result;
    }
    BlockingRedis(candidate).call({QByteArrayLiteral("DEL"), key.toUtf8()});
    result.ok = true;
    return result;
}

StrategyResult SwitchoverBench::runStrategy(const QString &name, int runs, bool verbose)
{
    StrategyResult s;
    s.name = name;
    for (int i = 0; i < runs; ++i) {
        // The master moves round the three nodes: a -> b -> c -> a ...
        const QString candidate = m_nodes[(m_nodes.indexOf(m_master) + 1) % m_nodes.size()];
        QString refusal;
        const RunResult r = runOnce(name, candidate, QStringLiteral("bench:%1:%2").arg(name).arg(i), &refusal);
        if (!refusal.isEmpty()) {
            s.refused = refusal;
            break;
        }
        if (verbose) {
            err << QStringLiteral("%1 run %2: %3\n")
                       .arg(name)
                       .arg(i + 1)
                       .arg(r.ok ? QStringLiteral("gap %1 ms, lost %2").arg(double(r.gapUs) / 1000.0, 0, 'f', 2).arg(r.lost)
                                 : QStringLiteral("failed: ") + r.error);
            if (!r.steps.isEmpty())
                err << QStringLiteral("    steps (ms): %1\n").arg(r.steps);
            err.flush();
        }
        s.runs.append(r);
    }
    return s;
}

struct Summary
{
    int runs = 0;
    int failed = 0;
    qint64 lost = 0;
    int runsWithLoss = 0;
    double median = 0, p90 = 0, max = 0;
    double pauseMedian = -1;
    qint64 acknowledged = 0;
};

Summary summarize(const StrategyResult &s)
{
    Summary sum;
    QList<double> gaps, pauses;
    for (const RunResult &r : s.runs) {
        ++sum.runs;
        if (!r.ok) {
            ++sum.failed;
            continue;
        }
        sum.lost += r.lost;
        sum.runsWithLoss += r.lost > 0 ? 1 : 0;
        sum.acknowledged += r.acknowledged;
        gaps.append(double(r.gapUs) / 1000.0);
        if (r.writePauseMs)
            pauses.append(*r.writePauseMs);
    }
    sum.median = percentile(gaps, 0.5);
    sum.p90 = percentile(gaps, 0.9);
    sum.max = gaps.isEmpty() ? 0 : *std::max_element(gaps.cbegin(), gaps.cend());
    if (!pauses.isEmpty())
        sum.pauseMedian = percentile(pauses, 0.5);
    return sum;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Switchovers per strategy (default 20)."),
                                        QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Machine-readable output."));
    const QCommandLineOption onlyOption(QStringLiteral("only"), QStringLiteral("Strategies to run (comma-separated)."),
                                        QStringLiteral("list"), QStringLiteral("coordinated,failover-command,naive"));
    const QCommandLineOption checkOption(QStringLiteral("check"), QStringLiteral("Exit 3 when a target is missed."));
    const QCommandLineOption noAuditOption(QStringLiteral("no-audit"),
                                           QStringLiteral("Run plans without the audit log (to see its cost)."));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"), QStringLiteral("One line per run on stderr."));
    parser.addOptions({runsOption, jsonOption, onlyOption, checkOption, noAuditOption, verboseOption});
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const bool json = parser.isSet(jsonOption);

    SwitchoverBench bench;
    bench.setAudit(!parser.isSet(noAuditOption));
    QString error;
    if (!bench.setUp(&error)) {
        err << "cannot start the lab: " << error << "\n";
        return 1;
    }
    QList<StrategyResult> results;
    for (const QString &name : parser.value(onlyOption).split(QLatin1Char(','), Qt::SkipEmptyParts))
        results.append(bench.runStrategy(name.trimmed(), runs, parser.isSet(verboseOption)));

    std::optional<Summary> coordinated, failover;
    QJsonObject strategies;
    for (const StrategyResult &s : std::as_const(results)) {
        const Summary sum = summarize(s);
        if (s.name == QLatin1String("coordinated") && s.refused.isEmpty())
            coordinated = sum;
        if (s.name == QLatin1String("failover-command") && s.refused.isEmpty())
            failover = sum;
        QJsonArray gaps, lost, errors;
        for (const RunResult &r : s.runs) {
            gaps.append(r.ok ? double(r.gapUs) / 1000.0 : QJsonValue());
            lost.append(r.ok ? QJsonValue(double(r.lost)) : QJsonValue());
            if (!r.ok)
                errors.append(r.error);
        }
        QJsonObject o{{QStringLiteral("runs"), sum.runs},
                      {QStringLiteral("failed_runs"), sum.failed},
                      {QStringLiteral("lost_total"), double(sum.lost)},
                      {QStringLiteral("runs_with_loss"), sum.runsWithLoss},
                      {QStringLiteral("gap_ms_median"), sum.median},
                      {QStringLiteral("gap_ms_p90"), sum.p90},
                      {QStringLiteral("gap_ms_max"), sum.max},
                      {QStringLiteral("gaps_ms"), gaps},
                      {QStringLiteral("lost"), lost},
                      {QStringLiteral("errors"), errors}};
        if (sum.pauseMedian >= 0)
            o.insert(QStringLiteral("write_pause_ms_median"), sum.pauseMedian);
        if (!s.refused.isEmpty())
            o.insert(QStringLiteral("refused"), s.refused);
        strategies.insert(s.name, o);
    }
    const bool haveRatio = coordinated && failover && coordinated->runs > coordinated->failed
                           && failover->runs > failover->failed && failover->median > 0;
    const double ratio = haveRatio ? coordinated->median / failover->median : -1;
    const bool zeroLoss = coordinated && coordinated->runs > 0 && coordinated->failed == 0 && coordinated->lost == 0;
    const bool ratioMet = haveRatio && ratio <= 1.0 / 20.0;

    if (json) {
        QJsonObject root{{QStringLiteral("runs_per_strategy"), runs},
                         {QStringLiteral("strategies"), strategies},
                         {QStringLiteral("coordinated_zero_loss_every_run"), zeroLoss},
                         {QStringLiteral("ratio_target"), 1.0 / 20.0}};
        root.insert(QStringLiteral("coordinated_to_failover_median_gap_ratio"), haveRatio ? QJsonValue(ratio) : QJsonValue());
        out << QJsonDocument(root).toJson(QJsonDocument::Indented);
    } else {
        out << QStringLiteral("Switchover under a full-speed writer (master + 2 replicas on loopback), %1 runs per strategy\n\n").arg(runs);
        out << QStringLiteral("| strategy         | runs | failed | lost total | runs with loss | median gap ms | p90 gap ms | max gap ms |\n");
        out << QStringLiteral("|------------------|-----:|-------:|-----------:|---------------:|--------------:|-----------:|-----------:|\n");
        for (const StrategyResult &s : std::as_const(results)) {
            if (!s.refused.isEmpty()) {
                out << QStringLiteral("| %1 | refused: %2 |\n").arg(s.name.leftJustified(16), s.refused);
                continue;
            }
            const Summary sum = summarize(s);
            out << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |\n")
                       .arg(s.name.leftJustified(16))
                       .arg(sum.runs, 4)
                       .arg(sum.failed, 6)
                       .arg(sum.lost, 10)
                       .arg(sum.runsWithLoss, 14)
                       .arg(sum.median, 13, 'f', 2)
                       .arg(sum.p90, 10, 'f', 2)
                       .arg(sum.max, 10, 'f', 2);
            for (const RunResult &r : s.runs) {
                if (!r.ok)
                    out << QStringLiteral("    failed run: %1\n").arg(r.error);
            }
        }
        out << "\n";
        if (haveRatio)
            out << QStringLiteral("coordinated / FAILOVER median gap: %1 (target <= 0.05): %2\n")
                       .arg(ratio, 0, 'f', 4)
                       .arg(ratioMet ? QStringLiteral("met") : QStringLiteral("MISSED"));
        else
            out << "coordinated / FAILOVER median gap: not measured (a strategy did not run)\n";
        out << QStringLiteral("coordinated lost 0 in every run: %1\n")
                   .arg(zeroLoss ? QStringLiteral("yes") : coordinated ? QStringLiteral("NO") : QStringLiteral("not measured"));
    }
    out.flush();
    if (parser.isSet(checkOption) && !(zeroLoss && ratioMet))
        return 3;
    return 0;
}
