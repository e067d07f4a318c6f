#include "LiveConfigSteps.h"

#include "ConfigNameList.h"
#include "NodeClients.h"
#include "ReplicationSteps.h"
#include "StepContext.h"

#include "config/ConfigDiff.h"
#include "config/ConfigDocument.h"
#include "config/LiveConfig.h"
#include "topology/TopologyBuilder.h"

#include <QJsonArray>

#include <memory>

namespace {

QByteArrayList toArgs(const QList<QByteArray> &command)
{
    return QByteArrayList(command.cbegin(), command.cend());
}


// Compares as ConfigDiff does (1mb == 1048576, save as a set), not as text: the node reports
// values in its own spelling.
bool sameAsAsked(const LiveConfigPlan::Step &step, const QByteArray &running)
{
    const ConfigDocument live = LiveConfig::fromPairs({{step.directive, running}}, LiveConfig::Secrets::Show);
    QByteArray text;
    for (const QList<QByteArray> &args : step.desiredLines) {
        text += step.directive;
        for (const QByteArray &a : args)
            text += ' ' + ConfigDocument::quoteArg(a);
        text += '\n';
    }
    ConfigDiff::Options options;
    options.showDefaults = true;
    return ConfigDiff::compare(live, ConfigDocument::parse(text), options).isEmpty();
}

constexpr int kReplicationVerifyMs = 10000;

} // namespace

