#include "CoordinatedSwitchover.h"

#include "NodeClients.h"
#include "PauseSteps.h"
#include "ReplicationSteps.h"
#include "StepContext.h"

namespace {

constexpr int kPromoteTimeoutMs = 2000;

} // namespace

PlanStep CoordinatedSwitchover::promote(const QString &candidate, const QString &master)
{
    PlanStep s;
    s.id = QStringLiteral("promote");
    s.node = candidate;
    s.title = QStringLiteral("Promote %1 to master").arg(candidate);
    s.commands = {candidate + QStringLiteral(": ") + ReplicationSteps::render(ReplicationSteps::replicaOfNoOne())};
    s.pointOfNoReturn = true;
    s.run = [candidate, master](StepContext &ctx) {
        ctx.clients().send(candidate, ReplicationSteps::replicaOfNoOne(), ctx.guard(), [&ctx, candidate, master](const RespResult &r) {
            if (r.ok()) {
                ctx.succeed(QStringLiteral("%1 is master").arg(candidate));
                return;
            }
            // The command may have run although its reply was lost: put the candidate back
            // (best effort) before the old master is released.
            ctx.clients().send(candidate, ReplicationSteps::replicaOf(master), nullptr, [](const RespResult &) {});
            ctx.fail(QStringLiteral("%1 was not promoted: %2").arg(candidate, r.errorText()));
        }, kPromoteTimeoutMs);
    };
    return s;
}

void CoordinatedSwitchover::addSteps(const SwitchoverSubject &subject, const SwitchoverOptions &options, Plan *plan)
{
    const int pauseMs = subject.legacyPause ? kLegacyPauseMs : options.timeoutMs + kPauseMarginMs;
    plan->facts.insert(QStringLiteral("pause_ms"), pauseMs);
    const int replicas = qMax(subject.masterReplicas, int(subject.others.size()) + 1);
    plan->steps.append(subject.preflight(false));
    plan->steps.append(PauseSteps::pauseWrites(subject.master, pauseMs, replicas, subject.legacyPause));
    plan->steps.append(PauseSteps::waitCatchUp(subject.candidate, subject.reportedMaster, options.timeoutMs));
    plan->steps.append(promote(subject.candidate, subject.master));
    plan->steps.append(PauseSteps::demoteAndUnpause(subject.master, subject.candidate, subject.legacyPause));
    if (!subject.others.isEmpty())
        plan->steps.append(ReplicationSteps::repoint(QStringLiteral("repoint"), subject.others, subject.candidate));
    plan->steps.append(ReplicationSteps::verifyFollowers(subject.candidate, QStringList{subject.master} + subject.others,
                                                         ReplicationSteps::kVerifyTimeoutMs, QStringLiteral("candidate_sync_full")));
    plan->steps.append(ReplicationSteps::persist(subject.changed()));
}
