#include "FailoverCommandSwitchover.h"

#include "NodeClients.h"
#include "ReplicationSteps.h"
#include "StepContext.h"

#include <chrono>

namespace {

qint64 nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
}

QByteArrayList failoverCommand(const SwitchoverSubject &s, int timeoutMs)
{
    return {"FAILOVER", "TO", s.failoverHost.toUtf8(), QByteArray::number(s.failoverPort), "TIMEOUT",
            QByteArray::number(timeoutMs)};
}

PlanStep startFailover(const SwitchoverSubject &subject, int timeoutMs)
{
    PlanStep s;
    s.id = QStringLiteral("failover");
    s.node = subject.master;
    const QByteArrayList cmd = failoverCommand(subject, timeoutMs);
    s.title = QStringLiteral("Ask %1 to hand over to %2 (FAILOVER, at most %3 ms)").arg(subject.master, subject.candidate).arg(timeoutMs);
    s.commands = {subject.master + QStringLiteral(": ") + ReplicationSteps::render(cmd)};
    const QString master = subject.master;
    s.run = [master, cmd](StepContext &ctx) {
        ctx.clients().send(master, cmd, ctx.guard(), [&ctx, master](const RespResult &r) {
            if (!r.ok()) {
                ctx.fail(QStringLiteral("FAILOVER refused by %1: %2").arg(master, r.errorText()));
                return;
            }
            ctx.shared().insert(QStringLiteral("pause_started_us"), nowUs());
            ctx.succeed(QStringLiteral("failover started; writes on %1 are paused").arg(master));
        });
    };
    s.compensateTitle = QStringLiteral("Abort the failover on %1 (FAILOVER ABORT)").arg(master);
    s.compensateCommands = {master + QStringLiteral(": FAILOVER ABORT")};
    s.compensate = [master](StepContext &ctx) {
        ctx.clients().send(master, {"FAILOVER", "ABORT"}, ctx.guard(), [&ctx, master](const RespResult &r) {
            // Redis may have given up by itself already: nothing left to abort is fine.
            if (r.ok() || (r.value.isError() && r.value.text().contains(QStringLiteral("No failover in progress"))))
                ctx.succeed(QStringLiteral("no failover in progress on %1").arg(master));
            else
                ctx.fail(QStringLiteral("FAILOVER ABORT on %1: %2").arg(master, r.errorText()));
        });
    };
    return s;
}

PlanStep waitFailover(const SwitchoverSubject &subject, int timeoutMs)
{
    PlanStep s;
    s.id = QStringLiteral("wait-failover");
    s.node = subject.master;
    s.title = QStringLiteral("Wait until %1 is a replica of %2").arg(subject.master, subject.candidate);
    s.commands = {subject.master + QStringLiteral(": INFO replication (repeated until master_failover_state is no-failover)")};
    s.pointOfNoReturn = true;
    const QString master = subject.master;
    const auto expected = NodeClients::splitAddress(subject.candidate);
    const auto listed = qMakePair(subject.failoverHost, subject.failoverPort);
    s.run = [master, expected, listed, timeoutMs](StepContext &ctx) {
        ReplicationSteps::pollUntil(ctx, master, "replication", [](const NodeSnapshot &snap, QString *progress) {
            *progress = QStringLiteral("failover state: %1").arg(snap.masterFailoverState);
            return snap.masterFailoverState.isEmpty() || snap.masterFailoverState == QLatin1String("no-failover");
        }, timeoutMs, [&ctx, master, expected, listed](bool ok, const NodeSnapshot &snap, const QString &error) {
            if (!ok) {
                ctx.fail(QStringLiteral("%1 did not finish the failover: %2").arg(master, error));
                return;
            }
            const auto now = NodeClients::splitAddress(ReplicationSteps::masterOf(snap));
            if (snap.role != NodeSnapshot::Role::Replica || (now != expected && now != listed)) {
                ctx.fail(QStringLiteral("%1 gave up the failover and is still %2").arg(master, NodeSnapshot::roleName(snap.role)));
                return;
            }
            const qint64 us = nowUs() - ctx.shared().value(QStringLiteral("pause_started_us")).toLongLong();
            ctx.metrics().insert(QStringLiteral("write_pause_ms"), qint64((us + 999) / 1000));
            ctx.metrics().insert(QStringLiteral("write_pause_us"), us);
            ctx.succeed(QStringLiteral("%1 follows the new master; writes were paused for about %2 ms")
                            .arg(master).arg((us + 999) / 1000));
        });
    };
    return s;
}

} // namespace

void FailoverCommandSwitchover::addSteps(const SwitchoverSubject &subject, const SwitchoverOptions &options, Plan *plan)
{
    plan->steps.append(subject.preflight(true));
    plan->steps.append(startFailover(subject, options.timeoutMs));
    plan->steps.append(waitFailover(subject, options.timeoutMs + kMarginMs));
    if (!subject.others.isEmpty())
        plan->steps.append(ReplicationSteps::repoint(QStringLiteral("repoint"), subject.others, subject.candidate));
    plan->steps.append(ReplicationSteps::verifyFollowers(subject.candidate, QStringList{subject.master} + subject.others,
                                                         ReplicationSteps::kVerifyTimeoutMs, QStringLiteral("candidate_sync_full")));
    plan->steps.append(ReplicationSteps::persist(subject.changed()));
}
