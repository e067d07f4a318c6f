// LiveConfigPlan: which differences become CONFIG SET, REPLICAOF or need a restart, how
// multi-line directives are set, and that secrets never reach a printable rendering; and the
// operation LiveConfigPlanner makes of it (steps, masked commands, the loop check).
#include "TestRegistry.h"
#include "config/ConfigDocument.h"
#include "config/LiveConfig.h"
#include "config/LiveConfigPlan.h"
#include "ops/LiveConfigPlanner.h"

#include <QJsonDocument>
#include <QTest>

class TestLiveConfigPlan : public QObject
{
    Q_OBJECT

private:
    static ConfigDocument live()
    {
        return LiveConfig::fromPairs({{"maxmemory", "0"},
                                      {"tcp-keepalive", "300"},
                                      {"databases", "16"},
                                      {"save", "3600 1"},
                                      {"requirepass", "old-secret"},
                                      {"port", "6379"}},
                                     LiveConfig::Secrets::Show);
    }
    static const LiveConfigPlan::Step *find(const LiveConfigPlan &plan, const QByteArray &name)
    {
        for (const LiveConfigPlan::Step &s : plan.steps()) {
            if (s.directive == name)
                return &s;
        }
        return nullptr;
    }

private Q_SLOTS:
    void mutableVersusRestart()
    {
        const ConfigDocument desired = ConfigDocument::parse(
            "# desired\nmaxmemory 100mb\ntcp-keepalive 60\ndatabases 32\nport 6379\n");
        LiveConfigPlan plan;
        QString error;
        QVERIFY2(LiveConfigPlan::build(live(), desired, true, &plan, &error), qPrintable(error));
        QCOMPARE(plan.steps().size(), 3);  // port is unchanged
        const LiveConfigPlan::Step *mm = find(plan, "maxmemory");
        QVERIFY(mm);
        QCOMPARE(mm->kind, LiveConfigPlan::Step::Kind::Set);
        QCOMPARE(mm->command, (QList<QByteArray>{"CONFIG", "SET", "maxmemory", "100mb"}));
        const LiveConfigPlan::Step *db = find(plan, "databases");
        QVERIFY(db);
        QCOMPARE(db->kind, LiveConfigPlan::Step::Kind::Restart);
        QVERIFY(db->command.isEmpty());
        QCOMPARE(plan.sets().size(), 2);
        QCOMPARE(plan.restarts().size(), 1);
        QVERIFY(plan.rewrite());
        QVERIFY(plan.render().contains(QLatin1String("RESTART NEEDED databases")));
        QVERIFY(plan.render().contains(QLatin1String("CONFIG REWRITE")));
        // Plan order follows the desired file.
        QCOMPARE(plan.steps().at(0).directive, QByteArray("maxmemory"));
    }

    void noRewriteWhenNotAskedOrNothingToSet()
    {
        LiveConfigPlan plan;
        QString error;
        QVERIFY(LiveConfigPlan::build(live(), ConfigDocument::parse("maxmemory 1mb\n"), false, &plan, &error));
        QVERIFY(!plan.rewrite());
        QVERIFY(LiveConfigPlan::build(live(), ConfigDocument::parse("databases 4\n"), true, &plan, &error));
        QVERIFY(!plan.rewrite());
        QVERIFY(LiveConfigPlan::build(live(), ConfigDocument::parse("maxmemory 0\n"), true, &plan, &error));
        QVERIFY(plan.isEmpty());
    }

    void saveIsOneCommand()
    {
        const ConfigDocument desired = ConfigDocument::parse("save 3600 1\nsave 300 100\n");
        LiveConfigPlan plan;
        QString error;
        QVERIFY2(LiveConfigPlan::build(live(), desired, true, &plan, &error), qPrintable(error));
        QCOMPARE(plan.sets().size(), 1);
        QCOMPARE(plan.sets().at(0).command, (QList<QByteArray>{"CONFIG", "SET", "save", "3600 1 300 100"}));
        QVERIFY(plan.render().contains(QLatin1String("CONFIG SET save \"3600 1 300 100\"")));
    }

    void clientOutputBufferLimitIsOneCommand()
    {
        const ConfigDocument desired = ConfigDocument::parse(
            "client-output-buffer-limit normal 0 0 0\nclient-output-buffer-limit pubsub 64mb 16mb 90\n");
        LiveConfigPlan plan;
        QString error;
        QVERIFY2(LiveConfigPlan::build(live(), desired, true, &plan, &error), qPrintable(error));
        QCOMPARE(plan.sets().size(), 1);
        QCOMPARE(plan.sets().at(0).command.at(3), QByteArray("normal 0 0 0 pubsub 64mb 16mb 90"));
    }

