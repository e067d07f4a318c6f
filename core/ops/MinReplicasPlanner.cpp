#include "MinReplicasPlanner.h"

#include "NodeClients.h"
#include "StepContext.h"

#include <QJsonArray>

#include <memory>

QString MinReplicasPlanner::explanation(int maxLagSeconds)
{
    return QStringLiteral("min-replicas-to-write 1 and min-replicas-max-lag %1 on every node: a master acknowledges a "
                          "write only while at least one replica answered within the last %1 s. An old master that "
                          "comes back alone after a failover then refuses writes (NOREPLICAS) instead of "
                          "acknowledging writes that the resync discards. The price: a master with no replica linked "
                          "refuses writes too.")
        .arg(maxLagSeconds);
}

PlanStep MinReplicasPlanner::step(const QStringList &nodes, int maxLagSeconds)
{
    PlanStep s;
    s.id = QStringLiteral("min-replicas");
    s.title = QStringLiteral("Make a master that has lost its replicas refuse writes (min-replicas-to-write 1, "
                             "min-replicas-max-lag %1) on %2")
                  .arg(maxLagSeconds)
                  .arg(nodes.join(QStringLiteral(", ")));
    const QByteArrayList set{"CONFIG", "SET", "min-replicas-to-write", "1", "min-replicas-max-lag",
                             QByteArray::number(maxLagSeconds)};
    for (const QString &n : nodes) {
        s.commands.append(n + QStringLiteral(": CONFIG SET min-replicas-to-write 1 min-replicas-max-lag %1").arg(maxLagSeconds));
        s.commands.append(n + QStringLiteral(": CONFIG REWRITE"));
    }
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [nodes, set](StepContext &ctx) {
        if (nodes.isEmpty()) {
            ctx.succeed(QStringLiteral("no node to set"));
            return;
        }
        auto pending = std::make_shared<int>(int(nodes.size()));
        auto problems = std::make_shared<QStringList>();
        auto saved = std::make_shared<QStringList>();
        auto unsaved = std::make_shared<QStringList>();
        const auto done = [&ctx, pending, problems, saved, unsaved] {
            if (--*pending > 0)
                return;
            const QJsonObject details{{QStringLiteral("saved"), QJsonArray::fromStringList(*saved)},
                                      {QStringLiteral("no_config_file"), QJsonArray::fromStringList(*unsaved)},
                                      {QStringLiteral("problems"), QJsonArray::fromStringList(*problems)}};
            QStringList said;
            if (!saved->isEmpty())
                said.append(QStringLiteral("set and saved on %1").arg(saved->join(QStringLiteral(", "))));
            if (!unsaved->isEmpty())
                said.append(QStringLiteral("set on %1, not saved: no config file (a restart forgets it)")
                                .arg(unsaved->join(QStringLiteral(", "))));
            if (problems->isEmpty())
                ctx.succeed(said.join(QStringLiteral("; ")), details);
            else
                ctx.fail(problems->join(QStringLiteral("; ")), details);
        };
        for (const QString &n : nodes) {
            ctx.clients().send(n, set, ctx.guard(), [&ctx, n, problems, saved, unsaved, done](const RespResult &r) {
                if (!r.ok() || r.value.isError()) {
                    problems->append(n + QStringLiteral(": not set: ")
                                     + r.errorText());
                    done();
                    return;
                }
                ctx.clients().send(n, {"CONFIG", "REWRITE"}, ctx.guard(), [n, problems, saved, unsaved, done](const RespResult &w) {
                    const QString text = w.errorText();
                    if (w.ok() && !w.value.isError())
                        saved->append(n);
                    else if (text.contains(QLatin1String("without a config file")))
                        unsaved->append(n);  // nothing to save to: said, like persist does
                    else
                        problems->append(n + QStringLiteral(": set but not saved (a restart forgets it): ") + text);
                    done();
                });
            });
        }
    };
    return s;
}

Plan MinReplicasPlanner::plan(const Topology &topology, const QString &seed, int maxLagSeconds)
{
    Plan p;
    p.operation = QStringLiteral("min-replicas");
    p.strategy = QStringLiteral("config-set");
    const TopologyGroup *g = topology.groupOf(seed);
    p.group = g ? g->master : QString();
    p.title = QStringLiteral("Refuse writes on a master without replicas (group of %1)").arg(p.group.isEmpty() ? seed : p.group);
    QStringList up;
    QStringList down;
    if (g) {
        for (const QString &a : g->nodes) {
            const TopologyNode *n = topology.node(a);
            (n && n->isUp() && !n->placeholder ? up : down).append(a);
        }
    }
    p.preconditions.append({QStringLiteral("The group has a node that answers"), !up.isEmpty(),
                            up.isEmpty() ? QStringLiteral("no node of %1's group answers").arg(seed) : up.join(QStringLiteral(", "))});
    p.risks.append(explanation(maxLagSeconds));
    for (const QString &a : std::as_const(down))
        p.risks.append(QStringLiteral("%1 does not answer: it keeps its current setting.").arg(a));
    p.facts.insert(QStringLiteral("min_replicas_to_write"), 1);
    p.facts.insert(QStringLiteral("min_replicas_max_lag"), maxLagSeconds);
    p.nodes = up;
    if (!up.isEmpty())
        p.steps.append(step(up, maxLagSeconds));
    return p;
}
