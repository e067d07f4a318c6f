#include "FakeInfo.h"
#include "PlanTestHelpers.h"
#include "TestRegistry.h"
#include "TopologyFactory.h"

#include "ops/SwitchoverPlanner.h"
#include "topology/TopologyBuilder.h"
#include "ops/PauseHistory.h"

#include <QJsonArray>

#include <QJsonArray>
#include <QTest>

// What a user reviews before promoting: the steps in the order they will run with the exact
// commands, the refusals that keep a bad request from touching anything, and the risks.
class TestSwitchoverPlanner : public QObject
{
    Q_OBJECT

private:
    static const QString &m() { static const QString a = QStringLiteral("10.0.0.1:6379"); return a; }
    static QString r(int i) { return QStringLiteral("10.0.0.%1:6379").arg(i); }

    static const PlanStep *step(const Plan &p, const QString &id)
    {
        for (const PlanStep &s : p.steps) {
            if (s.id == id)
                return &s;
        }
        return nullptr;
    }
    static SwitchoverOptions with(SwitchoverOptions::Strategy strategy)
    {
        SwitchoverOptions o;
        o.strategy = strategy;
        return o;
    }
    // Refused with a failed check whose text or detail mentions `why`; no step to run.
    static bool refusedBecause(const Plan &p, const QString &why)
    {
        if (p.canRun() || !p.steps.isEmpty()) {
            qWarning("plan was not refused: %s", qPrintable(p.render()));
            return false;
        }
        if (!p.refusal().contains(why, Qt::CaseInsensitive)) {
            qWarning("refusal '%s' does not mention '%s'", qPrintable(p.refusal()), qPrintable(why));
            return false;
        }
        return true;
    }

private Q_SLOTS:
    void coordinatedStepsInOrder();
    void coordinatedPauseCoversTimeoutAndMargin();
    void chainedReplicasFollowTheirParent();
    void failoverCommandPlan();
    void measuredPausesFromTheAuditLog();
    void failoverTargetAsTheMasterListsIt();
    void legacyPauseBefore62();
    void legacyPauseForced();
    void automaticGoesThroughSentinels();
    void automaticWithoutSentinelsIsCoordinated();
    void refusesMaster();
    void refusesUnknownNode();
    void refusesSentinel();
    void refusesPriorityZero();
    void refusesLinkDown();
    void refusesFullSync();
    void refusesFailoverCommandBefore62();
    void refusesChainedReplica();
    void refusesUnreachableCandidateOrMaster();
    void refusesSplitBrain();
    void risksAndFactsForReview();
    void aliasResolvesToTheNode();
};

void TestSwitchoverPlanner::coordinatedStepsInOrder()
{
    const Plan p = SwitchoverPlanner::build(TopologyFactory::sample().topology(), r(2),
                                            with(SwitchoverOptions::Strategy::Coordinated));
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QCOMPARE(p.operation, QStringLiteral("promote"));
    QCOMPARE(p.strategy, QStringLiteral("coordinated"));
    QCOMPARE(p.group, m());
    QCOMPARE(PlanTest::stepIds(p), (QStringList{QStringLiteral("preflight"), QStringLiteral("pause"), QStringLiteral("catch-up"),
                                  QStringLiteral("promote"), QStringLiteral("demote"), QStringLiteral("repoint"),
                                  QStringLiteral("verify"), QStringLiteral("persist")}));
    // Only the promotion is irreversible; everything before it is undone on failure.
    for (const PlanStep &s : p.steps)
        QCOMPARE(s.pointOfNoReturn, s.id == QStringLiteral("promote"));
    QVERIFY(step(p, QStringLiteral("pause"))->compensate);
    QCOMPARE(step(p, QStringLiteral("pause"))->compensateCommands, QStringList{m() + QStringLiteral(": CLIENT UNPAUSE")});
    QCOMPARE(step(p, QStringLiteral("promote"))->commands, QStringList{r(2) + QStringLiteral(": REPLICAOF NO ONE")});
    QCOMPARE(step(p, QStringLiteral("demote"))->commands,
             (QStringList{m() + QStringLiteral(": REPLICAOF 10.0.0.2 6379"), m() + QStringLiteral(": CLIENT UNPAUSE")}));
    QCOMPARE(step(p, QStringLiteral("demote"))->onFailure, PlanStep::OnFailure::Continue);
    for (const PlanStep &s : p.steps)
        QVERIFY2(s.run, qPrintable(s.id));
    // Every step is shown with its commands before anything runs.
    const QString text = p.render();
    QVERIFY(text.contains(QStringLiteral("REPLICAOF NO ONE")));
    QVERIFY(text.contains(QStringLiteral("CLIENT PAUSE")));
    QCOMPARE(p.toJson().value(QStringLiteral("steps")).toArray().size(), p.steps.size());
}

