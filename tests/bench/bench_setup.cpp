// Set Up Replication against the tutorial: one master and two replicas on loopback, the master
// holding about 100 MB (DEBUG POPULATE), each run on fresh servers started from config files:
//   setup  SetupProbe + SetupPlanner + Executor with a group password; timed from the first
//          step to the end of the verify step (security, settings, REPLICAOF, the full syncs,
//          persistence, verification)
//   bare   REPLICAOF on both replicas, timed until both report master_link_status:up
// Target: setup's median <= 1.2 x bare's. Options: --runs N (default 3), --keys N (default
// 1000000 keys of 100 bytes), --json, --check (exit 3 when the target is missed).
#include "BlockingRedis.h"
#include "ReplicationLab.h"
#include "TestEnv.h"

#include "ops/AuditLog.h"
#include "ops/Executor.h"
#include "ops/LiveNodeProbe.h"
#include "ops/NodeClients.h"
#include "setup/SetupPlanner.h"
#include "setup/SetupProbe.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

const QString kPassword = QStringLiteral("bench-setup-group-password");

bool startLab(ReplicationLab &lab, const QTemporaryDir &dir, int run, qint64 keys, QString *error)
{
    for (const QString &n : {QStringLiteral("m"), QStringLiteral("r1"), QStringLiteral("r2")}) {
        lab.setConfigFile(n, TestEnv::writeFile(dir.filePath(QStringLiteral("run%1-%2.conf").arg(run).arg(n)), "# bench\n"));
        if (!lab.addMaster(n, n == QLatin1String("m") ? QStringList{QStringLiteral("--enable-debug-command"), QStringLiteral("yes")}
                                                      : QStringList{})) {
            *error = lab.errorString();
            return false;
        }
    }
    BlockingRedis m(lab.address(QStringLiteral("m")), QString(), 120000);
    const BlockingRedis::Reply r = m.call({"DEBUG", "POPULATE", QByteArray::number(keys), "key", "100"});
    if (!r.ok) {
        *error = QStringLiteral("DEBUG POPULATE: ") + QString::fromUtf8(r.text);
        return false;
    }
    return true;
}

double median(QList<double> v)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}

// Setup through the core, as tandemctl and the GUI run it; ms from the first step to verified.
double runSetup(const ReplicationLab &lab, const QTemporaryDir &dir, QString *error)
{
    SetupOptions options;
    options.master = lab.address(QStringLiteral("m"));
    options.replicas = {lab.address(QStringLiteral("r1")), lab.address(QStringLiteral("r2"))};
    options.password = kPassword;
    NodeClients clients(nullptr, LiveNodeProbe::lookupFor(lab.profile(QStringLiteral("m"))));
    clients.setCommandTimeout(10000);
    SetupProbe probe(&clients);
    QEventLoop loop;
    SetupFacts facts;
    QObject::connect(&probe, &SetupProbe::finished, &loop, [&](const SetupFacts &f) {
        facts = f;
        loop.quit();
    });
    probe.start(options);
    loop.exec();
    const Plan plan = SetupPlanner::build(facts, options);
    if (!plan.canRun()) {
        *error = plan.refusal();
        return -1;
    }
    AuditLog audit(dir.filePath(QStringLiteral("audit.jsonl")));
    audit.redact(kPassword);
    Executor executor(plan, &clients, &audit);
    QElapsedTimer clock;
    double verifiedMs = -1;
    QObject::connect(&executor, &Executor::stepFinished, &loop, [&](int, const StepRecord &r) {
        if (r.id == QLatin1String("verify") && !r.compensation && r.status == StepRecord::Status::Succeeded)
            verifiedMs = double(clock.nsecsElapsed()) / 1e6;
    });
    QObject::connect(&executor, &Executor::finished, &loop, [&](const ExecutionReport &report) {
        if (!report.ok())
            *error = report.message;
        loop.quit();
    });
    clock.start();
    executor.start();
    loop.exec();
    return verifiedMs;
}

