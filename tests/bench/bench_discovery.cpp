// Discovery speed: TopologyMonitor from a single seed (the leaf of a 3-level chain) until all
// 21 nodes of 1 master + 20 replicas are in the topology with snapshots, against an operator
// walking the same links with one `redis-cli -p P INFO replication` after another.
#include "ReplicationLab.h"
#include "TestEnv.h"

#include "info/InfoParser.h"
#include "topology/TopologyMonitor.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QSet>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

namespace {

QTextStream out(stdout);

constexpr int kReplicas = 20;
constexpr int kRuns = 7;

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

int nodesWithSnapshots(const Topology &t)
{
    int n = 0;
    for (const TopologyNode &node : t.nodes)
        n += node.hasSnapshot && node.isUp() ? 1 : 0;
    return n;
}

// Milliseconds from addSeed() until the topology holds every node with a snapshot; -1 on timeout.
double discoverOnce(quint16 leafPort, int expected)
{
    TopologyMonitor monitor;
    QEventLoop loop;
    QElapsedTimer clock;
    double ms = -1;
    QObject::connect(&monitor, &TopologyMonitor::topologyChanged, &loop, [&](const Topology &t) {
        if (ms < 0 && nodesWithSnapshots(t) == expected) {
            ms = double(clock.nsecsElapsed()) / 1e6;
            loop.quit();
        }
    });
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    ConnectionProfile seed;
    seed.port = leafPort;
    clock.start();
    monitor.addSeed(seed);
    loop.exec();
    return ms;
}

// The same walk by hand: ask a node, follow its master and its replicas, one process at a time.
double redisCliWalk(quint16 leafPort, int *asked)
{
    QElapsedTimer clock;
    clock.start();
    QList<quint16> queue{leafPort};
    QSet<quint16> seen{leafPort};
    *asked = 0;
    for (qsizetype i = 0; i < queue.size(); ++i) {
        QProcess p;
        p.start(QStringLiteral("redis-cli"), {QStringLiteral("-p"), QString::number(queue.at(i)),
                                              QStringLiteral("INFO"), QStringLiteral("replication")});
        if (!p.waitForFinished(5000))
            return -1;
        ++*asked;
        const NodeSnapshot s = InfoParser::parse(p.readAllStandardOutput());
        QList<quint16> next;
        if (s.role == NodeSnapshot::Role::Replica)
            next.append(s.masterPort);
        for (const ReplicaEntry &r : s.replicas)
            next.append(r.port);
        for (quint16 port : std::as_const(next)) {
            if (!seen.contains(port)) {
                seen.insert(port);
                queue.append(port);
            }
        }
    }
    return double(clock.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (TestEnv::findBinary(QStringLiteral("redis-cli")).isEmpty()) {
        out << "redis-cli is not installed (apt-get install redis-tools)\n";
        return 1;
    }
    // master -> c1 -> c2 -> c3 (the seed, 3 levels down) plus 17 more replicas of the master.
    ReplicationLab lab;
    bool ok = lab.addMaster(QStringLiteral("master"))
        && lab.addReplica(QStringLiteral("c1"), QStringLiteral("master"))
        && lab.addReplica(QStringLiteral("c2"), QStringLiteral("c1"))
        && lab.addReplica(QStringLiteral("c3"), QStringLiteral("c2"));
    for (int i = 4; ok && i <= kReplicas; ++i)
        ok = lab.addReplica(QStringLiteral("r%1").arg(i), QStringLiteral("master"));
    ok = ok && lab.waitLinked(60000);
    if (!ok) {
        out << "cannot start the lab: " << lab.errorString() << "\n";
        return 1;
    }
    const quint16 leaf = lab.port(QStringLiteral("c3"));
    const int expected = kReplicas + 1;

    discoverOnce(leaf, expected);  // warm-up (DNS, allocator, first connections)
    QList<double> ours;
    QList<double> theirs;
    int asked = 0;
    for (int i = 0; i < kRuns; ++i) {
        const double a = discoverOnce(leaf, expected);
        const double b = redisCliWalk(leaf, &asked);
        if (a < 0 || b < 0) {
            out << "run " << i << " failed (timeout)\n";
            return 1;
        }
        ours.append(a);
        theirs.append(b);
    }
    if (asked != expected) {
        out << "redis-cli walk found " << asked << " nodes, expected " << expected << "\n";
        return 1;
    }
    const double a = median(ours);
    const double b = median(theirs);
    out << QStringLiteral("nodes: %1 (1 master + %2 replicas, seed at depth 3)\n").arg(expected).arg(kReplicas);
    out << QStringLiteral("TopologyMonitor discovery   median %1 ms  (min %2, max %3, %4 runs)\n")
               .arg(a, 0, 'f', 1).arg(*std::min_element(ours.cbegin(), ours.cend()), 0, 'f', 1)
               .arg(*std::max_element(ours.cbegin(), ours.cend()), 0, 'f', 1).arg(kRuns);
    out << QStringLiteral("redis-cli walk (sequential) median %1 ms  (min %2, max %3)\n")
               .arg(b, 0, 'f', 1).arg(*std::min_element(theirs.cbegin(), theirs.cend()), 0, 'f', 1)
               .arg(*std::max_element(theirs.cbegin(), theirs.cend()), 0, 'f', 1);
    out << QStringLiteral("ratio: %1x faster  (targets: < 150 ms, >= 5x)  %2\n")
               .arg(a > 0 ? b / a : 0, 0, 'f', 1)
               .arg(a < 150 && b >= 5 * a ? QStringLiteral("OK") : QStringLiteral("MISSED"));
    out.flush();
    return 0;
}
