#include "DriftPlanner.h"

#include "NodeClients.h"
#include "ReplicationSteps.h"
#include "StepContext.h"

#include "topology/ConfigDrift.h"

#include <QJsonArray>

#include <memory>

namespace {

const QString kDriftHidden = QStringLiteral("<hidden: the master's>");

// One command of a node's step: literal, or a value copied from the master when it runs.
struct DriftAction
{
    QByteArrayList command;    // literal command (no secret in it)
    QString copyConfig;        // CONFIG GET this on the master ...
    QString intoConfig;        // ... and CONFIG SET this on the node
    QString aclUser;           // ACL LIST on the master, ACL SETUSER <user> reset <its rules>
    QString shown;             // the command as the review shows it
};

// Runs `actions` on `node` one after another; the first failure fails the step.
void runDriftActions(StepContext &ctx, const QString &master, const QString &node,
                const std::shared_ptr<QList<DriftAction>> &actions, int index)
{
    if (index >= actions->size()) {
        ctx.succeed(QStringLiteral("%1 command(s) applied").arg(actions->size()));
        return;
    }
    const DriftAction &a = actions->at(index);
    const auto next = [&ctx, master, node, actions, index, shown = a.shown](const RespResult &r) {
        if (!r.ok() || r.value.isError()) {
            ctx.fail(QStringLiteral("%1 on %2 failed: %3").arg(shown, node, r.errorText()));
            return;
        }
        runDriftActions(ctx, master, node, actions, index + 1);
    };
    if (!a.command.isEmpty()) {
        ctx.clients().send(node, a.command, ctx.guard(), next);
    } else if (!a.copyConfig.isEmpty()) {
        ctx.clients().send(master, {"CONFIG", "GET", a.copyConfig.toUtf8()}, ctx.guard(),
                           [&ctx, node, next, a](const RespResult &r) {
            if (!r.ok() || r.value.elements().size() != 2) {
                ctx.fail(QStringLiteral("could not read %1 on the master: %2").arg(a.copyConfig, r.errorText()));
                return;
            }
            ctx.clients().send(node, {"CONFIG", "SET", a.intoConfig.toUtf8(), r.value.elements().at(1).bytes()},
                               ctx.guard(), next);
        });
    } else {
        ctx.clients().send(master, {"ACL", "LIST"}, ctx.guard(), [&ctx, node, next, a](const RespResult &r) {
            const QByteArray prefix = "user " + a.aclUser.toUtf8() + ' ';
            QByteArray line;
            for (const RespValue &v : r.value.elements()) {
                if (v.bytes().startsWith(prefix))
                    line = v.bytes();
            }
            if (!r.ok() || line.isEmpty()) {
                ctx.fail(QStringLiteral("could not read ACL user %1 on the master").arg(a.aclUser));
                return;
            }
            QByteArrayList command{"ACL", "SETUSER", a.aclUser.toUtf8(), "reset"};
            command += DriftPlanner::aclRules(line);
            ctx.clients().send(node, command, ctx.guard(), next);
        });
    }
}

} // namespace

QByteArrayList DriftPlanner::aclRules(const QByteArray &line)
{
    QByteArrayList tokens;
    QByteArray current;
    int depth = 0;
    for (const char c : line) {
        if (c == ' ' && depth == 0) {
            if (!current.isEmpty())
                tokens.append(current);
            current.clear();
            continue;
        }
        if (c == '(')
            ++depth;
        else if (c == ')' && depth > 0)
            --depth;
        current.append(c);
    }
    if (!current.isEmpty())
        tokens.append(current);
    return tokens.mid(2);  // "user <name>"
}

