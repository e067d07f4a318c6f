#include "SetupSteps.h"

#include "ops/NodeClients.h"
#include "ops/ReplicationSteps.h"
#include "ops/StepContext.h"

#include "info/InfoParser.h"

#include <memory>

namespace SetupSteps {

namespace {

// Sends `commands` to `node` one after the other; `done` gets the replies, or the index and
// reason of the first that failed (later ones are not sent).
void sendInOrder(StepContext &ctx, const QString &node, const QList<QByteArrayList> &commands,
                 std::function<void(int failed, const QString &error, const QList<RespValue> &replies)> done)
{
    struct State
    {
        QList<QByteArrayList> commands;
        QList<RespValue> replies;
        std::function<void(int, const QString &, const QList<RespValue> &)> done;
        std::function<void()> next;
    };
    auto s = std::make_shared<State>();
    s->commands = commands;
    s->done = std::move(done);
    StepContext *c = &ctx;
    std::weak_ptr<State> weak = s;
    s->next = [c, node, weak] {
        auto st = weak.lock();
        if (!st)
            return;
        const int i = int(st->replies.size());
        if (i == st->commands.size()) {
            auto finish = st->done;
            finish(-1, QString(), st->replies);
            st->next = nullptr;  // break the cycle
            return;
        }
        c->clients().send(node, st->commands.at(i), c->guard(), [st, i](const RespResult &r) {
            if (!r.ok()) {
                auto finish = st->done;
                finish(i, r.errorText(), st->replies);
                st->next = nullptr;
                return;
            }
            st->replies.append(r.value);
            st->next();
        });
    };
    s->next();
}

QByteArray configValue(const RespValue &reply)
{
    const QList<RespValue> &e = reply.elements();
    return e.size() >= 2 ? e.at(1).bytes() : QByteArray();
}

// A password change on `node` for the default user: the operation's later connections use it.
void followPassword(StepContext &ctx, const QString &node, const QString &password)
{
    const ConnectionProfile p = ctx.clients().profile(node);
    if (p.user.isEmpty() || p.user == QLatin1String("default"))
        ctx.clients().setCredentials(node, p.user, password);
}

struct SavedConfig
{
    QList<ConfigChange> previous;   // in the order they were set
    QString previousPassword;       // the operation's own credentials before
    bool passwordChanged = false;
};

} // namespace

QString shown(const ConfigChange &change)
{
    return QStringLiteral("CONFIG SET %1 %2").arg(QString::fromUtf8(change.name),
                                                 change.secret ? QString::fromLatin1(kHidden) : QString::fromUtf8(change.value));
}

PlanStep configSet(const QString &id, const QString &title, const QString &node, const QList<ConfigChange> &changes)
{
    PlanStep s;
    s.id = id;
    s.title = title;
    s.node = node;
    for (const ConfigChange &c : changes)
        s.commands.append(node + QStringLiteral(": ") + shown(c));
    s.compensateTitle = QStringLiteral("Restore the previous values on %1").arg(node);
    for (auto it = changes.crbegin(); it != changes.crend(); ++it)
        s.compensateCommands.append(node + QStringLiteral(": CONFIG SET %1 <previous>").arg(QString::fromUtf8(it->name)));
    auto saved = std::make_shared<SavedConfig>();
    s.run = [node, changes, saved](StepContext &ctx) {
        QList<QByteArrayList> gets;
        for (const ConfigChange &c : changes)
            gets.append({"CONFIG", "GET", c.name});
        sendInOrder(ctx, node, gets, [&ctx, node, changes, saved](int failed, const QString &error, const QList<RespValue> &replies) {
            if (failed >= 0) {
                ctx.fail(QStringLiteral("CONFIG GET %1: %2").arg(QString::fromUtf8(changes.at(failed).name), error));
                return;
            }
            QList<QByteArrayList> sets;
            for (int i = 0; i < changes.size(); ++i) {
                const ConfigChange &c = changes.at(i);
                QByteArray before = configValue(replies.at(i));
                if (c.name == "client-output-buffer-limit") {
                    // Only the replica class is changed: keep that class's previous limits.
                    const QByteArrayList parts = before.split(' ');
                    const qsizetype at = qMax(parts.indexOf("slave"), parts.indexOf("replica"));
                    before = at >= 0 && at + 3 < parts.size()
                        ? QByteArray("replica " + parts.at(at + 1) + ' ' + parts.at(at + 2) + ' ' + parts.at(at + 3))
                        : QByteArray("replica 268435456 67108864 60");
                }
                saved->previous.append(ConfigChange{c.name, before, c.secret});
                sets.append({"CONFIG", "SET", c.name, c.value});
            }
            saved->previousPassword = ctx.clients().profile(node).password;
            sendInOrder(ctx, node, sets, [&ctx, node, changes, saved](int failedSet, const QString &setError, const QList<RespValue> &) {
                const int applied = failedSet < 0 ? int(changes.size()) : failedSet;
                // What was not applied needs no restoring.
                saved->previous = saved->previous.mid(0, applied);
                for (int i = 0; i < applied; ++i) {
                    if (changes.at(i).name == "requirepass") {
                        followPassword(ctx, node, QString::fromUtf8(changes.at(i).value));
                        saved->passwordChanged = true;
                    }
                }
                if (failedSet < 0) {
                    ctx.succeed(QStringLiteral("%1 value(s) set").arg(changes.size()));
                    return;
                }
                // A failed step is not compensated by the executor: put back what it did set.
                const QString why = QStringLiteral("%1 refused: %2").arg(shown(changes.at(failedSet)), setError);
                QList<QByteArrayList> back;
                for (auto it = saved->previous.crbegin(); it != saved->previous.crend(); ++it)
                    back.append({"CONFIG", "SET", it->name, it->value});
                sendInOrder(ctx, node, back, [&ctx, node, saved, why](int failedBack, const QString &backError, const QList<RespValue> &) {
                    if (saved->passwordChanged && failedBack < 0)
                        followPassword(ctx, node, saved->previousPassword);
                    ctx.fail(failedBack < 0 ? QString(why + QStringLiteral(" (the values set before it were restored)"))
                                            : QString(why + QStringLiteral(" (restoring the values set before it failed: ") + backError + QLatin1Char(')')));
                });
            });
        });
    };
    s.compensate = [node, saved](StepContext &ctx) {
        QList<QByteArrayList> sets;
        for (auto it = saved->previous.crbegin(); it != saved->previous.crend(); ++it)
            sets.append({"CONFIG", "SET", it->name, it->value});
        sendInOrder(ctx, node, sets, [&ctx, node, saved](int failed, const QString &error, const QList<RespValue> &) {
            if (saved->passwordChanged && failed < 0)
                followPassword(ctx, node, saved->previousPassword);
            if (failed >= 0)
                ctx.fail(QStringLiteral("CONFIG SET %1 refused: %2").arg(QString::fromUtf8(saved->previous.at(saved->previous.size() - 1 - failed).name), error));
            else
                ctx.succeed(QStringLiteral("%1 value(s) restored").arg(saved->previous.size()));
        });
    };
    return s;
}

QStringList aclRule(const QString &user, const QString &maskedOrPassword)
{
    return {QStringLiteral("ACL"), QStringLiteral("SETUSER"), user, QStringLiteral("reset"), QStringLiteral("on"),
            QLatin1Char('>') + maskedOrPassword, QStringLiteral("-@all"), QStringLiteral("+psync"),
            QStringLiteral("+replconf"), QStringLiteral("+ping")};
}

PlanStep aclUser(const QString &node, const QString &user, const QString &password)
{
    PlanStep s;
    s.id = QStringLiteral("acl-user-") + node;
    s.title = QStringLiteral("Replication user %1 on %2 (only PSYNC, REPLCONF, PING)").arg(user, node);
    s.node = node;
    s.commands = {node + QStringLiteral(": ") + aclRule(user, QString::fromLatin1(kHidden)).join(QLatin1Char(' '))};
    s.compensateTitle = QStringLiteral("Put user %1 back as it was on %2").arg(user, node);
    s.compensateCommands = {node + QStringLiteral(": ACL DELUSER %1 (or its previous rule)").arg(user)};
    auto previous = std::make_shared<QByteArray>();  // the ACL LIST line, or empty
    s.run = [node, user, password, previous](StepContext &ctx) {
        ctx.clients().send(node, {"ACL", "LIST"}, ctx.guard(), [&ctx, node, user, password, previous](const RespResult &r) {
            if (!r.ok()) {
                ctx.fail(QStringLiteral("ACL LIST: ") + r.errorText());
                return;
            }
            const QByteArray prefix = "user " + user.toUtf8() + ' ';
            for (const RespValue &line : r.value.elements()) {
                if (line.bytes().startsWith(prefix))
                    *previous = line.bytes().mid(prefix.size());
            }
            QByteArrayList cmd;
            for (const QString &part : aclRule(user, password))
                cmd.append(part.toUtf8());
            ctx.clients().send(node, cmd, ctx.guard(), [&ctx](const RespResult &set) {
                if (set.ok())
                    ctx.succeed(QStringLiteral("user set"));
                else
                    ctx.fail(QStringLiteral("ACL SETUSER refused: ") + set.errorText());
            });
        });
    };
    s.compensate = [node, user, previous](StepContext &ctx) {
        QByteArrayList cmd;
        if (previous->isEmpty()) {
            cmd = {"ACL", "DELUSER", user.toUtf8()};
        } else {
            cmd = {"ACL", "SETUSER", user.toUtf8(), "reset"};
            cmd.append(previous->split(' '));
        }
        ctx.clients().send(node, cmd, ctx.guard(), [&ctx, previous](const RespResult &r) {
            if (r.ok())
                ctx.succeed(previous->isEmpty() ? QStringLiteral("user deleted") : QStringLiteral("previous rule restored"));
            else
                ctx.fail(r.errorText());
        });
    };
    return s;
}

PlanStep replicaOf(const QString &replica, const QString &master)
{
    PlanStep s;
    s.id = QStringLiteral("replicaof-") + replica;
    s.title = QStringLiteral("%1 replicates from %2 (its data is replaced by a copy of the master's)").arg(replica, master);
    s.node = replica;
    const QByteArrayList cmd = ReplicationSteps::replicaOf(master);
    s.commands = {replica + QStringLiteral(": ") + ReplicationSteps::render(cmd)};
    s.compensateTitle = QStringLiteral("%1 follows what it followed before").arg(replica);
    s.compensateCommands = {replica + QStringLiteral(": REPLICAOF NO ONE (or its previous master)")};
    auto before = std::make_shared<QString>();  // previous master, empty = none
    s.run = [replica, cmd, before](StepContext &ctx) {
        ReplicationSteps::fetchInfo(ctx, replica, "replication", [&ctx, replica, cmd, before](bool ok, const NodeSnapshot &snap, const QString &error) {
            if (!ok) {
                ctx.fail(QStringLiteral("INFO replication: ") + error);
                return;
            }
            *before = snap.role == NodeSnapshot::Role::Replica ? ReplicationSteps::masterOf(snap) : QString();
            ctx.clients().send(replica, cmd, ctx.guard(), [&ctx](const RespResult &r) {
                if (r.ok())
                    ctx.succeed();
                else
                    ctx.fail(QStringLiteral("REPLICAOF refused: ") + r.errorText());
            });
        });
    };
    s.compensate = [replica, before](StepContext &ctx) {
        const QByteArrayList back = before->isEmpty() ? ReplicationSteps::replicaOfNoOne() : ReplicationSteps::replicaOf(*before);
        ctx.clients().send(replica, back, ctx.guard(), [&ctx, back](const RespResult &r) {
            if (r.ok())
                ctx.succeed(ReplicationSteps::render(back));
            else
                ctx.fail(r.errorText());
        });
    };
    return s;
}

} // namespace SetupSteps
