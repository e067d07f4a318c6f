// Steady-state cost of watching: TopologyMonitor polling 50 nodes (5 groups of a master and
// 9 replicas) at 1 Hz for ~20 s. Reports CPU time per wall second of this process (getrusage)
// and its memory, next to the same process idling in its event loop for a while.
#include "ReplicationLab.h"
#include "TestEnv.h"

#include "topology/TopologyMonitor.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

namespace {

QTextStream out(stdout);

constexpr int kGroups = 5;
constexpr int kReplicasPerGroup = 9;
constexpr int kMeasureMs = 20000;
constexpr int kIdleMs = 10000;

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long maxRssKb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

long currentRssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLong();
    }
    return 0;
}

void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// CPU share of one core (percent) while the event loop runs for `ms`.
double cpuPercentOver(int ms)
{
    QElapsedTimer wall;
    const double before = cpuSeconds();
    wall.start();
    spin(ms);
    return 100.0 * (cpuSeconds() - before) / (double(wall.nsecsElapsed()) / 1e9);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ReplicationLab lab;
    QList<ConnectionProfile> seeds;
    bool ok = true;
    for (int g = 0; ok && g < kGroups; ++g) {
        const QString master = QStringLiteral("m%1").arg(g);
        ok = lab.addMaster(master);
        for (int r = 0; ok && r < kReplicasPerGroup; ++r)
            ok = lab.addReplica(QStringLiteral("m%1r%2").arg(g).arg(r), master);
        ConnectionProfile p;
        p.port = lab.port(master);
        seeds.append(p);
    }
    ok = ok && lab.waitLinked(120000);
    if (!ok) {
        out << "cannot start the lab: " << lab.errorString() << "\n";
        return 1;
    }
    const int expected = kGroups * (kReplicasPerGroup + 1);

    const long rssBefore = currentRssKb();
    const double idle = cpuPercentOver(kIdleMs);

    TopologyMonitor monitor;
    int rebuilds = 0;
    QObject::connect(&monitor, &TopologyMonitor::topologyChanged, &app, [&rebuilds] { ++rebuilds; });
    for (const ConnectionProfile &p : std::as_const(seeds))
        monitor.addSeed(p);
    QEventLoop settle;
    QObject::connect(&monitor, &TopologyMonitor::settled, &settle, &QEventLoop::quit);
    QTimer::singleShot(10000, &settle, &QEventLoop::quit);
    settle.exec();
    spin(1500);  // let the first full round and the connection set-up pass
    int up = 0;
    for (const TopologyNode &n : monitor.topology().nodes)
        up += n.isUp() && n.hasSnapshot ? 1 : 0;
    if (up != expected) {
        out << "only " << up << " of " << expected << " nodes up\n";
        return 1;
    }

    rebuilds = 0;
    const double busy = cpuPercentOver(kMeasureMs);
    const long rssAfter = currentRssKb();

    out << QStringLiteral("nodes polled: %1 at %2 ms, measured %3 s\n").arg(expected).arg(monitor.interval()).arg(kMeasureMs / 1000);
    out << QStringLiteral("CPU: %1 % of one core while polling; idle event loop %2 %; difference %3 %  (target < 3 %)  %4\n")
               .arg(busy, 0, 'f', 2).arg(idle, 0, 'f', 2).arg(busy - idle, 0, 'f', 2)
               .arg(busy < 3.0 ? QStringLiteral("OK") : QStringLiteral("MISSED"));
    out << QStringLiteral("CPU ratio polling / idle: %1x\n").arg(idle > 0 ? busy / idle : 0.0, 0, 'f', 1);
    out << QStringLiteral("rebuilds: %1 in %2 s (%3 per second)\n").arg(rebuilds).arg(kMeasureMs / 1000)
               .arg(rebuilds * 1000.0 / kMeasureMs, 0, 'f', 2);
    out << QStringLiteral("RSS: %1 MiB before the monitor, %2 MiB while polling (+%3 MiB), max RSS %4 MiB\n")
               .arg(rssBefore / 1024.0, 0, 'f', 1).arg(rssAfter / 1024.0, 0, 'f', 1)
               .arg((rssAfter - rssBefore) / 1024.0, 0, 'f', 1).arg(maxRssKb() / 1024.0, 0, 'f', 1);
    out.flush();
    return 0;
}