Plan DriftPlanner::build(const Topology &topology, const QString &node)
{
    Plan plan;
    plan.operation = QStringLiteral("apply_settings");
    plan.strategy = QStringLiteral("config-set");
    const TopologyGroup *group = topology.groupOf(node);
    plan.group = group ? group->master : node;
    plan.title = QStringLiteral("Apply the settings of master %1 to its group").arg(plan.group);
    const QList<ConfigDrift::Difference> diffs = group ? ConfigDrift::differences(topology, *group)
                                                       : QList<ConfigDrift::Difference>();
    const TopologyNode *master = topology.node(plan.group);
    Precondition masterUp;
    masterUp.text = QStringLiteral("The master %1 answers and its settings were read").arg(plan.group);
    masterUp.ok = master && master->isUp() && master->settings.known;
    masterUp.detail = masterUp.ok ? QStringLiteral("yes") : QStringLiteral("no current settings from the master");
    plan.preconditions.append(masterUp);
    Precondition something;
    something.text = QStringLiteral("At least one setting differs and can be set live");
    plan.risks.append(QStringLiteral("The master's value wins: every other node of the group gets the master's "
                                     "setting. Passwords and ACL rules are copied from the master when the "
                                     "plan runs and are never shown."));

    QStringList touched;
    QJsonArray differences;
    bool skippedCommands = false;
    for (const QString &target : (group ? group->nodes : QStringList())) {
        auto actions = std::make_shared<QList<DriftAction>>();
        bool acl = false;
        for (const ConfigDrift::Difference &d : diffs) {
            if (d.node != target)
                continue;
            differences.append(d.text);
            if (d.source.isEmpty()) {
                skippedCommands = true;
                continue;
            }
            DriftAction a;
            if (d.setting.startsWith(QLatin1String("acl:"))) {
                acl = true;
                const QString user = d.setting.mid(4);
                if (d.removeUser) {
                    a.command = {"ACL", "DELUSER", user.toUtf8()};
                    a.shown = QStringLiteral("ACL DELUSER %1").arg(user);
                } else {
                    a.aclUser = user;
                    a.shown = QStringLiteral("ACL SETUSER %1 reset %2").arg(user, kDriftHidden);
                }
            } else if (d.secret) {
                a.copyConfig = d.source;
                a.intoConfig = d.setting;
                a.shown = QStringLiteral("CONFIG SET %1 %2").arg(d.setting, kDriftHidden);
            } else {
                a.command = {"CONFIG", "SET", d.setting.toUtf8(), d.wanted.toUtf8()};
                a.shown = ReplicationSteps::render(a.command);
            }
            actions->append(a);
        }
        const TopologyNode *t = topology.node(target);
        if (acl && t && !t->settings.values.value(QStringLiteral("aclfile")).isEmpty()) {
            DriftAction save;
            save.command = {"ACL", "SAVE"};
            save.shown = QStringLiteral("ACL SAVE");
            actions->append(save);
        }
        if (actions->isEmpty())
            continue;
        touched.append(target);
        PlanStep s;
        s.id = QStringLiteral("apply-") + target;
        s.title = QStringLiteral("Set the master's values on %1").arg(target);
        s.node = target;
        for (const DriftAction &a : std::as_const(*actions))
            s.commands.append(target + QStringLiteral(": ") + a.shown);
        s.onFailure = PlanStep::OnFailure::Continue;  // one node's refusal must not keep the others apart
        const QString from = plan.group;
        s.run = [from, target, actions](StepContext &ctx) { runDriftActions(ctx, from, target, actions, 0); };
        plan.steps.append(s);
    }
    something.ok = !touched.isEmpty();
    something.detail = something.ok ? QStringLiteral("%1 node(s) to change").arg(touched.size())
                                    : QStringLiteral("nothing to change");
    plan.preconditions.append(something);
    if (skippedCommands)
        plan.risks.append(QStringLiteral("Renamed or disabled commands differ too: rename-command can only change "
                                         "in redis.conf with a restart, so this plan leaves them."));
    if (!touched.isEmpty()) {
        PlanStep persist = ReplicationSteps::persist(touched);
        persist.title = QStringLiteral("Save the new settings in each changed node's redis.conf (CONFIG REWRITE)");
        plan.steps.append(persist);
    }
    plan.nodes = touched;
    plan.facts.insert(QStringLiteral("differences"), differences);
    plan.facts.insert(QStringLiteral("master"), plan.group);
    return plan;
}
