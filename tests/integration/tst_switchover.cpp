#include "FollowingWriter.h"
#include "FreezableRelay.h"
#include "LabProbe.h"
#include "ReplicationLab.h"
#include "TestEnv.h"
#include "TestRegistry.h"

#include "ops/AuditLog.h"
#include "ops/Executor.h"
#include "ops/NodeClients.h"
#include "ops/SwitchoverPlanner.h"
#include "topology/TopologyMonitor.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <memory>

// Planned switchovers on real redis-servers (a master and two replicas) under a writer at full
// speed: no acknowledged write is ever lost, every node ends up following the new master with
// a partial resync, the pause clients see stays in milliseconds, and when something breaks
// midway (candidate dies or is cut off, old master dies) the group is left usable.
class TestSwitchover : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ReplicationLab> m_lab;
    std::unique_ptr<QTemporaryDir> m_data;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<NodeClients> m_clients;
    QHash<QString, quint16> m_proxied;  // address -> relay port Tandem goes through

    QString addr(const QString &name) const { return m_lab->address(name); }
    QStringList allAddresses() const
    {
        return {addr(QStringLiteral("m")), addr(QStringLiteral("a")), addr(QStringLiteral("b"))};
    }
    QString nameOf(const QString &address) const
    {
        for (const QString &n : m_lab->names()) {
            if (addr(n) == address)
                return n;
        }
        return {};
    }

    ConnectionProfile profileFor(const QString &address) const
    {
        ConnectionProfile p;
        const QString name = nameOf(address);
        if (!name.isEmpty())
            p = m_lab->profile(name);
        else
            p.port = NodeClients::splitAddress(address).second;
        if (m_proxied.contains(address))
            p.port = m_proxied.value(address);
        return p;
    }

    RespResult call(const QString &name, const QByteArrayList &args) { return LabProbe::call(*m_lab, name, args, 5000); }
    NodeSnapshot info(const QString &name) { return LabProbe::info(*m_lab, name); }
    bool follows(const QString &name, const QString &master) { return LabProbe::follows(*m_lab, name, master); }
    qint64 totalFullSyncs()
    {
        qint64 sum = 0;
        for (const QString &n : m_lab->names())
            sum += info(n).syncFull;
        return sum;
    }
    // Every replica has applied everything the master has (nothing in flight).
    bool settledOn(const QString &master)
    {
        return QTest::qWaitFor([&] {
            const qint64 offset = info(master).masterReplOffset;
            for (const QString &n : m_lab->names()) {
                if (n != master && m_lab->server(n)->isRunning() && info(n).replicaReplOffset.value_or(-1) < offset)
                    return false;
            }
            return true;
        }, 5000);
    }

    // A real topology from discovery, once it shows `master` with `replicas` linked replicas.
    Topology discover(const QString &master, int replicas)
    {
        TopologyMonitor monitor;
        monitor.setInterval(100);
        for (const QString &n : m_lab->names()) {
            if (m_lab->server(n)->isRunning())
                monitor.addSeed(m_lab->profile(n));
        }
        const bool ok = QTest::qWaitFor([&] {
            if (!monitor.isSettled())
                return false;
            const Topology t = monitor.topology();
            int linked = 0;
            for (const TopologyEdge *e : t.edgesFrom(addr(master)))
                linked += (e->linkUp && !e->syncInProgress) ? 1 : 0;
            const TopologyNode *m = t.node(addr(master));
            return m && m->role == NodeSnapshot::Role::Master && linked == replicas;
        }, 10000);
        if (!ok)
            qWarning("topology did not settle on %s", qPrintable(master));
        return monitor.topology();
    }

    ExecutionReport execute(const Plan &plan, const std::function<void(Executor &)> &setup = {})
    {
        Executor e(plan, m_clients.get(), m_audit.get());
        if (setup)
            setup(e);
        QSignalSpy done(&e, &Executor::finished);
        e.start();
        if (!done.wait(30000))
            return {};
        return done.first().first().value<ExecutionReport>();
    }

    static int stepIndex(const Plan &plan, const QString &id)
    {
        for (int i = 0; i < plan.steps.size(); ++i) {
            if (plan.steps.at(i).id == id)
                return i;
        }
        return -1;
    }
    static const StepRecord *record(const ExecutionReport &r, const QString &id)
    {
        for (const StepRecord &s : r.steps) {
            if (s.id == id)
                return &s;
        }
        return nullptr;
    }
    static QString describe(const ExecutionReport &r)
    {
        QStringList lines{ExecutionReport::outcomeName(r.outcome) + QStringLiteral(": ") + r.message};
        for (const StepRecord &s : r.steps)
            lines.append(QStringLiteral("  %1 %2 %3ms %4").arg(s.id, StepRecord::statusName(s.status)).arg(s.durationMs).arg(s.message));
        for (const NodeFinalState &f : r.finalStates)
            lines.append(QStringLiteral("  final %1: %2 %3 %4").arg(f.address, f.role, f.masterAddress, f.error));
        lines.append(QStringLiteral("  total %1 ms").arg(r.durationMs));
        return lines.join(QLatin1Char('\n'));
    }

    // SIGKILL, then wait until the process is really gone (no late command gets through).
    static void killHard(qint64 pid)
    {
        ::kill(pid_t(pid), SIGKILL);
        const bool gone = QTest::qWaitFor([pid] {
            QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
            if (!stat.open(QIODevice::ReadOnly))
                return true;
            const QByteArray s = stat.readAll();
            const qsizetype close = s.lastIndexOf(')');
            return close > 0 && s.size() > close + 2 && s.at(close + 2) == 'Z';
        }, 3000);
        if (!gone)
            qWarning("process %lld did not die", pid);
    }

    // Writes one key through a fresh connection and says how long it took (-1 = refused).
    qint64 timedWrite(const QString &name)
    {
        QElapsedTimer clock;
        clock.start();
        const RespResult r = call(name, {"SET", "probe", "1"});
        return r.ok() ? clock.elapsed() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (TestEnv::requireBinary(QStringLiteral("redis-server"), QStringLiteral("redis-server")).isEmpty())
            return;
        TestEnv::requireBinary(QStringLiteral("redis-cli"), QStringLiteral("redis-tools"));
    }

    void init()
    {
        m_lab = std::make_unique<ReplicationLab>();
        QVERIFY2(m_lab->addMaster(QStringLiteral("m")), qPrintable(m_lab->errorString()));
        QVERIFY2(m_lab->addReplica(QStringLiteral("a"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
        QVERIFY2(m_lab->addReplica(QStringLiteral("b"), QStringLiteral("m")), qPrintable(m_lab->errorString()));
        QVERIFY2(m_lab->waitLinked(), qPrintable(m_lab->errorString()));
        m_data = std::make_unique<QTemporaryDir>();
        m_audit = std::make_unique<AuditLog>(m_data->filePath(QStringLiteral("audit.jsonl")));
        m_proxied.clear();
        m_clients = std::make_unique<NodeClients>(nullptr, [this](const QString &a) { return profileFor(a); });
    }

    void cleanup()
    {
        m_clients.reset();
        m_lab.reset();
    }

    void coordinatedBackAndForthUnderLoad();
    void failoverCommandStrategy();
    void legacyPausePath();
    void candidateDiesWhileCatchingUp();
    void oldMasterDiesMidSwitchover();
    void candidateCutOffTimesOut();
    void badInputChangesNothing();
};

void TestSwitchover::coordinatedBackAndForthUnderLoad()
{
    FollowingWriter writer(allAddresses());
    writer.start();
    QVERIFY(writer.waitForMore(500, 5000));
    const qint64 fullSyncsBefore = totalFullSyncs();

    QString master = QStringLiteral("m");
    const QStringList names{QStringLiteral("m"), QStringLiteral("a"), QStringLiteral("b")};
    QList<qint64> gaps, pauses;
    const int runs = 10;
    for (int run = 0; run < runs; ++run) {
        // Round robin: every node is promoted and demoted in turn.
        const QString candidate = names.at((names.indexOf(master) + 1) % names.size());
        const Topology topology = discover(master, 2);
        SwitchoverOptions options;
        options.strategy = SwitchoverOptions::Strategy::Coordinated;
        const Plan plan = SwitchoverPlanner::build(topology, addr(candidate), options);
        QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));

        QVERIFY(writer.waitForMore(200, 5000));
        writer.resetGap();
        const ExecutionReport report = execute(plan);
        QVERIFY(writer.waitForMore(200, 5000));  // the writer found the new master
        const qint64 gap = writer.longestGapMs();
        const qint64 pause = report.metrics.value(QStringLiteral("write_pause_ms")).toInteger(-1);
        qInfo("run %d: %s -> %s, longest write gap %lld ms, write_pause_ms %lld (%lld us), took %lld ms", run + 1,
              qPrintable(master), qPrintable(candidate), gap, pause,
              report.metrics.value(QStringLiteral("write_pause_us")).toInteger(-1), report.durationMs);
        QVERIFY2(report.outcome == ExecutionReport::Outcome::Succeeded, qPrintable(describe(report)));
        // One slow run on a loaded machine (the candidate lagging) is not a regression; the
        // median below is the real check. Still far below FAILOVER's ~500 ms wait each time.
        QVERIFY2(pause >= 0 && pause < 1000, qPrintable(describe(report)));
        if (pause > 50)
            qInfo("slow run:\n%s", qPrintable(describe(report)));

        // Every node follows the new master (checked on the nodes themselves).
        QCOMPARE(info(candidate).role, NodeSnapshot::Role::Master);
        for (const QString &n : names) {
            if (n != candidate)
                QTRY_VERIFY2_WITH_TIMEOUT(follows(n, candidate), qPrintable(n), 5000);
        }
        QCOMPARE(writer.currentNode(), addr(candidate));
        gaps.append(gap);
        pauses.append(pause);
        master = candidate;
    }
    writer.stop();
    QVERIFY(settledOn(master));
    QVERIFY(writer.acknowledged() > 1000);
    // Zero acknowledged writes lost, on the final master and on every replica.
    for (const QString &n : names)
        QCOMPARE(writer.missingOn(addr(n)), 0);
    // PSYNC2: the old master and the siblings always resynced partially.
    QCOMPARE(totalFullSyncs(), fullSyncsBefore);
    std::sort(gaps.begin(), gaps.end());
    std::sort(pauses.begin(), pauses.end());
    qInfo("coordinated: %d runs, %lld writes acknowledged, write gap median %lld ms max %lld ms, "
          "write_pause_ms median %lld max %lld", runs, writer.acknowledged(), gaps.at(runs / 2), gaps.last(),
          pauses.at(runs / 2), pauses.last());
    QVERIFY2(pauses.at(runs / 2) < 200, "median write pause");
    QVERIFY(m_audit->unfinished().isEmpty());
}