void TestSwitchoverPlanner::coordinatedPauseCoversTimeoutAndMargin()
{
    SwitchoverOptions o = with(SwitchoverOptions::Strategy::Coordinated);
    o.timeoutMs = 1500;
    const Plan p = SwitchoverPlanner::build(TopologyFactory::sample().topology(), r(4), o);
    QVERIFY(p.canRun());
    QCOMPARE(step(p, QStringLiteral("pause"))->commands,
             (QStringList{m() + QStringLiteral(": CLIENT PAUSE 3500 WRITE"), m() + QStringLiteral(": INFO replication")}));
    QVERIFY(step(p, QStringLiteral("catch-up"))->title.contains(QStringLiteral("1500 ms")));
    QCOMPARE(p.facts.value(QStringLiteral("pause_ms")).toInt(), 3500);
    QCOMPARE(p.facts.value(QStringLiteral("pause_mode")).toString(), QStringLiteral("write"));
}

void TestSwitchoverPlanner::chainedReplicasFollowTheirParent()
{
    const Plan p = SwitchoverPlanner::build(TopologyFactory::sample().topology(), r(2),
                                            with(SwitchoverOptions::Strategy::Coordinated));
    const PlanStep *repoint = step(p, QStringLiteral("repoint"));
    QVERIFY(repoint);
    QCOMPARE(repoint->commands, (QStringList{r(3) + QStringLiteral(": REPLICAOF 10.0.0.2 6379"),
                                             r(4) + QStringLiteral(": REPLICAOF 10.0.0.2 6379")}));
    // .5 hangs below .3 and moves with it: never sent a command, but reported afterwards.
    for (const PlanStep &s : p.steps) {
        for (const QString &c : s.commands)
            QVERIFY2(!c.startsWith(r(5)) || s.id == QStringLiteral("preflight"), qPrintable(c));
    }
    QVERIFY(p.nodes.contains(r(5)));
    QVERIFY(p.risks.join(QLatin1Char('\n')).contains(r(5)));
    const QString verify = step(p, QStringLiteral("verify"))->title;
    QVERIFY(verify.contains(m()) && verify.contains(r(3)) && verify.contains(r(4)) && !verify.contains(r(5)));
}

void TestSwitchoverPlanner::failoverCommandPlan()
{
    const Plan p = SwitchoverPlanner::build(TopologyFactory::sample().topology(), r(2),
                                            with(SwitchoverOptions::Strategy::FailoverCommand));
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QCOMPARE(p.strategy, QStringLiteral("failover-command"));
    QCOMPARE(PlanTest::stepIds(p), (QStringList{QStringLiteral("preflight"), QStringLiteral("failover"), QStringLiteral("wait-failover"),
                                  QStringLiteral("repoint"), QStringLiteral("verify"), QStringLiteral("persist")}));
    const PlanStep *f = step(p, QStringLiteral("failover"));
    QCOMPARE(f->commands, QStringList{m() + QStringLiteral(": FAILOVER TO 10.0.0.2 6379 TIMEOUT 5000")});
    QCOMPARE(f->compensateCommands, QStringList{m() + QStringLiteral(": FAILOVER ABORT")});
    QVERIFY(step(p, QStringLiteral("wait-failover"))->pointOfNoReturn);
    // No runs recorded: the range, not a single made-up figure.
    const QString risks = p.risks.join(QLatin1Char('\n'));
    QVERIFY2(risks.contains(QStringLiteral("from a few milliseconds")) && risks.contains(QStringLiteral("up to about a second")),
             qPrintable(risks));
    QVERIFY(!risks.contains(QStringLiteral("measured on this group")));
}

