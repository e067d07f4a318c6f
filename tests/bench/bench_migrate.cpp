// Migrate to a New Server under a full-speed writer: a source master holding 1M keys (~100 MB
// of mixed types over dbs 0, 3 and 7, a fifth with TTLs; DatasetFiller) and an empty target,
// fresh servers on loopback for every run, a FollowingWriter on the source throughout:
//   bare      REPLICAOF on the target, timed until its link is up and its applied offset has
//             reached the source's (no verification, no cutover)
//   keycopy   what copy tools do: SCAN + DUMP/PTTL on the source, RESTORE ... REPLACE on the
//             target, pipelined in batches of 1000
//   tandem    `tandemctl migrate SOURCE TARGET --yes --json --watch-old 0` as a child process
//             (the watch for clients still writing to the old server comes after the migration
//             and is left out unless --watch-old S), timed from start to exit; its peak RSS
//             (wait4 ru_maxrss, /proc VmHWM while it runs); the longest gap between two
//             acknowledged writes across the cutover (reset once the target's initial sync is
//             done); acknowledged writes missing on the target; then a full DUMP + PTTL
//             compare of target and source once the source (now the target's replica) caught up
// Targets: tandem median <= 1.15 x bare; median gap <= 20 ms; 0 writes lost; 0 differing
// keys; key copy median >= 3 x tandem's; peak RSS < 100 MB. Options: --runs N (default 5),
// --keys N, --bytes N (payload, default 100000000), --gb (= --bytes 1000000000), --only
// bare,keycopy,tandem, --verify MODE and --watch-old S (passed to tandemctl), --tandemctl PATH, --json,
// --verbose (per run: the plan's steps and every stretch > 20 ms without an acknowledged write,
// in ms since tandemctl started), --check (exit 3 when a target is missed).
#include "BlockingRedis.h"
#include "CliRunner.h"
#include "DatasetFiller.h"
#include "FollowingWriter.h"
#include "KeyDumps.h"
#include "MeasuredChild.h"
#include "ReplicationLab.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <optional>

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

constexpr qint64 kWarmupAcks = 2000;     // on the source before anything starts
constexpr qint64 kSettleAcks = 2000;     // on the target after the cutover
constexpr double kBareRatioTarget = 1.15;
constexpr double kGapTargetMs = 20;
constexpr double kCopyRatioTarget = 3;
constexpr double kRssTargetMb = 100;
constexpr double kStallMs = 20;          // --verbose lists longer stretches without an acknowledged write

struct Config
{
    DatasetFiller::Spec spec;
    QStringList only;
    QString tandemctl;
    QString verify;
    int watchOldSeconds = 0;
    int timeoutMs = 1800000;
    bool verbose = false;
};

struct TandemRun
{
    double ms = -1;
    double rssMb = -1;
    std::optional<double> gapMs;   // unset when the cutover came before the sync was seen done
    qint64 lost = -1;
    qint64 differing = -1;
    qint64 compared = 0;
    QString resync;                // how the old source followed the target: "partial" / "full"
    QString error;
};

struct Variant
{
    QList<double> ms;
    QStringList errors;
};

double median(QList<double> v)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v.at(v.size() / 2) : (v.at(v.size() / 2 - 1) + v.at(v.size() / 2)) / 2;
}

QByteArray portOf(const QString &address)
{
    return address.mid(address.lastIndexOf(QLatin1Char(':')) + 1).toLatin1();
}

// A fresh source (filled) and an empty target, both masters.
struct Pair
{
    ReplicationLab lab;
    QString source;
    QString target;
    DatasetFiller::Result fill;
};

std::unique_ptr<Pair> startPair(const Config &config, QString *error)
{
    auto pair = std::make_unique<Pair>();
    if (!pair->lab.addMaster(QStringLiteral("source")) || !pair->lab.addMaster(QStringLiteral("target"))) {
        *error = pair->lab.errorString();
        return {};
    }
    pair->source = pair->lab.address(QStringLiteral("source"));
    pair->target = pair->lab.address(QStringLiteral("target"));
    pair->fill = DatasetFiller::fill(pair->source, config.spec);
    if (!pair->fill.ok()) {
        *error = QStringLiteral("filling the source: ") + pair->fill.error;
        return {};
    }
    return pair;
}