void TestSwitchover::failoverCommandStrategy()
{
    FollowingWriter writer(allAddresses());
    writer.start();
    QVERIFY(writer.waitForMore(500, 5000));
    SwitchoverOptions options;
    options.strategy = SwitchoverOptions::Strategy::FailoverCommand;
    const Plan plan = SwitchoverPlanner::build(discover(QStringLiteral("m"), 2), addr(QStringLiteral("a")), options);
    QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
    writer.resetGap();
    const ExecutionReport report = execute(plan);
    QVERIFY(writer.waitForMore(200, 5000));
    qInfo("FAILOVER command: longest write gap %lld ms, write_pause_ms %lld", writer.longestGapMs(),
          report.metrics.value(QStringLiteral("write_pause_ms")).toInteger(-1));
    QVERIFY2(report.outcome == ExecutionReport::Outcome::Succeeded, qPrintable(describe(report)));
    QVERIFY(report.metrics.value(QStringLiteral("write_pause_ms")).toInteger(-1) > 0);
    QCOMPARE(info(QStringLiteral("a")).role, NodeSnapshot::Role::Master);
    QVERIFY(follows(QStringLiteral("m"), QStringLiteral("a")));
    // Redis leaves b on the old master; Tandem repointed it.
    QTRY_VERIFY_WITH_TIMEOUT(follows(QStringLiteral("b"), QStringLiteral("a")), 5000);
    writer.stop();
    QVERIFY(settledOn(QStringLiteral("a")));
    for (const QString &n : m_lab->names())
        QCOMPARE(writer.missingOn(addr(n)), 0);
}