void TestSwitchoverPlanner::measuredPausesFromTheAuditLog()
{
    auto started = [](const QString &op, const QString &strategy, const QStringList &nodes) {
        return QJsonObject{{QStringLiteral("op"), op}, {QStringLiteral("event"), QStringLiteral("op_started")},
                           {QStringLiteral("plan"), QJsonObject{{QStringLiteral("operation"), QStringLiteral("promote")},
                                                                {QStringLiteral("strategy"), strategy},
                                                                {QStringLiteral("nodes"), QJsonArray::fromStringList(nodes)}}}};
    };
    auto finished = [](const QString &op, const QString &outcome, qint64 pauseMs) {
        return QJsonObject{{QStringLiteral("op"), op}, {QStringLiteral("event"), QStringLiteral("op_finished")},
                           {QStringLiteral("outcome"), outcome},
                           {QStringLiteral("metrics"), QJsonObject{{QStringLiteral("write_pause_ms"), pauseMs}}}};
    };
    const QStringList here{m(), r(2)};
    const QList<QJsonObject> audit{
        started(QStringLiteral("a"), QStringLiteral("failover-command"), here), finished(QStringLiteral("a"), QStringLiteral("succeeded"), 4),
        started(QStringLiteral("b"), QStringLiteral("failover-command"), {QStringLiteral("10.9.9.9:6379")}),
        finished(QStringLiteral("b"), QStringLiteral("succeeded"), 999),  // another group
        started(QStringLiteral("c"), QStringLiteral("failover-command"), here), finished(QStringLiteral("c"), QStringLiteral("failed"), 5000),
        started(QStringLiteral("d"), QStringLiteral("coordinated"), here), finished(QStringLiteral("d"), QStringLiteral("succeeded"), 2),
        started(QStringLiteral("e"), QStringLiteral("failover-command"), here), finished(QStringLiteral("e"), QStringLiteral("succeeded"), 780),
    };
    const Topology topology = TopologyFactory::sample().topology();
    const auto history = PauseHistory::forGroup(audit, topology.groupOf(r(2))->nodes);
    QCOMPARE(history.value(QStringLiteral("failover-command")), (QList<qint64>{4, 780}));
    QCOMPARE(history.value(QStringLiteral("coordinated")), (QList<qint64>{2}));

    SwitchoverOptions options = with(SwitchoverOptions::Strategy::FailoverCommand);
    options.pastPausesMs = history;
    const QString risks = SwitchoverPlanner::build(topology, r(2), options).risks.join(QLatin1Char('\n'));
    QVERIFY2(risks.contains(QStringLiteral("the last 2 run(s) of this strategy paused writes 4 and 780 ms")), qPrintable(risks));
    options.strategy = SwitchoverOptions::Strategy::Coordinated;
    QVERIFY(SwitchoverPlanner::build(topology, r(2), options).risks.join(QLatin1Char('\n')).contains(QStringLiteral("paused writes 2 ms")));
}

void TestSwitchoverPlanner::failoverTargetAsTheMasterListsIt()
{
    // Tandem reaches the candidate by name, the master lists it by IP: FAILOVER needs the IP.
    const QDateTime at = FakeInfo::epoch();
    const FakeInfo master = FakeInfo::master(7000).addReplica(QStringLiteral("127.0.0.1"), 7001, 5000)
                                .addReplica(QStringLiteral("127.0.0.1"), 7002, 5000);
    const Topology t = TopologyBuilder::build({master.up(QStringLiteral("127.0.0.1:7000")),
                                               FakeInfo::replica(7001, QStringLiteral("127.0.0.1"), 7000).up(QStringLiteral("localhost:7001")),
                                               FakeInfo::replica(7002, QStringLiteral("127.0.0.1"), 7000).up(QStringLiteral("127.0.0.1:7002"))},
                                              at);
    const QString candidate = t.node(QStringLiteral("localhost:7001")) ? t.node(QStringLiteral("localhost:7001"))->address
                                                                         : QStringLiteral("localhost:7001");
    const Plan p = SwitchoverPlanner::build(t, candidate, with(SwitchoverOptions::Strategy::FailoverCommand));
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QVERIFY2(step(p, QStringLiteral("failover"))->commands.first().endsWith(QStringLiteral("FAILOVER TO 127.0.0.1 7001 TIMEOUT 5000")),
             qPrintable(step(p, QStringLiteral("failover"))->commands.first()));
    QCOMPARE(step(p, QStringLiteral("repoint"))->commands, QStringList{QStringLiteral("127.0.0.1:7002: REPLICAOF ")
                                                                       + QString(candidate).replace(QLatin1Char(':'), QLatin1Char(' '))});
}

