#include "TestRegistry.h"
#include "ops/AuditLog.h"
#include "ops/Executor.h"
#include "ops/StepContext.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

// The executor runs a reviewed plan step by step, undoes what it did when a step fails or the
// user cancels in time, refuses plans whose checks failed, and leaves an audit trail a user
// can read after a crash, without secrets.
class TestExecutor : public QObject
{
    Q_OBJECT

private:
    QStringList m_trace;

    PlanStep step(const QString &id, bool ok = true, bool undo = true, int delayMs = 0)
    {
        PlanStep s;
        s.id = id;
        s.title = QStringLiteral("Step ") + id;
        s.commands = {QStringLiteral("CMD ") + id};
        s.run = [this, id, ok, delayMs](StepContext &ctx) {
            m_trace.append(id);
            auto end = [&ctx, ok, id] { ok ? ctx.succeed(id + QStringLiteral(" done")) : ctx.fail(id + QStringLiteral(" broke")); };
            if (delayMs == 0)
                end();
            else
                QTimer::singleShot(delayMs, ctx.guard(), end);
        };
        if (undo) {
            s.compensateTitle = QStringLiteral("Undo ") + id;
            s.compensate = [this, id](StepContext &ctx) {
                m_trace.append(QStringLiteral("undo-") + id);
                ctx.succeed();
            };
        }
        return s;
    }

    Plan plan(const QList<PlanStep> &steps)
    {
        Plan p;
        p.operation = QStringLiteral("test");
        p.title = QStringLiteral("Test plan");
        p.preconditions = {{QStringLiteral("always"), true, {}}};
        p.steps = steps;
        return p;
    }

    ExecutionReport run(Executor &e)
    {
        QSignalSpy done(&e, &Executor::finished);
        e.start();
        if (!done.wait(5000))
            return {};
        return done.first().first().value<ExecutionReport>();
    }

private Q_SLOTS:
    void init() { m_trace.clear(); }

