#include "SentinelSteps.h"

#include "NodeClients.h"
#include "PollLoop.h"
#include "ReplicationSteps.h"
#include "StepContext.h"

#include "info/InfoParser.h"


#include <memory>

namespace SentinelSteps {

namespace {

const QString kReachable = QStringLiteral("sentinel.reachable");
const QString kLeader = QStringLiteral("sentinel.leader");
const QString kPromoted = QStringLiteral("sentinel.promoted");
const QString kSyncFull = QStringLiteral("sentinel.candidate_sync_full");

QString priorityKey(const QString &address)
{
    return QStringLiteral("sentinel.priority.") + address;
}

QString joinAddress(const QString &host, const QString &port)
{
    return (host.contains(QLatin1Char(':')) ? QString(QLatin1Char('[') + host + QLatin1Char(']')) : host)
        + QLatin1Char(':') + port;
}

bool matchesAny(const QString &address, const QStringList &aliases)
{
    for (const QString &a : aliases) {
        if (sameAddress(address, a))
            return true;
    }
    return false;
}

// Sends `cmd` to `address` until `accept` takes the reply or `timeoutMs` passes, one request
// every `intervalMs` (sentinels change their view on their own timers; no need to hammer).
void pollCommand(StepContext &ctx, const QString &address, const QByteArrayList &cmd,
                 std::function<bool(const RespResult &, QString *why)> accept, int intervalMs, int timeoutMs,
                 std::function<void(bool ok, const QString &why)> done)
{
    auto why = std::make_shared<QString>();
    StepContext *c = &ctx;
    QObject *guard = ctx.guard();
    PollLoop::run(
        ctx, timeoutMs,
        [why, c, guard, address, cmd, accept, intervalMs](const PollLoop::Round &round) {
            const int left = qMin(round.leftMs, c->clients().commandTimeout());
            c->clients().send(address, cmd, guard, [why, c, accept, intervalMs, round](const RespResult &r) {
                if (round.over())
                    return;
                QString reason;
                if (r.ok() && accept(r, &reason)) {
                    round.finish(true, QString());
                    return;
                }
                *why = r.ok() ? reason : r.errorText();
                if (!why->isEmpty())
                    c->progress(*why);
                round.again(intervalMs);
            }, left);
        },
        [why, timeoutMs] { return QStringLiteral("not within %1 ms: %2").arg(timeoutMs).arg(*why); },
        std::move(done));
}

// CONFIG SET replica-priority <old> on each of `others` that has a saved value.
void restore(StepContext &ctx, const QStringList &others, std::function<void(const QStringList &failures)> done)
{
    QStringList todo;
    for (const QString &r : others) {
        if (ctx.shared().contains(priorityKey(r)))
            todo.append(r);
    }
    if (todo.isEmpty()) {
        done({});
        return;
    }
    auto pending = std::make_shared<int>(int(todo.size()));
    auto failures = std::make_shared<QStringList>();
    for (const QString &r : todo) {
        const QByteArray old = ctx.shared().value(priorityKey(r)).toString().toUtf8();
        ctx.clients().send(r, {"CONFIG", "SET", "replica-priority", old}, ctx.guard(),
                           [&ctx, r, old, pending, failures, done](const RespResult &res) {
            if (res.ok())
                ctx.shared().remove(priorityKey(r));
            else
                failures->append(QStringLiteral("%1 (restore replica-priority %2 by hand): %3")
                                     .arg(r, QString::fromUtf8(old), res.errorText()));
            if (--*pending == 0)
                done(*failures);
        });
    }
}

QString priorityCommands(const QStringList &others, const QString &value)
{
    QStringList parts;
    for (const QString &r : others)
        parts.append(r + QStringLiteral(": CONFIG SET replica-priority ") + value);
    return parts.join(QStringLiteral("; "));
}

} // namespace

QHash<QString, QString> fields(const RespValue &reply)
{
    QHash<QString, QString> out;
    const QList<RespValue> &e = reply.elements();
    for (qsizetype i = 0; i + 1 < e.size(); i += 2)
        out.insert(e.at(i).text(), e.at(i + 1).text());
    return out;
}

bool sameAddress(const QString &a, const QString &b)
{
    const auto x = NodeClients::splitAddress(a);
    const auto y = NodeClients::splitAddress(b);
    return x.second == y.second && x.first.compare(y.first, Qt::CaseInsensitive) == 0;
}

QString masterProblem(const QHash<QString, QString> &m, const QString &master, int pauseMs)
{
    const QString watched = joinAddress(m.value(QStringLiteral("ip")), m.value(QStringLiteral("port")));
    if (!sameAddress(watched, master))
        return QStringLiteral("it knows %1 as the master, not %2").arg(watched, master);
    const QStringList flags = m.value(QStringLiteral("flags")).split(QLatin1Char(','));
    for (const QString &bad : {QStringLiteral("s_down"), QStringLiteral("o_down"), QStringLiteral("failover_in_progress")}) {
        if (flags.contains(bad))
            return QStringLiteral("it reports the master as %1").arg(bad);
    }
    bool ok = false;
    const qint64 downAfter = m.value(QStringLiteral("down-after-milliseconds")).toLongLong(&ok);
    if (!ok)
        return QStringLiteral("it does not report down-after-milliseconds");
    if (downAfter <= pauseMs)
        return QStringLiteral("its down-after-milliseconds (%1) is not longer than the write pause (%2 ms): "
                              "it could declare the paused master down; lower --timeout or raise down-after-milliseconds")
            .arg(downAfter).arg(pauseMs);
    return {};
}

QString replicasProblem(const RespValue &replicas, const QStringList &candidate)
{
    bool found = false;
    QStringList problems;
    for (const RespValue &entry : replicas.elements()) {
        const QHash<QString, QString> f = fields(entry);
        const QString address = joinAddress(f.value(QStringLiteral("ip")), f.value(QStringLiteral("port")));
        const QStringList flags = f.value(QStringLiteral("flags")).split(QLatin1Char(','));
        const bool down = flags.contains(QStringLiteral("s_down")) || flags.contains(QStringLiteral("o_down"))
            || flags.contains(QStringLiteral("disconnected"));
        const QString priority = f.value(QStringLiteral("slave-priority"), f.value(QStringLiteral("replica-priority")));
        if (matchesAny(address, candidate)) {
            found = true;
            if (down)
                problems.append(QStringLiteral("it sees the candidate %1 as %2").arg(address, f.value(QStringLiteral("flags"))));
            else if (priority == QLatin1String("0"))
                problems.append(QStringLiteral("it still sees replica-priority 0 on the candidate %1").arg(address));
        } else if (!down && priority != QLatin1String("0")) {
            problems.append(QStringLiteral("it still sees replica-priority %1 on %2").arg(priority, address));
        }
    }
    if (!found)
        problems.prepend(QStringLiteral("it does not list the candidate as a replica"));
    return problems.join(QStringLiteral("; "));
}

PlanStep connect(const QStringList &nodes, const QStringList &sentinels, const QString &candidate)
{
    PlanStep s;
    s.id = QStringLiteral("connect");
    s.title = QStringLiteral("Connect to %1 node(s) and %2 sentinel(s) before anything changes")
                  .arg(nodes.size()).arg(sentinels.size());
    s.commands = {candidate + QStringLiteral(": INFO stats")};
    s.run = [nodes, sentinels, candidate](StepContext &ctx) {
        ctx.clients().connectAll(nodes + sentinels, qMax(3000, ctx.clients().commandTimeout()), ctx.guard(),
                                 [&ctx, nodes, sentinels, candidate](const QHash<QString, NetError> &failures) {
            QStringList problems;
            for (const QString &n : nodes) {
                if (failures.contains(n))
                    problems.append(n + QStringLiteral(": ") + failures.value(n).message);
            }
            QStringList reachable;
            QStringList silent;
            for (const QString &sentinel : sentinels)
                (failures.contains(sentinel) ? silent : reachable).append(sentinel);
            if (reachable.isEmpty())
                problems.append(QStringLiteral("no sentinel of the group answered"));
            if (!problems.isEmpty()) {
                ctx.fail(problems.join(QStringLiteral("; ")));
                return;
            }
            ctx.shared().insert(kReachable, reachable);
            ReplicationSteps::fetchInfo(ctx, candidate, "stats", [&ctx, silent](bool ok, const NodeSnapshot &snap, const QString &error) {
                if (!ok) {
                    ctx.fail(QStringLiteral("cannot read the candidate's INFO: ") + error);
                    return;
                }
                ctx.shared().insert(kSyncFull, snap.syncFull);
                ctx.succeed(silent.isEmpty() ? QStringLiteral("connected")
                                             : QStringLiteral("connected; not answering (they will learn the new master from the others): ")
                                                   + silent.join(QStringLiteral(", ")));
            });
        });
    };
    return s;
}

PlanStep checkSentinels(const QString &name, const QString &master, int pauseMs)
{
    PlanStep s;
    s.id = QStringLiteral("check-sentinels");
    s.title = QStringLiteral("Check that the sentinels agree on %1 as master '%2' and will not declare it down during a %3 ms pause")
                  .arg(master, name).arg(pauseMs);
    s.commands = {QStringLiteral("each sentinel: SENTINEL MASTER ") + name};
    s.run = [name, master, pauseMs](StepContext &ctx) {
        const QStringList sentinels = ctx.shared().value(kReachable).toStringList();
        auto pending = std::make_shared<int>(int(sentinels.size()));
        auto problems = std::make_shared<QStringList>();
        auto agreeing = std::make_shared<QStringList>();
        auto finish = [&ctx, sentinels, problems, agreeing] {
            if (!problems->isEmpty()) {
                ctx.fail(problems->join(QStringLiteral("; ")));
                return;
            }
            // Keep the configured order: the first agreeing sentinel leads.
            QStringList ordered;
            for (const QString &sentinel : sentinels) {
                if (agreeing->contains(sentinel))
                    ordered.append(sentinel);
            }
            if (ordered.isEmpty()) {
                ctx.fail(QStringLiteral("no sentinel answered SENTINEL MASTER"));
                return;
            }
            ctx.shared().insert(kReachable, ordered);
            ctx.shared().insert(kLeader, ordered.first());
            ctx.succeed(QStringLiteral("%1 sentinel(s) agree; %2 will run the failover").arg(ordered.size()).arg(ordered.first()));
        };
        for (const QString &sentinel : sentinels) {
            ctx.clients().send(sentinel, {"SENTINEL", "MASTER", name.toUtf8()}, ctx.guard(),
                               [sentinel, master, pauseMs, pending, problems, agreeing, finish](const RespResult &r) {
                if (r.ok()) {
                    const QString why = masterProblem(fields(r.value), master, pauseMs);
                    if (why.isEmpty())
                        agreeing->append(sentinel);
                    else
                        problems->append(QStringLiteral("sentinel %1: %2").arg(sentinel, why));
                } else if (r.value.isError()) {
                    problems->append(QStringLiteral("sentinel %1: %2").arg(sentinel, r.value.text()));
                }  // a silent one is left out: it learns the outcome from the others
                if (--*pending == 0)
                    finish();
            });
        }
    };
    return s;
}

PlanStep lowerPriorities(const QString &candidate, const QStringList &others)
{
    PlanStep s;
    s.id = QStringLiteral("lower-priorities");
    s.title = others.isEmpty()
        ? QStringLiteral("Check the candidate's replica-priority (no other replica Sentinel could pick)")
        : QStringLiteral("Set replica-priority 0 on %1 so that Sentinel can only pick %2")
              .arg(others.join(QStringLiteral(", ")), candidate);
    s.commands = {candidate + QStringLiteral(": CONFIG GET replica-priority")};
    for (const QString &r : others) {
        s.commands.append(r + QStringLiteral(": CONFIG GET replica-priority"));
        s.commands.append(r + QStringLiteral(": CONFIG SET replica-priority 0"));
    }
    s.compensateTitle = QStringLiteral("Restore replica-priority on %1").arg(others.join(QStringLiteral(", ")));
    if (!others.isEmpty())
        s.compensateCommands = {priorityCommands(others, QStringLiteral("<old value>"))};
    s.run = [candidate, others](StepContext &ctx) {
        ctx.clients().send(candidate, {"CONFIG", "GET", "replica-priority"}, ctx.guard(), [&ctx, candidate, others](const RespResult &r) {
            if (!r.ok() || r.value.elements().size() < 2) {
                ctx.fail(QStringLiteral("cannot read replica-priority on %1: %2")
                             .arg(candidate, r.ok() ? QStringLiteral("CONFIG GET gave nothing") : r.errorText()));
                return;
            }
            const QString priority = r.value.elements().at(1).text();
            if (priority == QLatin1String("0")) {
                ctx.fail(QStringLiteral("%1 has replica-priority 0: Sentinel never promotes it").arg(candidate));
                return;
            }
            if (others.isEmpty()) {
                ctx.succeed(QStringLiteral("candidate priority %1").arg(priority));
                return;
            }
            auto pending = std::make_shared<int>(int(others.size()));
            auto failures = std::make_shared<QStringList>();
            auto oneDone = [&ctx, others, pending, failures, priority] {
                if (--*pending > 0)
                    return;
                if (failures->isEmpty()) {
                    ctx.succeed(QStringLiteral("candidate priority %1, others 0").arg(priority));
                    return;
                }
                // This step's own undo never runs (it failed): put back what it changed.
                restore(ctx, others, [&ctx, failures](const QStringList &restoreFailures) {
                    ctx.fail((*failures + restoreFailures).join(QStringLiteral("; ")));
                });
            };
            for (const QString &other : others) {
                ctx.clients().send(other, {"CONFIG", "GET", "replica-priority"}, ctx.guard(),
                                   [&ctx, other, failures, oneDone](const RespResult &get) {
                    if (!get.ok() || get.value.elements().size() < 2) {
                        failures->append(QStringLiteral("cannot read replica-priority on %1: %2")
                                             .arg(other, get.ok() ? QStringLiteral("CONFIG GET gave nothing") : get.errorText()));
                        oneDone();
                        return;
                    }
                    const QString old = get.value.elements().at(1).text();
                    ctx.clients().send(other, {"CONFIG", "SET", "replica-priority", "0"}, ctx.guard(),
                                       [&ctx, other, old, failures, oneDone](const RespResult &set) {
                        if (set.ok())
                            ctx.shared().insert(priorityKey(other), old);
                        else
                            failures->append(QStringLiteral("cannot set replica-priority on %1: %2").arg(other, set.errorText()));
                        oneDone();
                    });
                });
            }
        });
    };
    s.compensate = [others](StepContext &ctx) {
        restore(ctx, others, [&ctx](const QStringList &failures) {
            failures.isEmpty() ? ctx.succeed(QStringLiteral("restored")) : ctx.fail(failures.join(QStringLiteral("; ")));
        });
    };
    return s;
}

PlanStep waitSentinelSeesPriorities(const QString &name, const QStringList &candidateAliases, int timeoutMs)
{
    PlanStep s;
    s.id = QStringLiteral("wait-sentinel-priorities");
    s.title = QStringLiteral("Wait until the leading sentinel has read the new priorities (it reads INFO every 10 s by default; at most %1 ms)")
                  .arg(timeoutMs);
    s.commands = {QStringLiteral("leading sentinel: SENTINEL REPLICAS ") + name};
    s.run = [name, candidateAliases, timeoutMs](StepContext &ctx) {
        const QString leader = ctx.shared().value(kLeader).toString();
        pollCommand(ctx, leader, {"SENTINEL", "REPLICAS", name.toUtf8()}, [candidateAliases](const RespResult &r, QString *why) {
            *why = replicasProblem(r.value, candidateAliases);
            return why->isEmpty();
        }, 100, timeoutMs, [&ctx, leader](bool ok, const QString &why) {
            ok ? ctx.succeed(QStringLiteral("%1 can only pick the candidate").arg(leader))
               : ctx.fail(QStringLiteral("sentinel %1: %2").arg(leader, why));
        });
    };
    return s;
}

PlanStep failover(const QString &name)
{
    PlanStep s;
    s.id = QStringLiteral("sentinel-failover");
    s.title = QStringLiteral("Ask the leading sentinel to fail over '%1'").arg(name);
    s.commands = {QStringLiteral("leading sentinel: SENTINEL FAILOVER ") + name};
    s.pointOfNoReturn = true;
    s.run = [name](StepContext &ctx) {
        const QString leader = ctx.shared().value(kLeader).toString();
        ctx.clients().send(leader, {"SENTINEL", "FAILOVER", name.toUtf8()}, ctx.guard(), [&ctx, leader](const RespResult &r) {
            r.ok() ? ctx.succeed(QStringLiteral("%1 accepted").arg(leader))
                   : ctx.fail(QStringLiteral("sentinel %1 refused: %2").arg(leader, r.errorText()));
        });
    };
    return s;
}

PlanStep waitPromotion(const QString &candidate, int timeoutMs)
{
    PlanStep s;
    s.id = QStringLiteral("wait-promotion");
    s.title = QStringLiteral("Wait until Sentinel has promoted %1 (at most %2 ms)").arg(candidate).arg(timeoutMs);
    s.node = candidate;
    s.commands = {candidate + QStringLiteral(": INFO replication (repeated)")};
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [candidate, timeoutMs](StepContext &ctx) {
        // Sentinel's transaction kills our connection to the candidate (CLIENT KILL TYPE
        // normal): pollUntil retries, NodeClients reconnects.
        ReplicationSteps::pollUntil(ctx, candidate, "replication", [](const NodeSnapshot &snap, QString *) {
            return snap.role == NodeSnapshot::Role::Master;
        }, timeoutMs, [&ctx, candidate](bool ok, const NodeSnapshot &, const QString &error) {
            ctx.shared().insert(kPromoted, ok);
            ok ? ctx.succeed(QStringLiteral("%1 is master after %2 ms").arg(candidate).arg(ctx.elapsedMs()))
               : ctx.fail(QStringLiteral("Sentinel did not promote %1: %2").arg(candidate, error));
        });
    };
    return s;
}

PlanStep onlyIfPromoted(PlanStep inner, const QString &oldMaster)
{
    PlanStep s = std::move(inner);
    if (s.id.isEmpty())
        s.id = QStringLiteral("demote-old-master");
    if (s.title.isEmpty())
        s.title = QStringLiteral("Demote and unpause %1").arg(oldMaster);
    s.onFailure = PlanStep::OnFailure::Continue;
    auto innerRun = s.run;
    s.run = [innerRun, oldMaster](StepContext &ctx) {
        if (ctx.shared().value(kPromoted).toBool()) {
            if (innerRun)
                innerRun(ctx);
            else
                ctx.succeed(QStringLiteral("nothing to do"));
            return;
        }
        ctx.clients().send(oldMaster, {"CLIENT", "UNPAUSE"}, ctx.guard(), [&ctx, oldMaster](const RespResult &r) {
            // Sentinel has no way to cancel a failover it accepted: say what to watch for.
            ctx.fail(QStringLiteral("the candidate was not promoted in time: %1 stays master%2; if Sentinel promotes "
                                    "the candidate later, writes %1 accepts meanwhile are lost (check SENTINEL MASTER)")
                         .arg(oldMaster, r.ok() ? QStringLiteral(" and takes writes again") : QStringLiteral(" (its pause ends by itself)")));
        });
    };
    return s;
}

PlanStep waitSentinelsAgree(const QString &name, const QStringList &candidateAliases, int timeoutMs)
{
    PlanStep s;
    s.id = QStringLiteral("wait-sentinels");
    s.title = QStringLiteral("Wait until every reachable sentinel reports %1 as master of '%2' (at most %3 ms)")
                  .arg(candidateAliases.value(0), name).arg(timeoutMs);
    s.commands = {QStringLiteral("each sentinel: SENTINEL GET-MASTER-ADDR-BY-NAME ") + name};
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [name, candidateAliases, timeoutMs](StepContext &ctx) {
        const QStringList sentinels = ctx.shared().value(kReachable).toStringList();
        if (sentinels.isEmpty()) {
            ctx.fail(QStringLiteral("no sentinel to ask"));
            return;
        }
        auto pending = std::make_shared<int>(int(sentinels.size()));
        auto problems = std::make_shared<QStringList>();
        for (const QString &sentinel : sentinels) {
            pollCommand(ctx, sentinel, {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", name.toUtf8()},
                        [candidateAliases](const RespResult &r, QString *why) {
                const QList<RespValue> &e = r.value.elements();
                const QString reported = e.size() == 2 ? joinAddress(e.at(0).text(), e.at(1).text()) : QStringLiteral("nothing");
                *why = QStringLiteral("reports %1").arg(reported);
                return e.size() == 2 && matchesAny(reported, candidateAliases);
            }, 50, timeoutMs, [&ctx, sentinel, pending, problems, sentinels](bool ok, const QString &why) {
                if (!ok)
                    problems->append(QStringLiteral("sentinel %1 %2").arg(sentinel, why));
                if (--*pending > 0)
                    return;
                problems->isEmpty() ? ctx.succeed(QStringLiteral("%1 sentinel(s) agree after %2 ms").arg(sentinels.size()).arg(ctx.elapsedMs()))
                                    : ctx.fail(problems->join(QStringLiteral("; ")));
            });
        }
    };
    return s;
}

PlanStep restorePriorities(const QStringList &others)
{
    PlanStep s;
    s.id = QStringLiteral("restore-priorities");
    s.title = QStringLiteral("Restore replica-priority on %1").arg(others.join(QStringLiteral(", ")));
    if (!others.isEmpty())
        s.commands = {priorityCommands(others, QStringLiteral("<old value>"))};
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [others](StepContext &ctx) {
        restore(ctx, others, [&ctx](const QStringList &failures) {
            failures.isEmpty() ? ctx.succeed(QStringLiteral("restored")) : ctx.fail(failures.join(QStringLiteral("; ")));
        });
    };
    return s;
}

} // namespace SentinelSteps
