#include "SetupVerify.h"

#include "SetupFileEdit.h"

#include "ops/NodeClients.h"
#include "ops/PollLoop.h"
#include "ops/ReplicationSteps.h"
#include "ops/StepContext.h"

#include <QJsonArray>
#include <QRandomGenerator>

#include <memory>

namespace SetupVerify {

namespace {

// Calls `done` once `count` parts reported; problems joined.
struct VerifyJoin
{
    int pending = 0;
    QStringList problems;
    std::function<void(const QStringList &problems)> done;
    void one(const QString &problem = {})
    {
        if (!problem.isEmpty())
            problems.append(problem);
        if (--pending == 0 && done)
            done(problems);
    }
};

std::shared_ptr<VerifyJoin> verifyJoin(int count, std::function<void(const QStringList &)> done)
{
    auto j = std::make_shared<VerifyJoin>();
    j->pending = count;
    j->done = std::move(done);
    if (count <= 0)
        j->done({});
    return j;
}

// Phase 1: every replica's link up and its applied offset at least the master's.
void converge(StepContext &ctx, const QString &master, const QStringList &replicas, int timeoutMs,
              std::function<void(const QStringList &)> done)
{
    ReplicationSteps::fetchInfo(ctx, master, "replication", [&ctx, master, replicas, timeoutMs, done](bool ok, const NodeSnapshot &m, const QString &error) {
        if (!ok) {
            done({master + QStringLiteral(": ") + error});
            return;
        }
        const qint64 target = m.masterReplOffset;
        auto j = verifyJoin(int(replicas.size()), done);
        for (const QString &r : replicas) {
            ReplicationSteps::pollUntil(ctx, r, "replication", [master, target](const NodeSnapshot &snap, QString *progress) {
                const bool up = snap.masterLinkStatus == QLatin1String("up")
                    && NodeClients::splitAddress(ReplicationSteps::masterOf(snap)) == NodeClients::splitAddress(master);
                const qint64 at = ReplicationSteps::appliedOffset(snap);
                *progress = QStringLiteral("stream lag %1 bytes").arg(qMax<qint64>(0, target - at));
                return up && at >= target;
            }, timeoutMs, [j, r, master](bool pollOk, const NodeSnapshot &snap, const QString &why) {
                j->one(pollOk ? QString()
                              : QStringLiteral("%1: link %2 to %3, offset %4 (%5)").arg(r, snap.masterLinkStatus, ReplicationSteps::masterOf(snap))
                                    .arg(ReplicationSteps::appliedOffset(snap)).arg(why));
            });
        }
    });
}

// Phase 2: a marker written on the master is read on every replica, then deleted.
void marker(StepContext &ctx, const QString &master, const QStringList &replicas, int timeoutMs,
            std::function<void(const QStringList &)> done)
{
    const QByteArray key = "tandem:setup-check:" + QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    const QByteArray value = QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    ctx.clients().send(master, {"SET", key, value, "PX", "600000"}, ctx.guard(), [&ctx, master, replicas, timeoutMs, done, key, value](const RespResult &r) {
        if (!r.ok()) {
            done({QStringLiteral("SET of the marker on %1: %2").arg(master, r.errorText())});
            return;
        }
        auto j = verifyJoin(int(replicas.size()), [&ctx, master, key, done](const QStringList &problems) {
            ctx.clients().send(master, {"DEL", key}, ctx.guard(), [done, problems](const RespResult &) { done(problems); });
        });
        StepContext *c = &ctx;
        for (const QString &rep : replicas) {
            PollLoop::run(ctx, timeoutMs, [c, rep, key, value](const PollLoop::Round &round) {
                c->clients().send(rep, {"GET", key}, c->guard(), [round, value](const RespResult &got) {
                    if (round.over())
                        return;
                    if (got.ok() && got.value.bytes() == value)
                        round.finish(true, QString());
                    else
                        round.again(20);
                });
            }, [rep] { return QStringLiteral("%1 never showed the marker key").arg(rep); },
            [j](bool ok, const QString &why) { j->one(ok ? QString() : why); });
        }
    });
}

// Phase 3: a connection without credentials is refused (NOAUTH), one with them admitted.
void authCheck(StepContext &ctx, const QStringList &nodes, std::function<void(const QStringList &)> done)
{
    auto j = verifyJoin(int(nodes.size()) * 2, done);
    for (const QString &n : nodes) {
        ConnectionProfile with = ctx.clients().profile(n);
        ConnectionProfile without = with;
        without.user.clear();
        without.password.clear();
        auto *admitted = new RespClient(with, ctx.ssh(), ctx.guard());
        auto *anonymous = new RespClient(without, ctx.ssh(), ctx.guard());
        auto once = std::make_shared<QPair<bool, bool>>(false, false);
        QObject::connect(admitted, &RespClient::ready, admitted, [j, once] {
            if (!std::exchange(once->first, true))
                j->one();
        });
        QObject::connect(admitted, &RespClient::connectFailed, admitted, [j, once, n](const NetError &e) {
            if (!std::exchange(once->first, true))
                j->one(QStringLiteral("%1 refuses the group's credentials: %2").arg(n, e.message));
        });
        QObject::connect(anonymous, &RespClient::connectFailed, anonymous, [j, once, n](const NetError &e) {
            if (std::exchange(once->second, true))
                return;
            const bool noauth = e.message.contains(QLatin1String("NOAUTH")) || e.message.contains(QLatin1String("uthentication required"));
            j->one(noauth ? QString() : QStringLiteral("%1: unexpected answer without a password: %2").arg(n, e.message));
        });
        QObject::connect(anonymous, &RespClient::ready, anonymous, [j, once, n, anonymous] {
            anonymous->send({"GET", "tandem:setup-check"}, anonymous, [j, once, n](const RespResult &r) {
                if (std::exchange(once->second, true))
                    return;
                j->one(r.errorText().startsWith(QLatin1String("NOAUTH")) ? QString()
                                                                       : QStringLiteral("%1 answers without a password").arg(n));
            });
        });
        admitted->connectToServer();
        anonymous->connectToServer();
    }
}

bool sameValue(const QByteArray &name, const QByteArray &got, const QByteArray &want)
{
    if (name == "client-output-buffer-limit") {
        QByteArray w = want;
        w.replace("replica ", "slave ");
        return got.contains(w);
    }
    return got == want;
}

} // namespace

PlanStep verify(const QString &master, const QStringList &replicas, bool authRequired, int timeoutMs)
{
    PlanStep s;
    s.id = QStringLiteral("verify");
    s.title = QStringLiteral("Verify: links up, offsets converge, a marker key written on %1 is read on each replica%2")
                  .arg(master, authRequired ? QStringLiteral(", a connection without password gets NOAUTH") : QString());
    s.commands = {master + QStringLiteral(": INFO replication, SET tandem:setup-check:<random> <random> PX 600000, DEL")};
    for (const QString &r : replicas)
        s.commands.append(r + QStringLiteral(": INFO replication, GET tandem:setup-check:<random>"));
    if (authRequired)
        s.commands.append(QStringLiteral("each node: a new connection without password (expects NOAUTH), one with the group's"));
    s.pointOfNoReturn = true;
    s.run = [master, replicas, authRequired, timeoutMs](StepContext &ctx) {
        const QStringList all = QStringList{master} + replicas;
        converge(ctx, master, replicas, timeoutMs, [&ctx, master, replicas, all, authRequired, timeoutMs](const QStringList &p1) {
            if (!p1.isEmpty()) {
                ctx.fail(QStringLiteral("not converged: ") + p1.join(QStringLiteral("; ")));
                return;
            }
            ctx.progress(QStringLiteral("links up, offsets converged; writing the marker key"));
            marker(ctx, master, replicas, timeoutMs, [&ctx, all, authRequired](const QStringList &p2) {
                if (!p2.isEmpty()) {
                    ctx.fail(p2.join(QStringLiteral("; ")));
                    return;
                }
                if (!authRequired) {
                    ctx.succeed(QStringLiteral("replication verified"));
                    return;
                }
                ctx.progress(QStringLiteral("marker key read on every replica; checking that a password is required"));
                authCheck(ctx, all, [&ctx](const QStringList &p3) {
                    if (p3.isEmpty())
                        ctx.succeed(QStringLiteral("replication verified; every node requires the password"));
                    else
                        ctx.fail(p3.join(QStringLiteral("; ")));
                });
            });
        });
    };
    return s;
}

PlanStep persist(const QStringList &nodes, const QHash<QString, QHash<QByteArray, QByteArray>> &expected,
                 const QStringList &secretNames, bool aclSave, const QHash<QString, SetupFile> &files)
{
    PlanStep s;
    s.id = QStringLiteral("persist");
    s.title = QStringLiteral("Save the set-up in each node's config file (CONFIG REWRITE, or the file edited over SSH) and read it back");
    for (const QString &n : nodes) {
        const SetupFile file = files.value(n);
        if (file.edit)
            s.commands.append(n + QStringLiteral(": edit %1 over SSH (backup, atomic replace, owner/mode kept): set %2")
                                      .arg(file.path, SetupFileEdit::describe(expected.value(n), file.replicaOf, secretNames)));
        else
            s.commands.append(n + QStringLiteral(": CONFIG REWRITE"));
        if (aclSave)
            s.commands.append(n + QStringLiteral(": ACL SAVE (when an aclfile is in use)"));
        QStringList names;
        for (const QByteArray &name : expected.value(n).keys())
            names.append(QString::fromUtf8(name));
        names.sort();
        s.commands.append(n + QStringLiteral(": CONFIG GET ") + names.join(QLatin1Char(' ')));
        if (!file.path.isEmpty())
            s.commands.append(n + QStringLiteral(": read %1 back over SSH").arg(file.path));
    }
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [nodes, expected, secretNames, aclSave, files](StepContext &ctx) {
        auto j = verifyJoin(int(nodes.size()), [&ctx](const QStringList &problems) {
            if (problems.isEmpty())
                ctx.succeed(QStringLiteral("saved and read back on every node"));
            else
                ctx.fail(problems.join(QStringLiteral("; ")));
        });
        for (const QString &n : nodes) {
            const SetupFile file = files.value(n);
            const QHash<QByteArray, QByteArray> want = expected.value(n);
            auto readBack = [&ctx, j, n, want, secretNames, aclSave, file] {
                auto k = verifyJoin(int(want.size()) + (aclSave ? 1 : 0) + (file.path.isEmpty() ? 0 : 1), [j](const QStringList &problems) {
                    j->one(problems.join(QStringLiteral("; ")));
                });
                if (!file.path.isEmpty())
                    SetupFileEdit::apply(ctx, n, file, want, secretNames, [k](const QString &problem) { k->one(problem); });
                if (aclSave) {
                    ctx.clients().send(n, {"CONFIG", "GET", "aclfile"}, ctx.guard(), [&ctx, k, n](const RespResult &f) {
                        const QList<RespValue> &e = f.value.elements();
                        if (!f.ok() || e.size() < 2 || e.at(1).bytes().isEmpty()) {
                            k->one();
                            return;
                        }
                        ctx.clients().send(n, {"ACL", "SAVE"}, ctx.guard(), [k, n](const RespResult &saved) {
                            k->one(saved.ok() ? QString() : QStringLiteral("%1: ACL SAVE: %2").arg(n, saved.errorText()));
                        });
                    });
                }
                for (auto it = want.cbegin(); it != want.cend(); ++it) {
                    const QByteArray name = it.key();
                    const QByteArray value = it.value();
                    const bool secret = secretNames.contains(QString::fromUtf8(name));
                    ctx.clients().send(n, {"CONFIG", "GET", name}, ctx.guard(), [k, n, name, value, secret](const RespResult &g) {
                        const QList<RespValue> &e = g.value.elements();
                        const QByteArray got = e.size() >= 2 ? e.at(1).bytes() : QByteArray();
                        if (g.ok() && sameValue(name, got, value))
                            k->one();
                        else
                            k->one(QStringLiteral("%1: %2 reads back %3").arg(n, QString::fromUtf8(name),
                                                                             secret ? QStringLiteral("another value")
                                                                                    : QString::fromUtf8(got)));
                    });
                }
            };
            if (file.edit) {
                readBack();
                continue;
            }
            ctx.clients().send(n, {"CONFIG", "REWRITE"}, ctx.guard(), [j, n, readBack](const RespResult &r) {
                if (!r.ok()) {
                    j->one(QStringLiteral("%1: CONFIG REWRITE: %2").arg(n, r.errorText()));
                    return;
                }
                readBack();
            });
        }
    };
    return s;
}

} // namespace SetupVerify