    void runsStepsInOrder()
    {
        Executor e(plan({step(QStringLiteral("a")), step(QStringLiteral("b")), step(QStringLiteral("c"))}), nullptr, nullptr);
        QSignalSpy started(&e, &Executor::stepStarted);
        const ExecutionReport r = run(e);
        QCOMPARE(r.outcome, ExecutionReport::Outcome::Succeeded);
        QCOMPARE(m_trace, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(started.count(), 3);
        QCOMPARE(r.steps.size(), 3);
        QCOMPARE(r.steps.at(1).status, StepRecord::Status::Succeeded);
        QCOMPARE(r.steps.at(1).message, QStringLiteral("b done"));
    }

    void failureUndoesDoneStepsInReverse()
    {
        Executor e(plan({step(QStringLiteral("a")), step(QStringLiteral("b")), step(QStringLiteral("c"), false),
                         step(QStringLiteral("d"))}), nullptr, nullptr);
        const ExecutionReport r = run(e);
        QCOMPARE(r.outcome, ExecutionReport::Outcome::Aborted);
        QCOMPARE(m_trace, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                       QStringLiteral("undo-b"), QStringLiteral("undo-a")}));
        QVERIFY(r.message.contains(QStringLiteral("c broke")));
        QCOMPARE(r.steps.last().id, QStringLiteral("a.undo"));
        QVERIFY(r.steps.last().compensation);
    }

    void continueStepsDoNotAbort()
    {
        PlanStep soft = step(QStringLiteral("b"), false);
        soft.onFailure = PlanStep::OnFailure::Continue;
        Executor e(plan({step(QStringLiteral("a")), soft, step(QStringLiteral("c"))}), nullptr, nullptr);
        const ExecutionReport r = run(e);
        QCOMPARE(r.outcome, ExecutionReport::Outcome::Partial);
        QCOMPARE(m_trace, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    }

    void failureAfterPointOfNoReturnDoesNotUndo()
    {
        PlanStep promote = step(QStringLiteral("promote"));
        promote.pointOfNoReturn = true;
        Executor e(plan({step(QStringLiteral("a")), promote, step(QStringLiteral("c"), false)}), nullptr, nullptr);
        const ExecutionReport r = run(e);
        QCOMPARE(r.outcome, ExecutionReport::Outcome::Partial);
        QVERIFY(!m_trace.contains(QStringLiteral("undo-a")));
    }

    void cancelBeforePointOfNoReturnUndoes()
    {
        Executor e(plan({step(QStringLiteral("a")), step(QStringLiteral("slow"), true, true, 200), step(QStringLiteral("c"))}),
                   nullptr, nullptr);
        connect(&e, &Executor::stepStarted, &e, [&e](int index, const StepRecord &) {
            if (index == 1)
                e.cancel();
        });
        const ExecutionReport r = run(e);
        QCOMPARE(r.outcome, ExecutionReport::Outcome::Cancelled);
        QCOMPARE(m_trace, (QStringList{QStringLiteral("a"), QStringLiteral("slow"), QStringLiteral("undo-slow"),
                                       QStringLiteral("undo-a")}));
    }

    void cancelAfterPointOfNoReturnIsIgnored()
    {
        PlanStep promote = step(QStringLiteral("promote"));
        promote.pointOfNoReturn = true;
        Executor e(plan({promote, step(QStringLiteral("slow"), true, true, 100), step(QStringLiteral("c"))}), nullptr, nullptr);
        QSignalSpy progress(&e, &Executor::stepProgress);
        connect(&e, &Executor::stepStarted, &e, [&e](int index, const StepRecord &) {
            if (index == 1)
                e.cancel();
        });
        const ExecutionReport r = run(e);
        QCOMPARE(r.outcome, ExecutionReport::Outcome::Succeeded);
        QCOMPARE(m_trace.last(), QStringLiteral("c"));
        QVERIFY(progress.count() >= 1);
    }

    void refusesWhenPreconditionFails()
    {
        Plan p = plan({step(QStringLiteral("a"))});
        p.preconditions.append({QStringLiteral("candidate is a replica"), false, QStringLiteral("it is a master")});
        QVERIFY(!p.canRun());
        QVERIFY(p.refusal().contains(QStringLiteral("it is a master")));
        Executor e(p, nullptr, nullptr);
        const ExecutionReport r = run(e);
        QCOMPARE(r.outcome, ExecutionReport::Outcome::Refused);
        QVERIFY(m_trace.isEmpty());
    }

    void auditTrailWithoutSecrets()
    {
        QTemporaryDir dir;
        AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        log.redact(QStringLiteral("s3cret-pw"));
        PlanStep s = step(QStringLiteral("auth"));
        s.commands = {QStringLiteral("CONFIG SET masterauth s3cret-pw")};
        Executor e(plan({step(QStringLiteral("a")), s}), nullptr, &log);
        QCOMPARE(run(e).outcome, ExecutionReport::Outcome::Succeeded);
        const QList<QJsonObject> entries = log.read();
        QStringList events;
        for (const QJsonObject &o : entries)
            events.append(o.value(QStringLiteral("event")).toString());
        QCOMPARE(events, (QStringList{QStringLiteral("op_started"), QStringLiteral("step_started"),
                                      QStringLiteral("step_finished"), QStringLiteral("step_started"),
                                      QStringLiteral("step_finished"), QStringLiteral("op_finished")}));
        QFile f(log.path());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        QVERIFY(!all.contains("s3cret-pw"));
        QVERIFY(all.contains("CONFIG SET masterauth ******"));
        QVERIFY(log.unfinished().isEmpty());
        QCOMPARE(entries.first().value(QStringLiteral("op")).toString(), e.operationId());
    }

    void unfinishedOperationIsFound()
    {
        QTemporaryDir dir;
        AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
        log.append(QStringLiteral("op1"), QStringLiteral("op_started"), {{QStringLiteral("plan"), QJsonObject{}}});
        log.append(QStringLiteral("op1"), QStringLiteral("step_started"), {});
        log.append(QStringLiteral("op2"), QStringLiteral("op_started"), {});
        log.append(QStringLiteral("op2"), QStringLiteral("op_finished"), {});
        const QList<QJsonObject> open = log.unfinished();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().value(QStringLiteral("op")).toString(), QStringLiteral("op1"));
        QVERIFY(log.closeInterrupted(QStringLiteral("op1"), QStringLiteral("checked")));
        QVERIFY(log.unfinished().isEmpty());
    }
};

TANDEM_TEST_GUILESS_MAIN(TestExecutor)
#include "tst_executor.moc"
