#include "PauseSteps.h"

#include "NodeClients.h"
#include "ReplicationSteps.h"
#include "StepContext.h"

#include "info/InfoParser.h"

#include <QTimer>

#include <chrono>
#include <memory>

namespace PauseSteps {

namespace {

// One monotonic clock for every step of the run: the pause is measured across steps.
qint64 nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
}

QByteArrayList minReplicasSet(const QByteArray &value)
{
    return {"CONFIG", "SET", "min-replicas-to-write", value};
}

// Fire and forget: the step has already ended, only the server's state matters.
void unpauseQuietly(StepContext &ctx, const QString &master)
{
    ctx.clients().send(master, {"CLIENT", "UNPAUSE"}, nullptr, [](const RespResult &) {});
}

void recordPauseStart(StepContext &ctx, int pauseMs)
{
    const qint64 us = nowUs();
    ctx.shared().insert(QStringLiteral("pause_started_us"), us);
    ctx.shared().insert(QStringLiteral("pause_started_ms"), us / 1000);
    ctx.shared().insert(QStringLiteral("pause_ms"), pauseMs);
}

void recordPauseEnd(StepContext &ctx)
{
    if (!ctx.shared().contains(QStringLiteral("pause_started_us")))
        return;
    const qint64 us = nowUs() - ctx.shared().value(QStringLiteral("pause_started_us")).toLongLong();
    // Whole milliseconds, rounded up, so a real pause never shows as 0; microseconds beside.
    ctx.metrics().insert(QStringLiteral("write_pause_ms"), qint64((us + 999) / 1000));
    ctx.metrics().insert(QStringLiteral("write_pause_us"), us);
}

void runModernPause(StepContext &ctx, const QString &master, int pauseMs)
{
    auto pauseError = std::make_shared<QString>();
    ctx.clients().send(master, {"CLIENT", "PAUSE", QByteArray::number(pauseMs), "WRITE"}, ctx.guard(),
                       [&ctx, pauseError, pauseMs](const RespResult &r) {
        if (r.ok())
            recordPauseStart(ctx, pauseMs);
        else
            *pauseError = r.errorText();
    });
    // Pipelined: the reply reflects the offset once the pause took effect.
    ctx.clients().send(master, {"INFO", "replication"}, ctx.guard(), [&ctx, master, pauseError](const RespResult &r) {
        if (!pauseError->isEmpty()) {
            ctx.fail(QStringLiteral("CLIENT PAUSE refused by %1: %2").arg(master, *pauseError));
            return;
        }
        if (!r.ok()) {
            unpauseQuietly(ctx, master);
            ctx.fail(QStringLiteral("could not read the offset of %1: %2").arg(master, r.errorText()));
            return;
        }
        const NodeSnapshot snap = InfoParser::parse(r.value.bytes());
        if (snap.role != NodeSnapshot::Role::Master) {
            unpauseQuietly(ctx, master);
            ctx.fail(QStringLiteral("%1 is no longer a master").arg(master));
            return;
        }
        ctx.shared().insert(QStringLiteral("master_offset"), snap.masterReplOffset);
        ctx.succeed(QStringLiteral("writes paused at offset %1").arg(snap.masterReplOffset),
                    QJsonObject{{QStringLiteral("master_offset"), snap.masterReplOffset}});
    });
}

void runLegacyPause(StepContext &ctx, const QString &master, int pauseMs, int replicaCount)
{
    ctx.clients().send(master, {"CONFIG", "GET", "min-replicas-to-write"}, ctx.guard(), [&ctx](const RespResult &r) {
        QByteArray old = "0";
        if (r.ok() && r.value.elements().size() == 2)
            old = r.value.elements().at(1).bytes();
        ctx.shared().insert(QStringLiteral("legacy_min_replicas"), old);
    });
    // ALL mode blocks this connection too: the offset must be read inside the transaction.
    auto ignore = [](const RespResult &) {};
    ctx.clients().send(master, {"MULTI"}, ctx.guard(), ignore);
    ctx.clients().send(master, minReplicasSet(QByteArray::number(replicaCount + 1)), ctx.guard(), ignore);
    ctx.clients().send(master, {"CLIENT", "PAUSE", QByteArray::number(pauseMs)}, ctx.guard(), ignore);
    ctx.clients().send(master, {"INFO", "replication"}, ctx.guard(), ignore);
    ctx.clients().send(master, {"EXEC"}, ctx.guard(), [&ctx, master, pauseMs](const RespResult &r) {
        if (!r.ok() || r.value.elements().size() != 3) {
            ctx.fail(QStringLiteral("the pause transaction failed on %1: %2")
                         .arg(master, r.ok() ? QStringLiteral("unexpected reply") : r.errorText()));
            return;
        }
        const QList<RespValue> &e = r.value.elements();
        recordPauseStart(ctx, pauseMs);
        if (e.at(0).isError() || e.at(1).isError() || e.at(2).isError()) {
            const QString why = e.at(0).isError() ? e.at(0).text() : e.at(1).isError() ? e.at(1).text() : e.at(2).text();
            const QByteArray old = ctx.shared().value(QStringLiteral("legacy_min_replicas"), QByteArray("0")).toByteArray();
            ctx.clients().send(master, minReplicasSet(old), nullptr, [](const RespResult &) {}, pauseMs + 2000);
            ctx.fail(QStringLiteral("the pause transaction failed on %1: %2").arg(master, why));
            return;
        }
        const NodeSnapshot snap = InfoParser::parse(e.at(2).bytes());
        ctx.shared().insert(QStringLiteral("master_offset"), snap.masterReplOffset);
        ctx.succeed(QStringLiteral("writes paused (ALL mode, later writes refused) at offset %1").arg(snap.masterReplOffset),
                    QJsonObject{{QStringLiteral("master_offset"), snap.masterReplOffset}});
    });
}

} // namespace