// The tutorial's way: REPLICAOF on each replica, then wait for the links.
double runBare(const ReplicationLab &lab, QString *error)
{
    const QByteArray port = QByteArray::number(lab.port(QStringLiteral("m")));
    QList<std::shared_ptr<BlockingRedis>> replicas;
    for (const QString &n : {QStringLiteral("r1"), QStringLiteral("r2")})
        replicas.append(std::make_shared<BlockingRedis>(lab.address(n), QString(), 10000));
    QElapsedTimer clock;
    clock.start();
    for (const auto &r : replicas)
        r->call({"REPLICAOF", "127.0.0.1", port});
    while (clock.elapsed() < 600000) {
        bool up = true;
        for (const auto &r : replicas)
            up = up && r->infoField("replication", "master_link_status") == "up";
        if (up)
            return double(clock.nsecsElapsed()) / 1e6;
        QThread::msleep(5);
    }
    *error = QStringLiteral("links not up within 600 s");
    return -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("runs"), QStringLiteral("Runs of each (default 3)."), QStringLiteral("N"), QStringLiteral("3")},
        {QStringLiteral("keys"), QStringLiteral("Keys of 100 bytes on the master (default 1000000)."), QStringLiteral("N"),
         QStringLiteral("1000000")},
        {QStringLiteral("json"), QStringLiteral("Print JSON.")},
        {QStringLiteral("check"), QStringLiteral("Exit 3 when setup takes more than 1.2 x the bare REPLICAOF.")},
    });
    parser.process(app);
    const int runs = qMax(1, parser.value(QStringLiteral("runs")).toInt());
    const qint64 keys = qMax<qint64>(1, parser.value(QStringLiteral("keys")).toLongLong());
    QTemporaryDir dir;
    QList<double> setup, bare;
    qint64 datasetBytes = 0;
    for (int run = 0; run < runs; ++run) {
        QString error;
        {
            ReplicationLab lab;
            if (!startLab(lab, dir, run * 2, keys, &error)) {
                err << "bench_setup: " << error << "\n";
                return 1;
            }
            datasetBytes = BlockingRedis(lab.address(QStringLiteral("m"))).infoField("memory", "used_memory").toLongLong();
            const double ms = runBare(lab, &error);
            if (ms < 0) {
                err << "bench_setup: bare: " << error << "\n";
                return 1;
            }
            bare.append(ms);
        }
        {
            ReplicationLab lab;
            if (!startLab(lab, dir, run * 2 + 1, keys, &error)) {
                err << "bench_setup: " << error << "\n";
                return 1;
            }
            const double ms = runSetup(lab, dir, &error);
            if (ms < 0) {
                err << "bench_setup: setup: " << error << "\n";
                return 1;
            }
            setup.append(ms);
        }
        err << "run " << (run + 1) << ": bare " << bare.last() << " ms, setup " << setup.last() << " ms\n";
        err.flush();
    }
    const double ratio = median(bare) > 0 ? median(setup) / median(bare) : 0;
    const bool met = ratio <= 1.2;
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray s, b;
        for (double v : setup)
            s.append(v);
        for (double v : bare)
            b.append(v);
        out << QJsonDocument(QJsonObject{{QStringLiteral("dataset_bytes"), datasetBytes},
                                         {QStringLiteral("setup_ms"), s},
                                         {QStringLiteral("bare_ms"), b},
                                         {QStringLiteral("median_setup_ms"), median(setup)},
                                         {QStringLiteral("median_bare_ms"), median(bare)},
                                         {QStringLiteral("ratio"), ratio},
                                         {QStringLiteral("target_met"), met}})
                   .toJson(QJsonDocument::Indented);
    } else {
        out << QStringLiteral("dataset %1 MB (used_memory), 1 master + 2 replicas, %2 run(s)\n")
                   .arg(double(datasetBytes) / 1048576.0, 0, 'f', 1).arg(runs);
        out << QStringLiteral("bare REPLICAOF + link up: median %1 ms\n").arg(median(bare), 0, 'f', 0);
        out << QStringLiteral("setup Run -> verified:    median %1 ms\n").arg(median(setup), 0, 'f', 0);
        out << QStringLiteral("ratio %1 (target <= 1.2: %2)\n").arg(ratio, 0, 'f', 2).arg(met ? QStringLiteral("met") : QStringLiteral("missed"));
    }
    out.flush();
    return parser.isSet(QStringLiteral("check")) && !met ? 3 : 0;
}