void TestSwitchoverPlanner::legacyPauseBefore62()
{
    TopologyFactory f = TopologyFactory::sample();
    f.node(m()).snapshot.version = QStringLiteral("6.0.16");
    f.node(m()).snapshot.connectedReplicas = 3;
    const Plan p = SwitchoverPlanner::build(f.topology(), r(2), with(SwitchoverOptions::Strategy::Coordinated));
    QVERIFY2(p.canRun(), qPrintable(p.refusal()));
    QCOMPARE(p.facts.value(QStringLiteral("pause_mode")).toString(), QStringLiteral("all"));
    const QStringList pause = step(p, QStringLiteral("pause"))->commands;
    QVERIFY(pause.contains(m() + QStringLiteral(": MULTI")));
    // Writes released after the ALL pause must be refused, not acknowledged and lost.
    QVERIFY(pause.contains(m() + QStringLiteral(": CONFIG SET min-replicas-to-write 4")));
    QVERIFY(pause.contains(m() + QStringLiteral(": EXEC")));
    QVERIFY(!pause.join(QLatin1Char(' ')).contains(QStringLiteral("WRITE")));
    const QStringList demote = step(p, QStringLiteral("demote"))->commands;
    QVERIFY(!demote.join(QLatin1Char(' ')).contains(QStringLiteral("UNPAUSE")));
    QVERIFY(p.risks.join(QLatin1Char('\n')).contains(QStringLiteral("NOREPLICAS")));
}

void TestSwitchoverPlanner::legacyPauseForced()
{
    SwitchoverOptions o = with(SwitchoverOptions::Strategy::Coordinated);
    o.legacyPause = true;
    const Plan p = SwitchoverPlanner::build(TopologyFactory::sample().topology(), r(2), o);
    QVERIFY(p.canRun());
    QCOMPARE(p.facts.value(QStringLiteral("pause_mode")).toString(), QStringLiteral("all"));
    QVERIFY(step(p, QStringLiteral("pause"))->commands.contains(m() + QStringLiteral(": MULTI")));
}

void TestSwitchoverPlanner::automaticGoesThroughSentinels()
{
    TopologyFactory f;
    f.addMaster(m(), QStringLiteral("cache"));
    f.addReplica(r(2), m());
    f.addSentinel(QStringLiteral("10.0.0.9:26379"), 0);
    const Plan p = SwitchoverPlanner::build(f.topology(), r(2));
    QCOMPARE(p.strategy, QStringLiteral("sentinel"));
    // Forcing the coordinated strategy is allowed, with a warning that Sentinel may revert it.
    const Plan forced = SwitchoverPlanner::build(f.topology(), r(2), with(SwitchoverOptions::Strategy::Coordinated));
    QVERIFY(forced.canRun());
    QCOMPARE(forced.strategy, QStringLiteral("coordinated"));
    QVERIFY(forced.risks.join(QLatin1Char('\n')).contains(QStringLiteral("sentinel")));
}

void TestSwitchoverPlanner::automaticWithoutSentinelsIsCoordinated()
{
    const Plan p = SwitchoverPlanner::build(TopologyFactory::sample().topology(), r(3));
    QVERIFY(p.canRun());
    QCOMPARE(p.strategy, QStringLiteral("coordinated"));
}

void TestSwitchoverPlanner::refusesMaster()
{
    const Plan p = SwitchoverPlanner::build(TopologyFactory::sample().topology(), m());
    QVERIFY(refusedBecause(p, QStringLiteral("master already")));
    // Said the right way round: what was needed, then what was found.
    const QString line = QStringLiteral("needed: %1 is a replica — found: it is a master already").arg(m());
    QVERIFY2(p.refusal() == line, qPrintable(p.refusal()));
    QVERIFY2(p.render().contains(QStringLiteral("  [!!] ") + line + QLatin1Char('\n')), qPrintable(p.render()));
}

void TestSwitchoverPlanner::refusesUnknownNode()
{
    QVERIFY(refusedBecause(SwitchoverPlanner::build(TopologyFactory::sample().topology(), QStringLiteral("10.9.9.9:6379")),
                           QStringLiteral("not in the topology")));
}

void TestSwitchoverPlanner::refusesSentinel()
{
    TopologyFactory f = TopologyFactory::sample();
    f.addSentinel(QStringLiteral("10.0.0.9:26379"), 0);
    QVERIFY(refusedBecause(SwitchoverPlanner::build(f.topology(), QStringLiteral("10.0.0.9:26379"),
                                                    with(SwitchoverOptions::Strategy::Coordinated)),
                           QStringLiteral("sentinel")));
}

void TestSwitchoverPlanner::refusesPriorityZero()
{
    TopologyFactory f = TopologyFactory::sample();
    f.node(r(2)).snapshot.replicaPriority = 0;
    QVERIFY(refusedBecause(SwitchoverPlanner::build(f.topology(), r(2)), QStringLiteral("replica-priority is 0")));
    // The siblings stay promotable.
    QVERIFY(SwitchoverPlanner::build(f.topology(), r(3)).canRun());
}