PlanStep pauseWrites(const QString &master, int pauseMs, int replicaCount, bool legacy)
{
    PlanStep s;
    s.id = QStringLiteral("pause");
    s.node = master;
    s.title = QStringLiteral("Pause writes on %1 (at most %2 ms) and read its replication offset").arg(master).arg(pauseMs);
    const QString prefix = master + QStringLiteral(": ");
    if (legacy) {
        s.commands = {prefix + QStringLiteral("CONFIG GET min-replicas-to-write"), prefix + QStringLiteral("MULTI"),
                      prefix + QStringLiteral("CONFIG SET min-replicas-to-write %1").arg(replicaCount + 1),
                      prefix + QStringLiteral("CLIENT PAUSE %1").arg(pauseMs), prefix + QStringLiteral("INFO replication"),
                      prefix + QStringLiteral("EXEC")};
        s.compensateTitle = QStringLiteral("Restore min-replicas-to-write on %1 (the pause ends by itself)").arg(master);
        s.compensateCommands = {prefix + QStringLiteral("CONFIG SET min-replicas-to-write <previous value>")};
        s.compensate = [master](StepContext &ctx) {
            const QByteArray old = ctx.shared().value(QStringLiteral("legacy_min_replicas"), QByteArray("0")).toByteArray();
            const int wait = ctx.shared().value(QStringLiteral("pause_ms"), 0).toInt() + 2000;
            // Queued behind the ALL pause: answered once the pause has ended.
            ctx.clients().send(master, minReplicasSet(old), ctx.guard(), [&ctx, master](const RespResult &r) {
                if (r.ok())
                    ctx.succeed(QStringLiteral("writes accepted again"));
                else
                    ctx.fail(QStringLiteral("could not restore min-replicas-to-write on %1: %2").arg(master, r.errorText()));
            }, wait);
        };
    } else {
        s.commands = {prefix + QStringLiteral("CLIENT PAUSE %1 WRITE").arg(pauseMs), prefix + QStringLiteral("INFO replication")};
        s.compensateTitle = QStringLiteral("Unpause writes on %1").arg(master);
        s.compensateCommands = {prefix + QStringLiteral("CLIENT UNPAUSE")};
        s.compensate = [master](StepContext &ctx) {
            ctx.clients().send(master, {"CLIENT", "UNPAUSE"}, ctx.guard(), [&ctx, master](const RespResult &r) {
                if (r.ok())
                    ctx.succeed(QStringLiteral("writes accepted again"));
                else
                    ctx.fail(QStringLiteral("could not unpause %1 (the pause expires by itself): %2").arg(master, r.errorText()));
            });
        };
    }
    s.run = [master, pauseMs, replicaCount, legacy](StepContext &ctx) {
        if (legacy)
            runLegacyPause(ctx, master, pauseMs, replicaCount);
        else
            runModernPause(ctx, master, pauseMs);
    };
    return s;
}