std::unique_ptr<FollowingWriter> startWriter(const QStringList &addresses, QString *error)
{
    auto writer = std::make_unique<FollowingWriter>(addresses);
    writer->start();
    if (!writer->waitForAcksOn(addresses.first(), kWarmupAcks, 10000)) {
        *error = QStringLiteral("the writer did not reach %1").arg(addresses.first());
        return {};
    }
    return writer;
}

double runBare(const Pair &pair, double *linkUpMs, QString *error)
{
    BlockingRedis source(pair.source, {}, 10000);
    BlockingRedis target(pair.target, {}, 10000);
    QElapsedTimer clock;
    clock.start();
    if (!target.call({"REPLICAOF", "127.0.0.1", portOf(pair.source)}).ok) {
        *error = QStringLiteral("REPLICAOF refused: ") + target.errorString();
        return -1;
    }
    while (clock.elapsed() < 600000) {
        const qint64 offset = source.infoField("replication", "master_repl_offset").toLongLong();
        const QByteArray info = target.call({"INFO", "replication"}).text;
        const bool up = BlockingRedis::fieldOf(info, "master_link_status") == "up";
        if (up && *linkUpMs < 0)
            *linkUpMs = double(clock.nsecsElapsed()) / 1e6;
        if (up && BlockingRedis::fieldOf(info, "slave_repl_offset").toLongLong() >= offset)
            return double(clock.nsecsElapsed()) / 1e6;
        QThread::usleep(2000);
    }
    *error = QStringLiteral("the target did not catch up within 600 s");
    return -1;
}

double runKeyCopy(const Pair &pair, QString *error)
{
    QElapsedTimer clock;
    clock.start();
    const KeyDumps::Copied copied = KeyDumps::copy(pair.source, pair.target);
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    if (!copied.ok()) {
        *error = copied.error;
        return -1;
    }
    if (copied.keys < pair.fill.keys)
        *error = QStringLiteral("copied %1 keys of %2").arg(copied.keys).arg(pair.fill.keys);
    return error->isEmpty() ? ms : -1;
}

// tandemctl as a child, measured; meanwhile resets the writer's gap once the target has
// finished its initial sync while still a replica (the cutover has not begun), and notes
// every stretch without an acknowledged write (--verbose).
struct Child
{
    MeasuredChild::Result result;
    bool gapReset = false;
    QList<QPair<double, double>> stalls;   // from, to (ms since the start)
};

Child runChild(const Config &config, const QStringList &args, const Pair &pair, FollowingWriter *writer)
{
    Child child;
    BlockingRedis target(pair.target, {}, 10000);
    bool cutOver = false;
    qint64 acks = writer->acknowledged();
    double lastAckMs = 0;
    bool stood = false;   // a poll saw no new acknowledgement since lastAckMs
    auto poll = [&](double nowMs) {
        if (writer->acknowledged() == acks) {
            stood = true;
        } else {
            if (stood && nowMs - lastAckMs > kStallMs)
                child.stalls.append({lastAckMs, nowMs});
            acks = writer->acknowledged();
            lastAckMs = nowMs;
            stood = false;
        }
        if (child.gapReset || cutOver)
            return;
        const QByteArray info = target.call({"INFO", "replication"}).text;
        if (BlockingRedis::fieldOf(info, "role") == "slave" && BlockingRedis::fieldOf(info, "master_link_status") == "up"
            && BlockingRedis::fieldOf(info, "master_sync_in_progress") == "0") {
            writer->resetGap();
            child.gapReset = true;
        } else if (BlockingRedis::fieldOf(info, "role") == "master" && BlockingRedis::fieldOf(info, "connected_slaves") != "0") {
            cutOver = true;   // too late to measure the gap from the sync's end
        }
    };
    child.result = MeasuredChild::run(config.tandemctl, args, config.timeoutMs, poll, 2);
    return child;
}

