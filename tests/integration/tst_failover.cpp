// Failover when the master is dead, against real servers watched by a real TopologyMonitor:
// the replica with the most data wins (priority 0 and unreachable replicas are skipped), the
// loss is estimated before anything runs, the others follow the new master and it takes
// writes; refusals when the master is up or the chosen replica must never be promoted; an
// abort when the master comes back between review and run.
#include "LabProbe.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/AuditLog.h"
#include "ops/Executor.h"
#include "ops/FailoverPlanner.h"
#include "ops/NodeClients.h"
#include "topology/TopologyMonitor.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

class tst_Failover : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void failsOverToTheReplicaWithTheMostData();
    void refusesWhenMasterIsUp();
    void abortsWhenMasterReturnsBeforeRun();

private:
    static constexpr int kInterval = 200;

    QString addr(const QString &name) const { return m_lab->address(name); }
    RespResult call(const QString &name, const QByteArrayList &args) { return LabProbe::call(*m_lab, name, args); }
    NodeSnapshot info(const QString &name) { return LabProbe::info(*m_lab, name); }
    bool killHard(const QString &name)
    {
        const qint64 pid = info(name).processId;
        return pid > 0 && ::kill(pid_t(pid), SIGKILL) == 0;
    }
    void startMonitor(const QString &seed)
    {
        m_monitor = std::make_unique<TopologyMonitor>();
        m_monitor->setInterval(kInterval);
        ConnectionProfile p = m_lab->profile(seed);
        p.connectTimeoutMs = 1000;
        p.commandTimeoutMs = 1000;
        m_monitor->addSeed(p);
    }
    bool up(const QString &name) const
    {
        const TopologyNode *n = m_monitor->topology().node(addr(name));
        return n && n->isUp() && n->hasSnapshot;
    }
    // The topology shows the master unreachable and each listed replica up with its link down.
    bool masterLost(const QString &master, const QStringList &replicas) const
    {
        const Topology t = m_monitor->topology();
        const TopologyNode *m = t.node(addr(master));
        if (!m || m->isUp())
            return false;
        for (const QString &r : replicas) {
            const TopologyNode *n = t.node(addr(r));
            if (!n || !n->isUp() || n->snapshot.masterLinkStatus != QLatin1String("down"))
                return false;
        }
        return true;
    }
    ExecutionReport run(const Plan &plan)
    {
        NodeClients clients(nullptr, [this](const QString &a) { return m_monitor->profileFor(a); });
        AuditLog audit(m_dir.filePath(QStringLiteral("audit.jsonl")));
        Executor e(plan, &clients, &audit);
        QSignalSpy done(&e, &Executor::finished);
        e.start();
        if (!done.wait(30000))
            return {};
        return done.first().first().value<ExecutionReport>();
    }
    static const NodeFinalState *finalState(const ExecutionReport &r, const QString &address)
    {
        for (const NodeFinalState &s : r.finalStates) {
            if (s.address == address)
                return &s;
        }
        return nullptr;
    }
    static QString describe(const ExecutionReport &r)
    {
        QStringList lines{ExecutionReport::outcomeName(r.outcome) + QStringLiteral(": ") + r.message};
        for (const StepRecord &s : r.steps)
            lines << QStringLiteral("  %1 %2 %3").arg(s.id, StepRecord::statusName(s.status), s.message);
        return lines.join(QLatin1Char('\n'));
    }
    bool write(const QString &name, const QByteArray &prefix, int count)
    {
        for (int i = 0; i < count; ++i) {
            if (!call(name, {"SET", prefix + QByteArray::number(i), "v"}).ok())
                return false;
        }
        return true;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ReplicationLab> m_lab;
    std::unique_ptr<TopologyMonitor> m_monitor;
};

void tst_Failover::initTestCase()
{
    QVERIFY(!TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty());
    QVERIFY(m_dir.isValid());
}