PlanStep waitCatchUp(const QString &candidate, const QString &master, int timeoutMs)
{
    PlanStep s;
    s.id = QStringLiteral("catch-up");
    s.node = candidate;
    s.title = QStringLiteral("Wait until %1 has applied everything %2 wrote (at most %3 ms)").arg(candidate, master).arg(timeoutMs);
    s.commands = {candidate + QStringLiteral(": INFO replication (repeated until slave_repl_offset >= the master's offset)")};
    s.run = [candidate, master, timeoutMs](StepContext &ctx) {
        struct State
        {
            qint64 target = 0;
            qint64 startUs = 0;
            qint64 lastProgressUs = 0;
            int polls = 0;
            std::function<void()> next;
        };
        auto st = std::make_shared<State>();
        st->target = ctx.shared().value(QStringLiteral("master_offset"), -1).toLongLong();
        st->startUs = nowUs();
        if (st->target < 0) {
            ctx.fail(QStringLiteral("no master offset to wait for"));
            return;
        }
        const auto expected = NodeClients::splitAddress(master);
        auto end = [&ctx, st](bool ok, const QString &message, const QJsonObject &details = {}) {
            st->next = nullptr;  // breaks the cycle next -> st
            ok ? ctx.succeed(message, details) : ctx.fail(message, details);
        };
        QTimer::singleShot(timeoutMs, ctx.guard(), [&ctx, st, end, timeoutMs, candidate] {
            end(false, QStringLiteral("%1 did not catch up within %2 ms").arg(candidate).arg(timeoutMs));
            // A request is stuck on that connection (node or network frozen): drop it so
            // nothing queues behind it; the next use reconnects.
            ctx.clients().client(candidate)->disconnectFromServer();
        });
        // Back to back: the next request leaves as soon as the previous reply arrived.
        st->next = [&ctx, st, end, candidate, expected, timeoutMs] {
            const int left = int(qMax<qint64>(1, timeoutMs - (nowUs() - st->startUs) / 1000)) + 50;
            ctx.clients().send(candidate, {"INFO", "replication"}, ctx.guard(),
                               [&ctx, st, end, candidate, expected](const RespResult &r) {
                ++st->polls;
                if (!r.ok()) {
                    end(false, QStringLiteral("%1 stopped answering: %2").arg(candidate, r.errorText()));
                    return;
                }
                const NodeSnapshot snap = InfoParser::parse(r.value.bytes());
                if (snap.role != NodeSnapshot::Role::Replica
                    || NodeClients::splitAddress(ReplicationSteps::masterOf(snap)) != expected) {
                    end(false, QStringLiteral("%1 is no longer a replica of the master").arg(candidate));
                    return;
                }
                if (snap.masterLinkStatus != QLatin1String("up")) {
                    end(false, QStringLiteral("%1 lost its link to the master").arg(candidate));
                    return;
                }
                const qint64 applied = ReplicationSteps::appliedOffset(snap);
                if (applied >= st->target) {
                    const qint64 us = nowUs() - st->startUs;
                    end(true, QStringLiteral("caught up (offset %1) in %2 ms").arg(applied).arg(double(us) / 1000.0, 0, 'f', 1),
                        QJsonObject{{QStringLiteral("applied_offset"), applied}, {QStringLiteral("target_offset"), st->target},
                                    {QStringLiteral("polls"), st->polls}, {QStringLiteral("wait_us"), us}});
                    return;
                }
                const qint64 now = nowUs();
                if (now - st->lastProgressUs > 100000) {  // at most ten lines a second
                    st->lastProgressUs = now;
                    ctx.progress(QStringLiteral("%1 at offset %2 of %3").arg(candidate).arg(applied).arg(st->target));
                }
                if (st->next)
                    st->next();
            }, left);
        };
        st->next();
    };
    return s;
}