void TestSwitchoverPlanner::refusesLinkDown()
{
    TopologyFactory f = TopologyFactory::sample();
    f.node(r(2)).snapshot.masterLinkStatus = QStringLiteral("down");
    f.node(r(2)).snapshot.masterLinkDownSinceSeconds = 42;
    f.edge(m(), r(2)).linkUp = false;
    QVERIFY(refusedBecause(SwitchoverPlanner::build(f.topology(), r(2)), QStringLiteral("down for 42 s")));
}

void TestSwitchoverPlanner::refusesFullSync()
{
    TopologyFactory f = TopologyFactory::sample();
    f.node(r(2)).snapshot.masterSyncInProgress = true;
    f.edge(m(), r(2)).syncInProgress = true;
    QVERIFY(refusedBecause(SwitchoverPlanner::build(f.topology(), r(2)), QStringLiteral("full sync")));
}

void TestSwitchoverPlanner::refusesFailoverCommandBefore62()
{
    TopologyFactory f = TopologyFactory::sample();
    f.node(m()).snapshot.version = QStringLiteral("6.0.16");
    QVERIFY(refusedBecause(SwitchoverPlanner::build(f.topology(), r(2), with(SwitchoverOptions::Strategy::FailoverCommand)),
                           QStringLiteral("6.2")));
}

void TestSwitchoverPlanner::refusesChainedReplica()
{
    QVERIFY(refusedBecause(SwitchoverPlanner::build(TopologyFactory::sample().topology(), r(5)),
                           QStringLiteral("promote 10.0.0.3:6379 first")));
}

void TestSwitchoverPlanner::refusesUnreachableCandidateOrMaster()
{
    TopologyFactory f = TopologyFactory::sample();
    f.node(r(2)).reachability = NodeReachability::Unreachable;
    f.node(r(2)).error = QStringLiteral("Connection refused");
    QVERIFY(refusedBecause(SwitchoverPlanner::build(f.topology(), r(2)), QStringLiteral("Connection refused")));

    TopologyFactory g = TopologyFactory::sample();
    g.node(m()).reachability = NodeReachability::Unreachable;
    g.node(m()).error = QStringLiteral("timed out");
    QVERIFY(refusedBecause(SwitchoverPlanner::build(g.topology(), r(2)), QStringLiteral("unreachable")));
}

void TestSwitchoverPlanner::refusesSplitBrain()
{
    TopologyFactory f = TopologyFactory::sample();
    f.addMaster(QStringLiteral("10.0.0.7:6379"));
    f.addAnomaly(QStringLiteral("split_brain"), Anomaly::Severity::Critical, {m(), QStringLiteral("10.0.0.7:6379")},
                 QStringLiteral("Split brain"));
    QVERIFY(refusedBecause(SwitchoverPlanner::build(f.topology(), r(2)), QStringLiteral("split brain")));
}

void TestSwitchoverPlanner::risksAndFactsForReview()
{
    TopologyFactory f = TopologyFactory::sample();
    f.edge(m(), r(2)).lagBytes = 1234;
    f.edge(m(), r(2)).lagSeconds = 1;
    const Plan p = SwitchoverPlanner::build(f.topology(), r(2));
    QCOMPARE(p.facts.value(QStringLiteral("lag_bytes")).toInteger(), 1234);
    QCOMPARE(p.facts.value(QStringLiteral("lag_seconds")).toInteger(), 1);
    QCOMPARE(p.facts.value(QStringLiteral("replicas")).toInt(), 4);
    QCOMPARE(p.facts.value(QStringLiteral("master_version")).toString(), QStringLiteral("7.2.4"));
    const QString risks = p.risks.join(QLatin1Char('\n'));
    QVERIFY(risks.contains(QStringLiteral("1234 bytes behind")));
    QVERIFY(risks.contains(QStringLiteral("few milliseconds")));
    QCOMPARE(p.nodes.size(), 5);
    QCOMPARE(p.nodes.first(), m());
}

void TestSwitchoverPlanner::aliasResolvesToTheNode()
{
    TopologyFactory f = TopologyFactory::sample();
    f.node(r(2)).aliases = {QStringLiteral("db2.example:6379")};
    const Plan p = SwitchoverPlanner::build(f.topology(), QStringLiteral("db2.example:6379"));
    QVERIFY(p.canRun());
    QCOMPARE(step(p, QStringLiteral("promote"))->node, r(2));
}

TANDEM_TEST_GUILESS_MAIN(TestSwitchoverPlanner)
#include "tst_switchoverplanner.moc"