void tst_Failover::init()
{
    m_lab = std::make_unique<ReplicationLab>();
}

void tst_Failover::cleanup()
{
    m_monitor.reset();
    m_lab.reset();
}

void tst_Failover::failsOverToTheReplicaWithTheMostData()
{
    // behind: paused while the last writes arrive; best: has everything; never: priority 0,
    // has everything too; gone: killed before the master.
    QVERIFY2(m_lab->addMaster(QStringLiteral("m")), qPrintable(m_lab->errorString()));
    for (const QString &r : {QStringLiteral("behind"), QStringLiteral("best"), QStringLiteral("gone")})
        QVERIFY2(m_lab->addReplica(r, QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->addReplica(QStringLiteral("never"), QStringLiteral("m"),
                               {QStringLiteral("--replica-priority"), QStringLiteral("0")}),
             qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->waitLinked(), qPrintable(m_lab->errorString()));
    QVERIFY(write(QStringLiteral("m"), "before:", 50));
    QCOMPARE(call(QStringLiteral("m"), {"WAIT", "4", "5000"}).value.toInteger(), 4);

    startMonitor(QStringLiteral("m"));
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->isSettled() && up(QStringLiteral("gone")) && up(QStringLiteral("best")), 5000);
    QVERIFY(killHard(QStringLiteral("gone")));
    // Paused, "behind" no longer applies what its master sends.
    QVERIFY(call(QStringLiteral("behind"), {"CLIENT", "PAUSE", "8000", "WRITE"}).ok());
    QVERIFY(write(QStringLiteral("m"), "after:", 50));
    QCOMPARE(call(QStringLiteral("m"), {"WAIT", "2", "5000"}).value.toInteger(), 2);
    const qint64 finalOffset = info(QStringLiteral("m")).masterReplOffset;
    // Tandem must have seen the master's last offset before it dies.
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->topology().node(addr(QStringLiteral("m")))->snapshot.masterReplOffset >= finalOffset,
                             3000);
    QVERIFY(killHard(QStringLiteral("m")));
    QElapsedTimer clock;
    clock.start();
    const QStringList alive{QStringLiteral("behind"), QStringLiteral("best"), QStringLiteral("never")};
    QTRY_VERIFY_WITH_TIMEOUT(masterLost(QStringLiteral("m"), alive) && !up(QStringLiteral("gone")), 5000);
    qInfo("topology showed the master lost after %lld ms", clock.elapsed());
    const Topology t = m_monitor->topology();

    // Ranking: the most data first; priority 0 and unreachable replicas are not candidates.
    const QList<FailoverCandidate> ranked = FailoverPlanner::rank(t, addr(QStringLiteral("m")));
    QStringList order;
    for (const FailoverCandidate &c : ranked)
        order << QStringLiteral("%1 %2 %3 (%4)").arg(c.address).arg(c.eligible).arg(c.appliedOffset).arg(c.reason);
    QVERIFY2(ranked.size() == 4, qPrintable(order.join(QLatin1Char('\n'))));
    QVERIFY2(ranked.at(0).address == addr(QStringLiteral("best")) && ranked.at(0).eligible, qPrintable(order.join(QLatin1Char('\n'))));
    QVERIFY2(ranked.at(1).address == addr(QStringLiteral("behind")) && ranked.at(1).eligible, qPrintable(order.join(QLatin1Char('\n'))));
    QVERIFY(ranked.at(1).appliedOffset < ranked.at(0).appliedOffset);
    // Everything the master had when Tandem last saw it reached "best".
    const qint64 lastSeenOffset = t.node(addr(QStringLiteral("m")))->snapshot.masterReplOffset;
    QVERIFY(ranked.at(0).appliedOffset >= lastSeenOffset);
    QCOMPARE(ranked.at(0).estimatedLossBytes, 0);
    const qint64 gap = ranked.at(0).appliedOffset - ranked.at(1).appliedOffset;
    QVERIFY(gap > 0);
    QCOMPARE(ranked.at(1).estimatedLossBytes, gap);
    for (const FailoverCandidate &c : ranked.mid(2)) {
        QVERIFY(!c.eligible);
        if (c.address == addr(QStringLiteral("never")))
            QVERIFY2(c.reason.contains(QLatin1String("replica-priority 0")), qPrintable(c.reason));
        else
            QVERIFY2(c.address == addr(QStringLiteral("gone")) && c.reason.contains(QLatin1String("unreachable")),
                     qPrintable(c.reason));
    }

    // --to a priority-0 replica: a clear refusal and nothing changes.
    FailoverOptions toNever;
    toNever.candidate = addr(QStringLiteral("never"));
    const Plan refused = FailoverPlanner::build(t, addr(QStringLiteral("m")), toNever);
    QVERIFY(!refused.canRun());
    QVERIFY2(refused.refusal().contains(QLatin1String("replica-priority 0")), qPrintable(refused.refusal()));
    const ExecutionReport refusedRun = run(refused);
    QCOMPARE(refusedRun.outcome, ExecutionReport::Outcome::Refused);
    QCOMPARE(info(QStringLiteral("never")).role, NodeSnapshot::Role::Replica);

    // --to the replica that is behind: allowed, and the review says what it would lose.
    FailoverOptions toBehind;
    toBehind.candidate = addr(QStringLiteral("behind"));
    const Plan lossy = FailoverPlanner::build(t, addr(QStringLiteral("m")), toBehind);
    QVERIFY2(lossy.canRun(), qPrintable(lossy.refusal()));
    QCOMPARE(lossy.facts.value(QStringLiteral("estimated_loss_bytes")).toInteger(), gap);
    const QString lossText = QStringLiteral("Writes after offset %1 that only the old master had, about %2 bytes, will be lost")
                                 .arg(ranked.at(1).appliedOffset).arg(gap);
    QVERIFY2(lossy.risks.join(QLatin1Char('\n')).contains(lossText), qPrintable(lossy.risks.join(QLatin1Char('\n'))));
    qInfo("estimated loss if the lagging replica were promoted: %lld bytes", gap);

    QVERIFY(call(QStringLiteral("behind"), {"CLIENT", "UNPAUSE"}).ok());

    // The real thing: the best replica.
    const Plan plan = FailoverPlanner::build(t, addr(QStringLiteral("m")));
    QVERIFY2(plan.canRun(), qPrintable(plan.render()));
    QCOMPARE(plan.facts.value(QStringLiteral("candidate")).toString(), addr(QStringLiteral("best")));
    QCOMPARE(plan.facts.value(QStringLiteral("estimated_loss_bytes")).toInteger(), 0);
    QCOMPARE(plan.facts.value(QStringLiteral("candidates")).toArray().size(), 4);
    clock.restart();
    const ExecutionReport report = run(plan);
    qInfo("failover ran in %lld ms", clock.elapsed());
    QVERIFY2(report.ok(), qPrintable(describe(report)));

    const NodeFinalState *best = finalState(report, addr(QStringLiteral("best")));
    QVERIFY(best && best->role == QLatin1String("master") && best->writable);
    for (const QString &r : {QStringLiteral("behind"), QStringLiteral("never")}) {
        const NodeFinalState *s = finalState(report, addr(r));
        QVERIFY2(s && s->role == QLatin1String("replica") && s->linkUp, qPrintable(r));
        QCOMPARE(s->masterAddress, addr(QStringLiteral("best")));
    }
    const NodeFinalState *old = finalState(report, addr(QStringLiteral("m")));
    QVERIFY(old && !old->reachable);
    const auto fence = FailoverPlanner::fenceOf(report);
    QVERIFY(fence);
    QCOMPARE(fence->first, addr(QStringLiteral("m")));
    QCOMPARE(fence->second, addr(QStringLiteral("best")));
    QCOMPARE(report.metrics.value(QStringLiteral("fence_old")).toString(), addr(QStringLiteral("m")));

    // The new master takes writes, keeps what the old one had shipped, and its replicas follow.
    QVERIFY(call(QStringLiteral("best"), {"SET", "new:key", "hello"}).ok());
    QCOMPARE(call(QStringLiteral("best"), {"DBSIZE"}).value.toInteger(), 101);
    QCOMPARE(call(QStringLiteral("best"), {"WAIT", "2", "5000"}).value.toInteger(), 2);
    QCOMPARE(call(QStringLiteral("behind"), {"GET", "new:key"}).value.bytes(), QByteArray("hello"));
    QCOMPARE(call(QStringLiteral("never"), {"DBSIZE"}).value.toInteger(), 101);
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->topology().edgeTo(addr(QStringLiteral("behind")))
                                 && m_monitor->topology().edgeTo(addr(QStringLiteral("behind")))->master == addr(QStringLiteral("best")),
                             5000);
}