PlanStep demoteAndUnpause(const QString &oldMaster, const QString &newMaster, bool legacy)
{
    PlanStep s;
    s.id = QStringLiteral("demote");
    s.node = oldMaster;
    s.onFailure = PlanStep::OnFailure::Continue;
    const QByteArrayList replicaOf = ReplicationSteps::replicaOf(newMaster);
    const QString prefix = oldMaster + QStringLiteral(": ");
    if (legacy) {
        s.title = QStringLiteral("Make %1 a replica of %2 and restore min-replicas-to-write").arg(oldMaster, newMaster);
        s.commands = {prefix + ReplicationSteps::render(replicaOf),
                      prefix + QStringLiteral("CONFIG SET min-replicas-to-write <previous value>")};
    } else {
        s.title = QStringLiteral("Make %1 a replica of %2 and release its paused writes").arg(oldMaster, newMaster);
        s.commands = {prefix + ReplicationSteps::render(replicaOf), prefix + QStringLiteral("CLIENT UNPAUSE")};
    }
    s.run = [oldMaster, newMaster, replicaOf, legacy](StepContext &ctx) {
        auto fenceAndFail = [&ctx, oldMaster, newMaster](const QString &why) {
            // The caller fences it: it must not come back as a second master.
            ctx.metrics().insert(QStringLiteral("fence_old"), oldMaster);
            ctx.metrics().insert(QStringLiteral("fence_new"), newMaster);
            ctx.fail(QStringLiteral("%1 was not demoted: %2; it must be made a replica of %3 before it takes writes")
                         .arg(oldMaster, why, newMaster));
        };
        auto released = [&ctx, oldMaster, newMaster](const RespResult &r) {
            recordPauseEnd(ctx);
            if (!r.ok()) {
                ctx.fail(QStringLiteral("%1 is a replica of %2, but: %3").arg(oldMaster, newMaster, r.errorText()));
                return;
            }
            const QJsonValue pause = ctx.metrics().value(QStringLiteral("write_pause_ms"));
            ctx.succeed(QStringLiteral("%1 follows %2; writes were paused for %3 ms").arg(oldMaster, newMaster).arg(pause.toInteger()),
                        QJsonObject{{QStringLiteral("write_pause_ms"), pause}});
        };
        if (legacy) {
            // Both wait behind the ALL pause, which cannot be lifted before 6.2; the raised
            // min-replicas-to-write keeps released writes from being acknowledged meanwhile.
            const int wait = ctx.shared().value(QStringLiteral("pause_ms"), 0).toInt() + 2000;
            auto demoteError = std::make_shared<QString>();
            ctx.clients().send(oldMaster, replicaOf, ctx.guard(), [demoteError](const RespResult &r) {
                if (!r.ok())
                    *demoteError = r.errorText();
            }, wait);
            const QByteArrayList restore =
                minReplicasSet(ctx.shared().value(QStringLiteral("legacy_min_replicas"), QByteArray("0")).toByteArray());
            ctx.clients().send(oldMaster, restore, ctx.guard(), [demoteError, fenceAndFail, released](const RespResult &r) {
                if (!demoteError->isEmpty())
                    fenceAndFail(*demoteError);
                else
                    released(r);
            }, wait);
            return;
        }
        // Unpause only once the demotion is confirmed: a master that refused REPLICAOF stays
        // paused (the pause is finite) instead of being released as a second master. The
        // extra round trip costs well under a millisecond on a LAN.
        ctx.clients().send(oldMaster, replicaOf, ctx.guard(), [&ctx, oldMaster, fenceAndFail, released](const RespResult &r) {
            if (!r.ok()) {
                fenceAndFail(r.errorText());
                return;
            }
            ctx.clients().send(oldMaster, {"CLIENT", "UNPAUSE"}, ctx.guard(), released);
        });
    };
    return s;
}

} // namespace PauseSteps