TandemRun runTandem(const Config &config, const Pair &pair, FollowingWriter *writer)
{
    TandemRun run;
    QStringList args{QStringLiteral("migrate"), pair.source, pair.target, QStringLiteral("--yes"), QStringLiteral("--json")};
    if (!config.verify.isEmpty())
        args << QStringLiteral("--verify") << config.verify;
    args << QStringLiteral("--watch-old") << QString::number(config.watchOldSeconds);
    const Child child = runChild(config, args, pair, writer);
    const MeasuredChild::Result &result = child.result;
    run.rssMb = result.peakRssMb;
    if (config.verbose) {
        for (const MeasuredChild::Line &line : result.lines) {
            const QJsonObject event = QJsonDocument::fromJson(line.text).object();
            if (event.value(QStringLiteral("event")).toString() == QLatin1String("step"))
                err << QStringLiteral("    %1 ms (RSS %2 MB): %3\n").arg(line.ms, 7, 'f', 0).arg(line.rssMb, 0, 'f', 1)
                           .arg(event.value(QStringLiteral("text")).toString());
        }
        qint64 bytes = 0;
        for (const MeasuredChild::Line &line : result.lines)
            bytes += line.text.size() + 1;
        err << QStringLiteral("    stdout: %1 lines, %2 bytes\n").arg(result.lines.size()).arg(bytes);
        for (const auto &[ms, mb] : result.rssRises)
            err << QStringLiteral("    peak RSS %1 MB at %2 ms\n").arg(mb, 0, 'f', 1).arg(ms, 0, 'f', 0);
        for (const auto &[from, to] : child.stalls)
            err << QStringLiteral("    no write acknowledged from %1 to %2 ms\n").arg(from, 0, 'f', 0).arg(to, 0, 'f', 0);
    }
    if (!result.error.isEmpty() || result.exitCode != 0) {
        QStringList last;
        for (qsizetype i = std::max<qsizetype>(0, result.lines.size() - 5); i < result.lines.size(); ++i)
            last << QString::fromUtf8(result.lines.at(i).text);
        run.error = !result.error.isEmpty() ? result.error
                                            : QStringLiteral("tandemctl migrate exited %1: %2 %3")
                                                  .arg(result.exitCode).arg(result.errorOutput.right(2000), last.join(QLatin1Char('\n')));
        return run;
    }
    run.ms = result.ms;
    if (!writer->waitForAcksOn(pair.target, kSettleAcks, 15000)) {
        run.error = QStringLiteral("the writer did not follow to the target (at %1)").arg(writer->currentNode());
        return run;
    }
    if (child.gapReset) {
        run.gapMs = double(writer->longestGapUs()) / 1000.0;
        if (config.verbose)
            err << QStringLiteral("    the longest gap since the sync (%1 ms) ended at %2 ms\n")
                       .arg(*run.gapMs, 0, 'f', 2).arg(double(writer->longestGapEndNs() - result.startNs) / 1e6, 0, 'f', 0);
    }
    writer->stop();
    QString why;
    if (!BlockingRedis::waitConverged(pair.target, {pair.source}, {}, 60000, &why)) {
        run.error = QStringLiteral("the old source does not follow the target: %1").arg(why);
        return run;
    }
    run.lost = writer->missingOn(pair.target);
    if (config.verbose)
        err << "    the writer's list holds " << BlockingRedis(pair.target).call({"LLEN", "tandem:writes"}).text << " values\n";
    run.resync = BlockingRedis(pair.target).infoField("stats", "sync_full") == "0" ? QStringLiteral("partial")
                                                                                  : QStringLiteral("full");
    const KeyDumps::Compared compared = KeyDumps::compare(pair.target, pair.source);
    if (!compared.ok()) {
        run.error = QStringLiteral("compare: ") + compared.error;
        return run;
    }
    run.compared = compared.keys;
    run.differing = compared.differing;
    if (config.verbose) {
        for (const QString &e : compared.examples)
            err << "    differs: " << e << "\n";
    }
    return run;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs of each (default 5)."), QStringLiteral("N"),
                                        QStringLiteral("5"));
    const QCommandLineOption keysOption(QStringLiteral("keys"), QStringLiteral("Keys on the source (default 1000000)."),
                                        QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption bytesOption(QStringLiteral("bytes"), QStringLiteral("Payload bytes on the source (default 100000000)."),
                                         QStringLiteral("N"), QStringLiteral("100000000"));
    const QCommandLineOption gbOption(QStringLiteral("gb"), QStringLiteral("A 1 GB migration (--bytes 1000000000)."));
    const QCommandLineOption onlyOption(QStringLiteral("only"), QStringLiteral("Variants to run (comma-separated)."),
                                        QStringLiteral("list"), QStringLiteral("bare,keycopy,tandem"));
    const QCommandLineOption verifyOption(QStringLiteral("verify"), QStringLiteral("tandemctl migrate --verify MODE."),
                                          QStringLiteral("mode"));
    const QCommandLineOption watchOption(QStringLiteral("watch-old"),
                                         QStringLiteral("tandemctl migrate --watch-old S (default 0: timed to the cutover's end)."),
                                         QStringLiteral("S"), QStringLiteral("0"));
    const QCommandLineOption tandemctlOption(QStringLiteral("tandemctl"), QStringLiteral("The tandemctl to run."),
                                             QStringLiteral("path"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"), QStringLiteral("One line per run on stderr."));
    const QCommandLineOption checkOption(QStringLiteral("check"), QStringLiteral("Exit 3 when a target is missed."));
    parser.addOptions({runsOption, keysOption, bytesOption, gbOption, onlyOption, verifyOption, watchOption, tandemctlOption, jsonOption,
                       verboseOption, checkOption});
    parser.process(app);

    Config config;
    const int runs = std::max(1, parser.value(runsOption).toInt());
    config.spec.keys = std::max<qint64>(1, parser.value(keysOption).toLongLong());
    config.spec.bytes = parser.isSet(gbOption) ? 1000000000 : std::max<qint64>(1, parser.value(bytesOption).toLongLong());
    config.spec.dbs = {0, 3, 7};
    config.spec.ttlFraction = 0.2;
    config.only = parser.value(onlyOption).split(QLatin1Char(','), Qt::SkipEmptyParts);
    config.verify = parser.value(verifyOption);
    config.watchOldSeconds = std::max(0, parser.value(watchOption).toInt());
    config.verbose = parser.isSet(verboseOption);
    if (qEnvironmentVariableIsEmpty("TANDEM_BINARY_DIR"))   // build/tests/bench/bench_migrate
        qputenv("TANDEM_BINARY_DIR", QDir(QCoreApplication::applicationDirPath() + QStringLiteral("/../..")).absolutePath().toLocal8Bit());
    config.tandemctl = parser.isSet(tandemctlOption) ? parser.value(tandemctlOption) : CliRunner::tandemctl();
    // tandemctl's audit log and settings go to a directory of the run, not the user's.
    QTemporaryDir dataDir;
    qputenv("TANDEM_DATA_DIR", dataDir.path().toLocal8Bit());
    if (config.only.contains(QStringLiteral("tandem")) && config.tandemctl.isEmpty()) {
        err << "bench_migrate: tandemctl not found (build it, set TANDEM_BINARY_DIR or pass --tandemctl)\n";
        return 1;
    }

    Variant bare, keycopy, tandem;
    QList<TandemRun> tandemRuns;
    qint64 datasetBytes = 0, payloadBytes = 0, fillMs = 0;
    for (int run = 0; run < runs; ++run) {
        for (const QString &variant : std::as_const(config.only)) {
            QString error;
            const std::unique_ptr<Pair> pair = startPair(config, &error);
            if (!pair) {
                err << "bench_migrate: " << error << "\n";
                return 1;
            }
            datasetBytes = BlockingRedis(pair->source).infoField("memory", "used_memory_dataset").toLongLong();
            payloadBytes = pair->fill.payloadBytes;
            fillMs = pair->fill.elapsedMs;
            const bool isTandem = variant == QLatin1String("tandem");
            const std::unique_ptr<FollowingWriter> writer =
                startWriter(isTandem ? QStringList{pair->source, pair->target} : QStringList{pair->source}, &error);
            if (!writer) {
                err << "bench_migrate: " << error << "\n";
                return 1;
            }
            QString line;
            if (isTandem) {
                const TandemRun r = runTandem(config, *pair, writer.get());
                tandemRuns.append(r);
                if (r.error.isEmpty())
                    tandem.ms.append(r.ms);
                else
                    tandem.errors.append(r.error);
                line = r.error.isEmpty()
                           ? QStringLiteral("%1 ms, peak RSS %2 MB, gap %3 ms, lost %4, differing %5 of %6 (%7 resync)")
                                 .arg(r.ms, 0, 'f', 0).arg(r.rssMb, 0, 'f', 1)
                                 .arg(r.gapMs ? QString::number(*r.gapMs, 'f', 2) : QStringLiteral("n/a"))
                                 .arg(r.lost).arg(r.differing).arg(r.compared).arg(r.resync)
                           : QStringLiteral("failed: ") + r.error;
            } else if (variant == QLatin1String("bare") || variant == QLatin1String("keycopy")) {
                Variant &v = variant == QLatin1String("bare") ? bare : keycopy;
                double linkUpMs = -1;
                const double ms = variant == QLatin1String("bare") ? runBare(*pair, &linkUpMs, &error) : runKeyCopy(*pair, &error);
                if (ms >= 0)
                    v.ms.append(ms);
                else
                    v.errors.append(error);
                line = ms >= 0 ? QStringLiteral("%1 ms").arg(ms, 0, 'f', 0) : QStringLiteral("failed: ") + error;
                if (linkUpMs >= 0)
                    line += QStringLiteral(", link up after %1 ms").arg(linkUpMs, 0, 'f', 0);
            } else {
                err << "bench_migrate: unknown variant " << variant << "\n";
                return 1;
            }
            writer->stop();
            if (config.verbose) {
                err << QStringLiteral("run %1 %2: %3 (fill %4 ms)\n").arg(run + 1).arg(variant, line).arg(pair->fill.elapsedMs);
                err.flush();
            }
        }
    }

    // The figures and the targets.
    QList<double> gaps, rss;
    qint64 lost = 0, differing = 0;
    bool allChecked = !tandemRuns.isEmpty();
    for (const TandemRun &r : std::as_const(tandemRuns)) {
        if (r.gapMs)
            gaps.append(*r.gapMs);
        if (r.rssMb >= 0)
            rss.append(r.rssMb);
        allChecked = allChecked && r.error.isEmpty() && r.lost >= 0 && r.differing >= 0;
        lost += std::max<qint64>(0, r.lost);
        differing += std::max<qint64>(0, r.differing);
    }
    const double peakRss = rss.isEmpty() ? -1 : *std::max_element(rss.cbegin(), rss.cend());
    const double bareRatio = median(bare.ms) > 0 && median(tandem.ms) > 0 ? median(tandem.ms) / median(bare.ms) : -1;
    const double copyRatio = median(keycopy.ms) > 0 && median(tandem.ms) > 0 ? median(keycopy.ms) / median(tandem.ms) : -1;
    struct Target
    {
        QString name;
        QString measured;
        bool measuredAtAll;
        bool met;
    };
    const QList<Target> targets{
        {QStringLiteral("tandem <= %1 x bare").arg(kBareRatioTarget), QStringLiteral("%1 x").arg(bareRatio, 0, 'f', 2),
         bareRatio > 0, bareRatio > 0 && bareRatio <= kBareRatioTarget},
        {QStringLiteral("median gap <= %1 ms").arg(kGapTargetMs), QStringLiteral("%1 ms").arg(median(gaps), 0, 'f', 2),
         !gaps.isEmpty(), !gaps.isEmpty() && median(gaps) <= kGapTargetMs},
        {QStringLiteral("0 acknowledged writes lost"), QString::number(lost), allChecked, allChecked && lost == 0},
        {QStringLiteral("0 differing keys"), QString::number(differing), allChecked, allChecked && differing == 0},
        {QStringLiteral("key copy >= %1 x tandem").arg(kCopyRatioTarget), QStringLiteral("%1 x").arg(copyRatio, 0, 'f', 2),
         copyRatio > 0, copyRatio >= kCopyRatioTarget},
        {QStringLiteral("peak RSS < %1 MB").arg(kRssTargetMb), QStringLiteral("%1 MB").arg(peakRss, 0, 'f', 1), peakRss > 0,
         peakRss > 0 && peakRss < kRssTargetMb},
    };
    bool allMet = true;
    for (const Target &t : targets)
        allMet = allMet && t.met;

    if (parser.isSet(jsonOption)) {
        auto list = [](const QList<double> &v) {
            QJsonArray a;
            for (double x : v)
                a.append(x);
            return a;
        };
        QJsonArray runsJson, targetsJson;
        for (const TandemRun &r : std::as_const(tandemRuns)) {
            runsJson.append(QJsonObject{{QStringLiteral("ms"), r.ms},
                                        {QStringLiteral("peak_rss_mb"), r.rssMb},
                                        {QStringLiteral("gap_ms"), r.gapMs ? QJsonValue(*r.gapMs) : QJsonValue()},
                                        {QStringLiteral("lost"), r.lost},
                                        {QStringLiteral("differing"), r.differing},
                                        {QStringLiteral("compared"), r.compared},
                                        {QStringLiteral("resync"), r.resync},
                                        {QStringLiteral("error"), r.error}});
        }
        for (const Target &t : targets) {
            targetsJson.append(QJsonObject{{QStringLiteral("target"), t.name},
                                           {QStringLiteral("measured"), t.measuredAtAll ? QJsonValue(t.measured) : QJsonValue()},
                                           {QStringLiteral("met"), t.met}});
        }
        out << QJsonDocument(QJsonObject{{QStringLiteral("keys"), config.spec.keys},
                                         {QStringLiteral("payload_bytes"), payloadBytes},
                                         {QStringLiteral("used_memory_dataset"), datasetBytes},
                                         {QStringLiteral("fill_ms"), fillMs},
                                         {QStringLiteral("bare_ms"), list(bare.ms)},
                                         {QStringLiteral("keycopy_ms"), list(keycopy.ms)},
                                         {QStringLiteral("tandem"), runsJson},
                                         {QStringLiteral("median_bare_ms"), median(bare.ms)},
                                         {QStringLiteral("median_keycopy_ms"), median(keycopy.ms)},
                                         {QStringLiteral("median_tandem_ms"), median(tandem.ms)},
                                         {QStringLiteral("errors"), QJsonArray::fromStringList(bare.errors + keycopy.errors + tandem.errors)},
                                         {QStringLiteral("targets"), targetsJson},
                                         {QStringLiteral("all_targets_met"), allMet}})
                   .toJson(QJsonDocument::Indented);
    } else {
        out << QStringLiteral("source: %1 keys over dbs 0,3,7 (payload %2 MB, used_memory_dataset %3 MB, filled in %4 ms), "
                              "a full-speed writer, %5 run(s)\n")
                   .arg(config.spec.keys).arg(double(payloadBytes) / 1e6, 0, 'f', 1).arg(double(datasetBytes) / 1e6, 0, 'f', 1)
                   .arg(fillMs).arg(runs);
        out << QStringLiteral("bare REPLICAOF until caught up: median %1 ms\n").arg(median(bare.ms), 0, 'f', 0);
        out << QStringLiteral("key copy (SCAN+DUMP+RESTORE):   median %1 ms\n").arg(median(keycopy.ms), 0, 'f', 0);
        out << QStringLiteral("tandemctl migrate:              median %1 ms\n").arg(median(tandem.ms), 0, 'f', 0);
        for (const QString &e : bare.errors + keycopy.errors + tandem.errors)
            out << "  failed run: " << e << "\n";
        for (const Target &t : targets) {
            out << QStringLiteral("%1 %2: %3\n")
                       .arg(!t.measuredAtAll ? QStringLiteral("n/a ") : t.met ? QStringLiteral("PASS") : QStringLiteral("FAIL"),
                            t.name.leftJustified(28), t.measuredAtAll ? t.measured : QStringLiteral("not measured"));
        }
    }
    out.flush();
    return parser.isSet(checkOption) && !allMet ? 3 : 0;
}