    void secretsMaskedInRenderingButSent()
    {
        const ConfigDocument desired = ConfigDocument::parse("requirepass new-s3cret\n");
        LiveConfigPlan plan;
        QString error;
        QVERIFY2(LiveConfigPlan::build(live(), desired, true, &plan, &error), qPrintable(error));
        QCOMPARE(plan.sets().size(), 1);
        const LiveConfigPlan::Step step = plan.sets().at(0);
        QVERIFY(step.sensitive);
        QCOMPARE(step.command.at(3), QByteArray("new-s3cret"));
        const QString text = plan.render();
        QVERIFY2(!text.contains(QLatin1String("new-s3cret")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("old-secret")), qPrintable(text));
        QVERIFY(text.contains(QString::fromUtf8(LiveConfig::placeholder())));
        QVERIFY(!LiveConfigPlan::renderCommand(step).contains("new-s3cret"));
        for (const QByteArray &v : step.liveValues + step.desiredValues)
            QVERIFY(!v.contains("secret") && !v.contains("s3cret"));
    }

    // replicaof changes live through REPLICAOF, never as "needs a restart".
    void replicaOfIsLive()
    {
        LiveConfigPlan plan;
        QString error;
        QVERIFY(LiveConfigPlan::build(live(), ConfigDocument::parse("replicaof 10.0.0.9 6380\n"), true, &plan, &error));
        QVERIFY(plan.restarts().isEmpty());
        QVERIFY(plan.replicaOf());
        QCOMPARE(plan.replicaOf()->command, (QList<QByteArray>{"REPLICAOF", "10.0.0.9", "6380"}));
        QCOMPARE(plan.replicaOfTarget(), QStringLiteral("10.0.0.9:6380"));
        QVERIFY(plan.rewrite());
        QVERIFY(LiveConfigPlan::build(live(), ConfigDocument::parse("slaveof no one\n"), true, &plan, &error));
        QCOMPARE(plan.replicaOf()->command, (QList<QByteArray>{"REPLICAOF", "NO", "ONE"}));
        QVERIFY(plan.replicaOfTarget().isEmpty());
    }

    void plannerStepsAndMasking()
    {
        LiveConfigPlan plan;
        QString error;
        QVERIFY(LiveConfigPlan::build(live(), ConfigDocument::parse("maxmemory 100mb\nrequirepass new-s3cret\n"
                                                                    "databases 32\nreplicaof 10.0.0.9 6380\n"),
                                      true, &plan, &error));
        LiveNodeFacts facts;
        facts.answered = true;
        facts.master = QStringLiteral("10.0.0.9:6380");
        facts.chain = {facts.master};
        facts.chainRead = true;
        const Plan op = LiveConfigPlanner::build(QStringLiteral("10.0.0.1:6379"), {}, plan, {}, facts);
        QCOMPARE(op.operation, QStringLiteral("config-live"));
        QVERIFY2(op.canRun(), qPrintable(op.refusal()));
        QStringList ids;
        for (const PlanStep &s : op.steps)
            ids << s.id;
        QCOMPARE(ids, (QStringList{QStringLiteral("config-set-maxmemory"), QStringLiteral("config-set-requirepass"),
                                   QStringLiteral("replicaof"), QStringLiteral("config-rewrite"),
                                   QStringLiteral("config-verify"), QStringLiteral("replication-verify")}));
        QCOMPARE(op.steps.at(1).commands, QStringList{QStringLiteral("CONFIG SET requirepass <hidden>")});
        QCOMPARE(op.steps.at(2).commands, QStringList{QStringLiteral("REPLICAOF 10.0.0.9 6380")});
        const QString everything = op.render() + QString::fromUtf8(QJsonDocument(op.toJson()).toJson());
        QVERIFY(!everything.contains(QLatin1String("s3cret")) && !everything.contains(QLatin1String("old-secret")));
        QVERIFY2(everything.contains(QLatin1String("Only a restart changes databases")), qPrintable(everything));

        // A chosen master that replicates from this node closes a loop: refused, named.
        facts.chain = {facts.master, QStringLiteral("10.0.0.2:6379")};
        facts.loopCloser = QStringLiteral("10.0.0.2:6379");
        const Plan loop = LiveConfigPlanner::build(QStringLiteral("10.0.0.1:6379"), {}, plan, {}, facts);
        QVERIFY(!loop.canRun());
        QVERIFY2(loop.refusal().contains(QLatin1String("10.0.0.2:6379 replicates from 10.0.0.1:6379")),
                 qPrintable(loop.refusal()));
    }

    void refusesFileWithErrors()
    {
        const ConfigDocument desired = ConfigDocument::parse("maxmemory 1mb\nmaxmemory-policy nonsense\n");
        LiveConfigPlan plan;
        QString error;
        QVERIFY(!LiveConfigPlan::build(live(), desired, true, &plan, &error));
        QVERIFY(plan.isEmpty());
        QVERIFY2(error.contains(QLatin1String("line 2")), qPrintable(error));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestLiveConfigPlan)
#include "tst_liveconfigplan.moc"
