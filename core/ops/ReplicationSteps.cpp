#include "ReplicationSteps.h"

#include "NodeClients.h"
#include "PollLoop.h"
#include "StepContext.h"

#include "info/InfoParser.h"

#include <QJsonArray>

#include <memory>

namespace ReplicationSteps {

QByteArrayList replicaOf(const QString &master)
{
    const auto [host, port] = NodeClients::splitAddress(master);
    return {"REPLICAOF", host.toUtf8(), QByteArray::number(port)};
}

QByteArrayList replicaOfNoOne()
{
    return {"REPLICAOF", "NO", "ONE"};
}

QString render(const QByteArrayList &command)
{
    QStringList parts;
    for (const QByteArray &a : command)
        parts.append(QString::fromUtf8(a));
    return parts.join(QLatin1Char(' '));
}

QString masterOf(const NodeSnapshot &snapshot)
{
    if (snapshot.masterHost.isEmpty())
        return {};
    const QString host = snapshot.masterHost.contains(QLatin1Char(':'))
        ? QString(QLatin1Char('[') + snapshot.masterHost + QLatin1Char(']')) : snapshot.masterHost;
    return host + QLatin1Char(':') + QString::number(snapshot.masterPort);
}

qint64 appliedOffset(const NodeSnapshot &snapshot)
{
    return snapshot.replicaReplOffset.value_or(-1);
}

void fetchInfo(StepContext &ctx, const QString &address, const QByteArray &section, InfoHandler done,
               int timeoutMs)
{
    QByteArrayList cmd{"INFO"};
    if (!section.isEmpty())
        cmd.append(section);
    ctx.clients().send(address, cmd, ctx.guard(), [done](const RespResult &r) {
        if (!r.ok()) {
            done(false, NodeSnapshot(), r.errorText());
            return;
        }
        done(true, InfoParser::parse(r.value.bytes()), QString());
    }, timeoutMs);
}

void pollUntil(StepContext &ctx, const QString &address, const QByteArray &section,
               std::function<bool(const NodeSnapshot &, QString *)> accept, int timeoutMs, InfoHandler done)
{
    struct Seen
    {
        NodeSnapshot last;
        QString lastError;
    };
    auto seen = std::make_shared<Seen>();
    StepContext *c = &ctx;
    PollLoop::run(
        ctx, timeoutMs,
        [seen, c, address, section, accept](const PollLoop::Round &round) {
            fetchInfo(*c, address, section, [seen, c, accept, round](bool ok, const NodeSnapshot &snap, const QString &error) {
                if (round.over())
                    return;
                if (!ok) {
                    seen->lastError = error;
                    // Do not spin on a refusing node: a short breather before the retry.
                    round.again(20);
                    return;
                }
                seen->last = snap;
                QString progress;
                if (accept(snap, &progress)) {
                    round.finish(true, QString());
                    return;
                }
                if (!progress.isEmpty())
                    c->progress(progress);
                round.again(0);
            }, round.leftMs);
        },
        [seen, timeoutMs] {
            return seen->lastError.isEmpty()
                ? QStringLiteral("not reached within %1 ms").arg(timeoutMs)
                : QStringLiteral("not reached within %1 ms (%2)").arg(timeoutMs).arg(seen->lastError);
        },
        [seen, done](bool ok, const QString &error) { done(ok, seen->last, error); });
}

PlanStep repoint(const QString &id, const QStringList &replicas, const QString &newMaster)
{
    PlanStep s;
    s.id = id;
    s.title = QStringLiteral("Point %1 at %2").arg(replicas.join(QStringLiteral(", ")), newMaster);
    const QByteArrayList cmd = replicaOf(newMaster);
    for (const QString &r : replicas)
        s.commands.append(r + QStringLiteral(": ") + render(cmd));
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [replicas, cmd](StepContext &ctx) {
        if (replicas.isEmpty()) {
            ctx.succeed(QStringLiteral("no other replicas"));
            return;
        }
        auto pending = std::make_shared<int>(int(replicas.size()));
        auto failures = std::make_shared<QStringList>();
        for (const QString &r : replicas) {
            ctx.clients().send(r, cmd, ctx.guard(), [&ctx, r, pending, failures](const RespResult &res) {
                if (!res.ok())
                    failures->append(r + QStringLiteral(": ") + res.errorText());
                if (--*pending > 0)
                    return;
                if (failures->isEmpty())
                    ctx.succeed();
                else
                    ctx.fail(failures->join(QStringLiteral("; ")));
            });
        }
    };
    return s;
}

PlanStep verifyFollowers(const QString &newMaster, const QStringList &followers, int timeoutMs,
                         const QString &syncFullKey)
{
    PlanStep s;
    s.id = QStringLiteral("verify");
    s.title = QStringLiteral("Verify: %1 is master, %2 follow it with links up")
                  .arg(newMaster, followers.isEmpty() ? QStringLiteral("no replicas") : followers.join(QStringLiteral(", ")));
    s.commands = {newMaster + QStringLiteral(": INFO replication")};
    for (const QString &f : followers)
        s.commands.append(f + QStringLiteral(": INFO replication"));
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [newMaster, followers, timeoutMs, syncFullKey](StepContext &ctx) {
        auto pending = std::make_shared<int>(int(followers.size()) + 1);
        auto problems = std::make_shared<QStringList>();
        auto details = std::make_shared<QJsonObject>();
        auto oneDone = [&ctx, pending, problems, details] {
            if (--*pending > 0)
                return;
            if (problems->isEmpty())
                ctx.succeed(QStringLiteral("verified"), *details);
            else
                ctx.fail(problems->join(QStringLiteral("; ")), *details);
        };
        pollUntil(ctx, newMaster, QByteArray(), [](const NodeSnapshot &snap, QString *) {
            return snap.role == NodeSnapshot::Role::Master;
        }, timeoutMs, [&ctx, newMaster, syncFullKey, problems, details, oneDone](bool ok, const NodeSnapshot &snap, const QString &error) {
            if (!ok) {
                problems->append(newMaster + QStringLiteral(" is not master: ") + error);
            } else if (!syncFullKey.isEmpty() && ctx.shared().contains(syncFullKey)) {
                const qint64 before = ctx.shared().value(syncFullKey).toLongLong();
                details->insert(QStringLiteral("full_syncs"), snap.syncFull - before);
                if (snap.syncFull > before)
                    problems->append(QStringLiteral("%1 served %2 full resync(s) instead of partial ones")
                                         .arg(newMaster).arg(snap.syncFull - before));
            }
            oneDone();
        });
        for (const QString &f : followers) {
            pollUntil(ctx, f, "replication", [newMaster](const NodeSnapshot &snap, QString *progress) {
                const bool follows = snap.role == NodeSnapshot::Role::Replica
                    && NodeClients::splitAddress(masterOf(snap)) == NodeClients::splitAddress(newMaster);
                if (follows && snap.masterLinkStatus != QLatin1String("up"))
                    *progress = QStringLiteral("waiting for the link to come up");
                return follows && snap.masterLinkStatus == QLatin1String("up");
            }, timeoutMs, [f, newMaster, problems, oneDone](bool ok, const NodeSnapshot &snap, const QString &error) {
                if (!ok) {
                    const QString now = snap.role == NodeSnapshot::Role::Replica
                        ? QStringLiteral("replica of %1, link %2").arg(masterOf(snap), snap.masterLinkStatus)
                        : QStringLiteral("not following");
                    problems->append(QStringLiteral("%1 does not follow %2 (%3; %4)").arg(f, newMaster, now, error));
                }
                oneDone();
            });
        }
    };
    return s;
}

PlanStep persist(const QStringList &nodes)
{
    PlanStep s;
    s.id = QStringLiteral("persist");
    s.title = QStringLiteral("Save the new roles in each node's redis.conf (CONFIG REWRITE)");
    for (const QString &n : nodes)
        s.commands.append(n + QStringLiteral(": CONFIG REWRITE"));
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [nodes](StepContext &ctx) {
        if (nodes.isEmpty()) {
            ctx.succeed();
            return;
        }
        auto pending = std::make_shared<int>(int(nodes.size()));
        auto failures = std::make_shared<QStringList>();
        auto noFile = std::make_shared<QStringList>();
        for (const QString &n : nodes) {
            ctx.clients().send(n, {"CONFIG", "REWRITE"}, ctx.guard(), [&ctx, n, pending, failures, noFile](const RespResult &r) {
                if (!r.ok()) {
                    const QString text = r.errorText();
                    // No config file, or CONFIG renamed: reported, not a failure (see header).
                    const bool reportOnly = text.contains(QLatin1String("without a config file"))
                        || text.contains(QLatin1String("unknown command"));
                    (reportOnly ? noFile : failures)->append(n + QStringLiteral(": ") + text);
                }
                if (--*pending > 0)
                    return;
                if (failures->isEmpty())
                    ctx.succeed(noFile->isEmpty() ? QStringLiteral("saved")
                                                  : QString(QStringLiteral("not saved, nothing to save to: ")
                                                            + noFile->join(QStringLiteral("; "))));
                else
                    ctx.fail(QStringLiteral("not saved (a restart would bring back the old role): ")
                             + failures->join(QStringLiteral("; ")));
            });
        }
    };
    return s;
}

} // namespace ReplicationSteps