void TestSwitchover::legacyPausePath()
{
    FollowingWriter writer(allAddresses());
    writer.start();
    QVERIFY(writer.waitForMore(500, 5000));
    SwitchoverOptions options;
    options.strategy = SwitchoverOptions::Strategy::Coordinated;
    options.legacyPause = true;
    const Plan plan = SwitchoverPlanner::build(discover(QStringLiteral("m"), 2), addr(QStringLiteral("b")), options);
    QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
    QCOMPARE(plan.facts.value(QStringLiteral("pause_mode")).toString(), QStringLiteral("all"));
    writer.resetGap();
    const ExecutionReport report = execute(plan);
    QVERIFY(writer.waitForMore(200, 5000));
    qInfo("legacy pause: longest write gap %lld ms, write_pause_ms %lld\n%s", writer.longestGapMs(),
          report.metrics.value(QStringLiteral("write_pause_ms")).toInteger(-1), qPrintable(describe(report)));
    QVERIFY2(report.outcome == ExecutionReport::Outcome::Succeeded, qPrintable(describe(report)));
    QCOMPARE(info(QStringLiteral("b")).role, NodeSnapshot::Role::Master);
    QTRY_VERIFY_WITH_TIMEOUT(follows(QStringLiteral("m"), QStringLiteral("b")), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(follows(QStringLiteral("a"), QStringLiteral("b")), 5000);
    // The raised min-replicas-to-write was put back on the demoted master.
    const RespResult minReplicas = call(QStringLiteral("m"), {"CONFIG", "GET", "min-replicas-to-write"});
    QVERIFY(minReplicas.ok());
    QCOMPARE(minReplicas.value.elements().value(1).bytes(), QByteArray("0"));
    writer.stop();
    QVERIFY(settledOn(QStringLiteral("b")));
    for (const QString &n : m_lab->names())
        QCOMPARE(writer.missingOn(addr(n)), 0);
}

void TestSwitchover::candidateDiesWhileCatchingUp()
{
    FollowingWriter writer(allAddresses());
    writer.start();
    QVERIFY(writer.waitForMore(500, 5000));
    const qint64 pid = info(QStringLiteral("a")).processId;
    QVERIFY(pid > 0);
    const Plan plan = SwitchoverPlanner::build(discover(QStringLiteral("m"), 2), addr(QStringLiteral("a")));
    QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
    const int pauseStep = stepIndex(plan, QStringLiteral("pause"));
    const int catchUpStep = stepIndex(plan, QStringLiteral("catch-up"));
    const quint16 masterPort = m_lab->port(QStringLiteral("m"));
    const ExecutionReport report = execute(plan, [&](Executor &e) {
        connect(&e, &Executor::stepStarted, &e, [&, pid, masterPort](int index, const StepRecord &rec) {
            if (rec.compensation)
                return;
            if (index == pauseStep) {
                // Frozen candidate, and one more write it has not seen: it cannot catch up.
                ::kill(pid_t(pid), SIGSTOP);
                QProcess::execute(QStringLiteral("redis-cli"), {QStringLiteral("-p"), QString::number(masterPort),
                                                                QStringLiteral("SET"), QStringLiteral("unseen"), QStringLiteral("1")});
            } else if (index == catchUpStep) {
                QTimer::singleShot(300, &e, [pid] { killHard(pid); });
            }
        });
    });
    QVERIFY2(report.outcome == ExecutionReport::Outcome::Aborted, qPrintable(describe(report)));
    QVERIFY(record(report, QStringLiteral("pause.undo")));
    QCOMPARE(record(report, QStringLiteral("pause.undo"))->status, StepRecord::Status::Succeeded);
    QVERIFY(!record(report, QStringLiteral("promote")));
    // The master was never given up, and takes writes again at once.
    QCOMPARE(info(QStringLiteral("m")).role, NodeSnapshot::Role::Master);
    const qint64 writeMs = timedWrite(QStringLiteral("m"));
    QVERIFY2(writeMs >= 0 && writeMs < 1000, qPrintable(QString::number(writeMs)));
    QVERIFY(follows(QStringLiteral("b"), QStringLiteral("m")));
    QVERIFY(!info(QStringLiteral("a")).processId);
    QVERIFY(writer.waitForMore(200, 5000));
    QCOMPARE(writer.currentNode(), addr(QStringLiteral("m")));
    writer.stop();
    QCOMPARE(writer.missingOn(addr(QStringLiteral("m"))), 0);
}

void TestSwitchover::oldMasterDiesMidSwitchover()
{
    FollowingWriter writer(allAddresses());
    writer.start();
    QVERIFY(writer.waitForMore(500, 5000));
    const qint64 pid = info(QStringLiteral("m")).processId;
    QVERIFY(pid > 0);
    const Plan plan = SwitchoverPlanner::build(discover(QStringLiteral("m"), 2), addr(QStringLiteral("a")));
    QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
    const int demoteStep = stepIndex(plan, QStringLiteral("demote"));
    const ExecutionReport report = execute(plan, [&](Executor &e) {
        connect(&e, &Executor::stepStarted, &e, [demoteStep, pid](int index, const StepRecord &) {
            if (index == demoteStep)
                killHard(pid);  // after the promotion, before the demotion
        });
    });
    QVERIFY2(report.outcome == ExecutionReport::Outcome::Partial, qPrintable(describe(report)));
    const StepRecord *demote = record(report, QStringLiteral("demote"));
    QVERIFY(demote && demote->status == StepRecord::Status::Failed);
    QVERIFY2(demote->message.contains(addr(QStringLiteral("m"))), qPrintable(demote->message));
    QCOMPARE(record(report, QStringLiteral("repoint"))->status, StepRecord::Status::Succeeded);
    // The old master is reported unreachable and handed to the fence.
    bool reported = false;
    for (const NodeFinalState &s : report.finalStates) {
        if (s.address == addr(QStringLiteral("m"))) {
            reported = true;
            QVERIFY(!s.reachable);
        }
        if (s.address == addr(QStringLiteral("a")))
            QCOMPARE(s.role, QStringLiteral("master"));
    }
    QVERIFY(reported);
    QCOMPARE(report.metrics.value(QStringLiteral("fence_old")).toString(), addr(QStringLiteral("m")));
    QCOMPARE(report.metrics.value(QStringLiteral("fence_new")).toString(), addr(QStringLiteral("a")));
    // The new master takes writes, the other replica follows it, nothing acknowledged is lost.
    QVERIFY(timedWrite(QStringLiteral("a")) >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(follows(QStringLiteral("b"), QStringLiteral("a")), 5000);
    QVERIFY(writer.waitForMore(200, 5000));
    writer.stop();
    QVERIFY(settledOn(QStringLiteral("a")));
    QCOMPARE(writer.missingOn(addr(QStringLiteral("a"))), 0);
}

void TestSwitchover::candidateCutOffTimesOut()
{
    FreezableRelay relay(m_lab->port(QStringLiteral("a")));
    QVERIFY(relay.listen());
    m_proxied.insert(addr(QStringLiteral("a")), relay.port());
    FollowingWriter writer(allAddresses());
    writer.start();
    QVERIFY(writer.waitForMore(500, 5000));
    SwitchoverOptions options;
    options.strategy = SwitchoverOptions::Strategy::Coordinated;
    options.timeoutMs = 1000;
    const Plan plan = SwitchoverPlanner::build(discover(QStringLiteral("m"), 2), addr(QStringLiteral("a")), options);
    QVERIFY2(plan.canRun(), qPrintable(plan.refusal()));
    const int catchUpStep = stepIndex(plan, QStringLiteral("catch-up"));
    QElapsedTimer clock;
    qint64 abortMs = -1;
    const ExecutionReport report = execute(plan, [&](Executor &e) {
        connect(&e, &Executor::stepStarted, &e, [&](int index, const StepRecord &rec) {
            if (index == catchUpStep && !rec.compensation) {
                relay.freeze();
                clock.start();
            }
        });
        // The master is released when the undo of the pause finishes (the final report then
        // still waits for the unreachable candidate's state).
        connect(&e, &Executor::stepFinished, &e, [&](int, const StepRecord &rec) {
            if (rec.id == QStringLiteral("pause.undo"))
                abortMs = clock.elapsed();
        });
    });
    qInfo("cut off: aborted and unpaused %lld ms after the catch-up began (timeout 1000 ms)\n%s", abortMs,
          qPrintable(describe(report)));
    QVERIFY2(report.outcome == ExecutionReport::Outcome::Aborted, qPrintable(describe(report)));
    QVERIFY2(record(report, QStringLiteral("catch-up"))->message.contains(QStringLiteral("1000 ms"))
                 || record(report, QStringLiteral("catch-up"))->message.contains(QStringLiteral("answer")),
             qPrintable(describe(report)));
    QCOMPARE(record(report, QStringLiteral("pause.undo"))->status, StepRecord::Status::Succeeded);
    QVERIFY2(abortMs >= 1000 && abortMs < 1000 + 1500, qPrintable(QString::number(abortMs)));
    const qint64 writeMs = timedWrite(QStringLiteral("m"));
    QVERIFY2(writeMs >= 0 && writeMs < 1000, qPrintable(QString::number(writeMs)));
    // Nothing moved: the candidate is still a replica of the master (asked directly).
    QVERIFY(follows(QStringLiteral("a"), QStringLiteral("m")));
    QVERIFY(follows(QStringLiteral("b"), QStringLiteral("m")));
    writer.stop();
    QVERIFY(settledOn(QStringLiteral("m")));
    QCOMPARE(writer.missingOn(addr(QStringLiteral("m"))), 0);
}

void TestSwitchover::badInputChangesNothing()
{
    QVERIFY(call(QStringLiteral("b"), {"CONFIG", "SET", "replica-priority", "0"}).ok());
    const Topology topology = discover(QStringLiteral("m"), 2);
    struct Case
    {
        QString candidate;
        SwitchoverOptions::Strategy strategy;
        QString why;
    };
    const QList<Case> cases{
        {addr(QStringLiteral("m")), SwitchoverOptions::Strategy::Automatic, QStringLiteral("master already")},
        {QStringLiteral("127.0.0.1:1"), SwitchoverOptions::Strategy::Automatic, QStringLiteral("not in the topology")},
        {addr(QStringLiteral("b")), SwitchoverOptions::Strategy::Coordinated, QStringLiteral("replica-priority is 0")},
        {addr(QStringLiteral("b")), SwitchoverOptions::Strategy::FailoverCommand, QStringLiteral("replica-priority is 0")},
    };
    for (const Case &c : cases) {
        SwitchoverOptions options;
        options.strategy = c.strategy;
        const Plan plan = SwitchoverPlanner::build(topology, c.candidate, options);
        QVERIFY2(!plan.canRun(), qPrintable(c.candidate));
        const ExecutionReport report = execute(plan);
        QCOMPARE(report.outcome, ExecutionReport::Outcome::Refused);
        QVERIFY2(report.message.contains(c.why), qPrintable(report.message));
        QVERIFY(report.steps.isEmpty());
    }
    QCOMPARE(info(QStringLiteral("m")).role, NodeSnapshot::Role::Master);
    QVERIFY(follows(QStringLiteral("a"), QStringLiteral("m")));
    QVERIFY(follows(QStringLiteral("b"), QStringLiteral("m")));
    QVERIFY(timedWrite(QStringLiteral("m")) >= 0);
}

TANDEM_TEST_GUILESS_MAIN(TestSwitchover)
#include "tst_switchover.moc"
