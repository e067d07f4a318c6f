#include "DetachPlanner.h"

#include "ops/ReplicationSteps.h"
#include "ops/StepContext.h"

#include "ops/NodeClients.h"

namespace DetachPlanner {

Plan build(const QString &node, const Facts &facts)
{
    Plan plan;
    plan.operation = QStringLiteral("detach");
    plan.strategy = QStringLiteral("detach");
    plan.title = QStringLiteral("Detach %1 from %2 (standalone master)").arg(node, facts.masterAddress.isEmpty() ? QStringLiteral("its master") : facts.masterAddress);
    plan.group = facts.masterAddress;
    plan.nodes = {node};
    plan.preconditions.append(Precondition{QStringLiteral("%1 answers").arg(node), facts.answered,
                                           facts.answered ? QStringLiteral("role %1").arg(facts.role) : facts.error});
    plan.preconditions.append(Precondition{QStringLiteral("%1 is a replica").arg(node), facts.role == QLatin1String("replica"),
                                           facts.role == QLatin1String("replica") ? QStringLiteral("replica of %1").arg(facts.masterAddress)
                                                                                 : QStringLiteral("role %1").arg(facts.role)});
    plan.risks.append(QStringLiteral("%1 becomes writable: clients that reach it may write to it, and those writes never reach %2; "
                                     "its data stops following %2 from now on")
                          .arg(node, facts.masterAddress.isEmpty() ? QStringLiteral("the former master") : facts.masterAddress));
    if (facts.answered && facts.configFile.isEmpty())
        plan.risks.append(QStringLiteral("%1 has no config file: after a restart it follows %2 again").arg(node, facts.masterAddress));

    PlanStep s;
    s.id = QStringLiteral("detach");
    s.title = QStringLiteral("%1 stops replicating (REPLICAOF NO ONE)").arg(node);
    s.node = node;
    s.commands = {node + QStringLiteral(": REPLICAOF NO ONE")};
    const QString master = facts.masterAddress;
    s.compensateTitle = QStringLiteral("%1 follows %2 again").arg(node, master);
    s.compensateCommands = {node + QStringLiteral(": ") + ReplicationSteps::render(ReplicationSteps::replicaOf(master))};
    s.pointOfNoReturn = true;
    s.run = [node](StepContext &ctx) {
        ctx.clients().send(node, ReplicationSteps::replicaOfNoOne(), ctx.guard(), [&ctx](const RespResult &r) {
            if (r.ok())
                ctx.succeed(QStringLiteral("standalone master"));
            else
                ctx.fail(r.errorText());
        });
    };
    s.compensate = [node, master](StepContext &ctx) {
        ctx.clients().send(node, ReplicationSteps::replicaOf(master), ctx.guard(), [&ctx](const RespResult &r) {
            if (r.ok())
                ctx.succeed();
            else
                ctx.fail(r.errorText());
        });
    };
    plan.steps.append(s);
    plan.steps.append(ReplicationSteps::persist({node}));
    return plan;
}

} // namespace DetachPlanner