namespace LiveConfigSteps {

QString setId(const QByteArray &directive)
{
    return QString::fromLatin1(kSetPrefix) + QString::fromUtf8(directive);
}

PlanStep set(const QString &node, const LiveConfigPlan::Step &step)
{
    PlanStep s;
    s.id = setId(step.directive);
    const QString shown = QString::fromUtf8(LiveConfigPlan::renderCommand(step));
    s.title = QStringLiteral("%1 on %2").arg(shown, node);
    s.node = node;
    s.commands = {shown};
    const QByteArrayList args = toArgs(step.command);
    const QString directive = QString::fromUtf8(step.directive);
    s.run = [node, args, directive](StepContext &ctx) {
        StepContext *c = &ctx;
        ctx.clients().send(node, args, ctx.guard(), [c, directive](const RespResult &r) {
            if (!r.ok()) {
                c->fail(r.errorText(), {{QStringLiteral("directive"), directive}});
                return;
            }
            c->succeed(QStringLiteral("accepted"), {{QStringLiteral("directive"), directive}});
        });
    };
    return s;
}

PlanStep replicaOf(const QString &node, const QString &master)
{
    PlanStep s;
    s.id = QString::fromLatin1(kReplicaOfId);
    const QByteArrayList args = master.isEmpty() ? ReplicationSteps::replicaOfNoOne() : ReplicationSteps::replicaOf(master);
    const QString shown = ReplicationSteps::render(args);
    s.title = master.isEmpty() ? QStringLiteral("%1 on %2 (it becomes a master)").arg(shown, node)
                               : QStringLiteral("%1 on %2 (its data is replaced by a copy of %3's)").arg(shown, node, master);
    s.node = node;
    s.commands = {shown};
    s.run = [node, args](StepContext &ctx) {
        StepContext *c = &ctx;
        ctx.clients().send(node, args, ctx.guard(), [c](const RespResult &r) {
            if (!r.ok()) {
                c->fail(r.errorText(), {{QStringLiteral("directive"), QStringLiteral("replicaof")}});
                return;
            }
            c->succeed(r.value.text(), {{QStringLiteral("directive"), QStringLiteral("replicaof")}});
        });
    };
    return s;
}

PlanStep rewrite(const QString &node)
{
    PlanStep s;
    s.id = QString::fromLatin1(kRewriteId);
    s.title = QStringLiteral("CONFIG REWRITE on %1 (a restart keeps the changes)").arg(node);
    s.node = node;
    s.commands = {QStringLiteral("CONFIG REWRITE")};
    // The changes are in force whether or not the file could be written: verify anyway.
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [node](StepContext &ctx) {
        StepContext *c = &ctx;
        ctx.clients().send(node, {"CONFIG", "REWRITE"}, ctx.guard(), [c](const RespResult &r) {
            if (!r.ok()) {
                c->fail(r.errorText());
                return;
            }
            c->succeed(QStringLiteral("the node's config file holds the changes"));
        });
    };
    return s;
}

PlanStep verify(const QString &node, const QList<LiveConfigPlan::Step> &sets)
{
    PlanStep s;
    s.id = QString::fromLatin1(kVerifyId);
    s.title = QStringLiteral("Check with CONFIG GET that %1 runs the new values").arg(node);
    s.node = node;
    for (const LiveConfigPlan::Step &step : sets)
        s.commands.append(QStringLiteral("CONFIG GET ") + QString::fromUtf8(step.directive));
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [node, sets](StepContext &ctx) {
        struct State
        {
            int pending = 0;
            QList<QByteArray> verified;
            QList<QByteArray> mismatched;
        };
        auto state = std::make_shared<State>();
        state->pending = int(sets.size());
        StepContext *c = &ctx;
        auto finish = [c, state, sets] {
            // In plan order, whatever order the replies came in.
            QList<QByteArray> verified;
            QList<QByteArray> mismatched;
            for (const LiveConfigPlan::Step &step : sets) {
                if (state->verified.contains(step.directive))
                    verified.append(step.directive);
                else
                    mismatched.append(step.directive);
            }
            const QJsonObject details{{QStringLiteral("verified"), ConfigNameList::toJson(verified)},
                                      {QStringLiteral("mismatched"), ConfigNameList::toJson(mismatched)}};
            if (!mismatched.isEmpty())
                c->fail(QStringLiteral("CONFIG GET shows another value: %1").arg(ConfigNameList::toText(mismatched)), details);
            else
                c->succeed(QStringLiteral("verified: %1").arg(ConfigNameList::toText(verified)), details);
        };
        if (sets.isEmpty()) {
            finish();
            return;
        }
        for (const LiveConfigPlan::Step &step : sets) {
            ctx.clients().send(node, {"CONFIG", "GET", step.directive}, ctx.guard(), [state, step, finish](const RespResult &r) {
                const bool same = r.ok() && r.value.isArray() && r.value.elements().size() == 2
                    && sameAsAsked(step, r.value.elements().at(1).bytes());
                (same ? state->verified : state->mismatched).append(step.directive);
                if (--state->pending == 0)
                    finish();
            });
        }
    };
    return s;
}

PlanStep verifyReplication(const QString &node, const QString &master)
{
    PlanStep s;
    s.id = QString::fromLatin1(kReplicationVerifyId);
    s.title = master.isEmpty() ? QStringLiteral("Check that %1 is a master").arg(node)
                               : QStringLiteral("Check that %1 replicates from %2 with its link up").arg(node, master);
    s.node = node;
    s.commands = {QStringLiteral("INFO replication")};
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [node, master](StepContext &ctx) {
        StepContext *c = &ctx;
        ReplicationSteps::pollUntil(
            ctx, node, "replication",
            [master](const NodeSnapshot &snap, QString *progress) {
                if (master.isEmpty())
                    return snap.role == NodeSnapshot::Role::Master;
                const QString now = ReplicationSteps::masterOf(snap);
                *progress = QStringLiteral("role %1, master %2, link %3")
                                .arg(NodeSnapshot::roleName(snap.role), now.isEmpty() ? QStringLiteral("none") : now,
                                     snap.masterLinkStatus.isEmpty() ? QStringLiteral("-") : snap.masterLinkStatus);
                return snap.role == NodeSnapshot::Role::Replica && TopologyBuilder::looselyEqual(now, master)
                    && snap.masterLinkStatus == QLatin1String("up");
            },
            kReplicationVerifyMs,
            [c, master](bool ok, const NodeSnapshot &snap, const QString &error) {
                if (ok) {
                    c->succeed(master.isEmpty() ? QStringLiteral("role master")
                                                : QStringLiteral("replica of %1, link up").arg(master));
                    return;
                }
                c->fail(error.isEmpty() ? QStringLiteral("role %1").arg(NodeSnapshot::roleName(snap.role)) : error);
            });
    };
    return s;
}

} // namespace LiveConfigSteps