void tst_Failover::refusesWhenMasterIsUp()
{
    QVERIFY2(m_lab->addMaster(QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->addReplica(QStringLiteral("r"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->waitLinked(), qPrintable(m_lab->errorString()));
    startMonitor(QStringLiteral("r"));
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->isSettled() && up(QStringLiteral("m")) && up(QStringLiteral("r")), 5000);
    const Plan plan = FailoverPlanner::build(m_monitor->topology(), addr(QStringLiteral("r")));
    QVERIFY(!plan.canRun());
    QVERIFY2(plan.refusal().contains(QLatin1String("is up and answering: use a switchover")), qPrintable(plan.refusal()));
    const ExecutionReport report = run(plan);
    QCOMPARE(report.outcome, ExecutionReport::Outcome::Refused);
    QVERIFY(report.steps.isEmpty());
    QCOMPARE(info(QStringLiteral("r")).role, NodeSnapshot::Role::Replica);
    QCOMPARE(info(QStringLiteral("m")).role, NodeSnapshot::Role::Master);
}

void tst_Failover::abortsWhenMasterReturnsBeforeRun()
{
    QVERIFY2(m_lab->addMaster(QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->addReplica(QStringLiteral("r1"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->addReplica(QStringLiteral("r2"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
    QVERIFY2(m_lab->waitLinked(), qPrintable(m_lab->errorString()));
    startMonitor(QStringLiteral("m"));
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->isSettled() && up(QStringLiteral("r1")) && up(QStringLiteral("r2")), 5000);
    QVERIFY(killHard(QStringLiteral("m")));
    QTRY_VERIFY_WITH_TIMEOUT(masterLost(QStringLiteral("m"), {QStringLiteral("r1"), QStringLiteral("r2")}), 5000);
    const Plan plan = FailoverPlanner::build(m_monitor->topology(), addr(QStringLiteral("m")));
    QVERIFY2(plan.canRun(), qPrintable(plan.render()));

    // Between review and confirmation the master comes back.
    QVERIFY2(m_lab->restart(QStringLiteral("m")), qPrintable(m_lab->errorString()));
    const ExecutionReport report = run(plan);
    QCOMPARE(report.outcome, ExecutionReport::Outcome::Aborted);
    QVERIFY2(report.message.contains(QLatin1String("the master is back, use a switchover")), qPrintable(describe(report)));
    QCOMPARE(report.steps.size(), 1);
    QVERIFY(!FailoverPlanner::fenceOf(report));
    QCOMPARE(info(QStringLiteral("r1")).role, NodeSnapshot::Role::Replica);
    QCOMPARE(info(QStringLiteral("r2")).role, NodeSnapshot::Role::Replica);
    QCOMPARE(info(QStringLiteral("m")).role, NodeSnapshot::Role::Master);
}

TANDEM_TEST_GUILESS_MAIN(tst_Failover)
#include "tst_failover.moc"
