#include "SetupSyncWait.h"

#include "SetupRules.h"

#include "info/InfoParser.h"
#include "ops/NodeClients.h"
#include "ops/PollLoop.h"
#include "ops/ReplicationSteps.h"
#include "ops/StepContext.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>

#include <memory>

namespace SetupSteps {

namespace {

// One replica's sync as seen so far.
// A replica loading a large snapshot still answers INFO (it replies -LOADING only to data
// commands), so a longer silence means it is gone.
constexpr int kReplicaSilenceMs = 5000;

struct ReplicaSyncWatch
{
    quint16 port = 0;
    qint64 lastRead = -1;
    qint64 lastReadAtMs = 0;
    double rate = 0;  // bytes per second
    QString masterSide;  // "wait_bgsave, offset 0 of 1234" from the master's INFO
    qint64 lagBytes = -1;  // master offset minus the replica's acknowledged one
    qint64 doneMs = -1;
    QString lastText;
    qint64 lastAnswerMs = 0;  // step time of its last INFO reply
};

// The whole group's wait.
struct GroupSyncWatch
{
    QStringList replicas;
    QHash<QString, ReplicaSyncWatch> each;
    QElapsedTimer sinceReport;
    QElapsedTimer sinceMasterAnswered;
    bool reported = false;
    int pending = 0;  // replies still expected in this round
    bool masterFailed = false;
    bool newlyDone = false;  // a replica became synced in this round
    // The master's fork writing the snapshot (INFO persistence, 7.0+): "90000 of 200001 keys
    // written (45%)", "" when it is not writing one or does not say.
    QString snapshot;
};

QString transferText(ReplicaSyncWatch &w, const NodeSnapshot &snap, qint64 nowMs, const QString &snapshot)
{
    const qint64 total = snap.raw(QStringLiteral("replication"), QStringLiteral("master_sync_total_bytes")).toLongLong();
    const qint64 read = snap.raw(QStringLiteral("replication"), QStringLiteral("master_sync_read_bytes")).toLongLong();
    if (w.lastRead >= 0 && nowMs > w.lastReadAtMs && read >= w.lastRead)
        w.rate = double(read - w.lastRead) * 1000.0 / double(nowMs - w.lastReadAtMs);
    w.lastRead = read;
    w.lastReadAtMs = nowMs;
    const QString master = w.masterSide.isEmpty() ? QStringLiteral("preparing") : w.masterSide;
    const QString rate = QStringLiteral("%1/s").arg(SetupRules::bytes(qint64(w.rate)));
    const QString written = snapshot.isEmpty() ? QString() : QStringLiteral("; its snapshot: ") + snapshot;
    if (total < 0)  // no transfer header yet: the master is still writing its snapshot
        return QStringLiteral("waiting for the master's snapshot (master: %1%2)").arg(master, written);
    if (total > 0) {
        const QString eta = w.rate > 0 ? QStringLiteral("ETA %1 s").arg(qint64(double(total - read) / w.rate))
                                       : QStringLiteral("ETA unknown");
        return QStringLiteral("full sync: %1 of %2 (%3%), %4, %5")
            .arg(SetupRules::bytes(read), SetupRules::bytes(total)).arg(read * 100 / total).arg(rate, eta);
    }
    return QStringLiteral("full sync (diskless, size unknown): %1 read, %2; master: %3%4")
        .arg(SetupRules::bytes(read), rate, master, written);
}

// What `snap` (the replica's INFO) says; empty once it is synced.
QString replicaState(ReplicaSyncWatch &w, const NodeSnapshot &snap, qint64 nowMs, const QString &snapshot)
{
    const bool syncing = snap.raw(QStringLiteral("replication"), QStringLiteral("master_sync_in_progress")) == QLatin1String("1");
    const bool up = snap.masterLinkStatus == QLatin1String("up");
    if (up && !syncing && !snap.loading)
        return QString();
    if (snap.loading)
        return QStringLiteral("loading the copy: %1%").arg(snap.raw(QStringLiteral("persistence"), QStringLiteral("loading_loaded_perc")));
    if (syncing)
        return transferText(w, snap, nowMs, snapshot);
    return QStringLiteral("link %1, waiting for the master (master: %2)")
        .arg(snap.masterLinkStatus.isEmpty() ? QStringLiteral("down") : snap.masterLinkStatus,
             w.masterSide.isEmpty() ? QStringLiteral("not listed yet") : w.masterSide);
}

QString syncedText(const ReplicaSyncWatch &w)
{
    const QString lag = w.lagBytes < 0 ? QStringLiteral("stream lag not listed yet")
                                       : QStringLiteral("stream lag %1").arg(SetupRules::bytes(w.lagBytes));
    return QStringLiteral("synced (100%) after %1 s, link up, %2").arg(double(w.doneMs) / 1000.0, 0, 'f', 1).arg(lag);
}

void askMaster(StepContext *c, const std::shared_ptr<GroupSyncWatch> &g, const QString &master,
               const PollLoop::Round &round, const std::function<void()> &replied)
{
    ReplicationSteps::fetchInfo(*c, master, QByteArray(), [g, round, replied](bool ok, const NodeSnapshot &m, const QString &) {
        if (round.over())
            return;
        if (!ok) {
            g->masterFailed = g->sinceMasterAnswered.elapsed() > 3000;
        } else {
            g->sinceMasterAnswered.restart();
            const qint64 done = m.raw(QStringLiteral("persistence"), QStringLiteral("current_save_keys_processed")).toLongLong();
            const qint64 keys = m.raw(QStringLiteral("persistence"), QStringLiteral("current_save_keys_total")).toLongLong();
            g->snapshot = m.rdbBgsaveInProgress && keys > 0
                              ? QStringLiteral("%1 of %2 keys written (%3%)").arg(done).arg(keys).arg(done * 100 / keys)
                              : QString();
            for (auto it = g->each.begin(); it != g->each.end(); ++it) {
                for (const ReplicaEntry &e : m.replicas) {
                    if (e.port != it->port)
                        continue;
                    it->masterSide = QStringLiteral("%1, offset %2 of %3").arg(e.state).arg(e.offset).arg(m.masterReplOffset);
                    // Before it is online its offset is the sync's start, not a lag.
                    it->lagBytes = e.state == QLatin1String("online") ? qMax<qint64>(0, m.masterReplOffset - e.offset) : -1;
                }
            }
        }
        replied();
    });
}

} // namespace

PlanStep waitSyncs(const QStringList &replicas, const QString &master, int timeoutMs)
{
    PlanStep s;
    s.id = QStringLiteral("sync");
    s.title = QStringLiteral("Wait for the full sync of %1 from %2, all at once (at most %3 s)")
                  .arg(replicas.join(QStringLiteral(", ")), master).arg(timeoutMs / 1000);
    for (const QString &r : replicas)
        s.commands << r + QStringLiteral(": INFO (each second, until synced)");
    s.commands << master + QStringLiteral(": INFO (each second: its replicas, the snapshot being written)");
    s.run = [replicas, master, timeoutMs](StepContext &ctx) {
        auto g = std::make_shared<GroupSyncWatch>();
        g->replicas = replicas;
        for (const QString &r : replicas)
            g->each[r].port = NodeClients::splitAddress(r).second;
        g->sinceReport.start();
        g->sinceMasterAnswered.start();
        StepContext *c = &ctx;
        PollLoop::run(
            ctx, timeoutMs,
            [c, g, master](const PollLoop::Round &round) {
                const bool due = !g->reported || g->sinceReport.elapsed() >= 1000;
                // Decides once every reply of the round is in.
                auto replied = [c, g, round, due] {
                    if (--g->pending > 0 || round.over())
                        return;
                    if (g->masterFailed) {
                        round.finish(false, QStringLiteral("the master stopped answering for 3 s"));
                        return;
                    }
                    // A replica that died mid-sync never finishes it: roll back instead of
                    // waiting for the whole timeout.
                    for (const QString &r : std::as_const(g->replicas)) {
                        const ReplicaSyncWatch &w = g->each[r];
                        if (w.doneMs < 0 && c->elapsedMs() - w.lastAnswerMs > kReplicaSilenceMs) {
                            round.finish(false, QStringLiteral("%1 stopped answering for %2 s").arg(r).arg(kReplicaSilenceMs / 1000));
                            return;
                        }
                    }
                    bool all = true;
                    for (const QString &r : std::as_const(g->replicas))
                        all = all && g->each[r].doneMs >= 0;
                    // Each second, and at once when a replica is synced (the last line included).
                    const bool report = due || all || g->newlyDone;
                    g->newlyDone = false;
                    for (const QString &r : std::as_const(g->replicas)) {
                        ReplicaSyncWatch &w = g->each[r];
                        const QString text = w.doneMs >= 0 ? syncedText(w) : w.lastText;
                        if (report && !text.isEmpty())
                            c->progress(r + QStringLiteral(": ") + text);
                    }
                    if (report) {
                        g->reported = true;
                        g->sinceReport.restart();
                    }
                    if (all)
                        round.finish(true, QString());
                    else
                        round.again(100);
                };
                g->pending = 1;
                for (const QString &r : std::as_const(g->replicas))
                    g->pending += g->each[r].doneMs < 0 || g->each[r].lagBytes < 0 ? 1 : 0;
                askMaster(c, g, master, round, replied);
                for (const QString &r : std::as_const(g->replicas)) {
                    if (g->each[r].doneMs >= 0 && g->each[r].lagBytes >= 0)
                        continue;  // synced and its lag known: nothing more to ask it
                    ReplicationSteps::fetchInfo(*c, r, QByteArray(), [c, g, r, round, replied](bool ok, const NodeSnapshot &snap, const QString &error) {
                        if (round.over())
                            return;
                        ReplicaSyncWatch &w = g->each[r];
                        if (ok)
                            w.lastAnswerMs = c->elapsedMs();
                        if (!ok) {
                            w.lastText = QStringLiteral("no answer: ") + error;
                        } else if (w.doneMs < 0) {
                            const QString state = replicaState(w, snap, c->elapsedMs(), g->snapshot);
                            if (state.isEmpty()) {
                                w.doneMs = c->elapsedMs();
                                g->newlyDone = true;
                            }
                            w.lastText = state.isEmpty() ? syncedText(w) : state;
                        } else {
                            w.lastText = syncedText(w);
                        }
                        replied();
                    });
                }
            },
            [timeoutMs] { return QStringLiteral("the full syncs did not all end within %1 s").arg(timeoutMs / 1000); },
            [c, g](bool ok, const QString &why) {
                QJsonObject details;
                for (const QString &r : std::as_const(g->replicas))
                    details.insert(r, QJsonObject{{QStringLiteral("sync_ms"), g->each[r].doneMs}});
                if (ok) {
                    c->succeed(QStringLiteral("%1 replica(s) synced in %2 ms").arg(g->replicas.size()).arg(c->elapsedMs()),
                               QJsonObject{{QStringLiteral("sync_ms"), c->elapsedMs()}, {QStringLiteral("replicas"), details}});
                    return;
                }
                QStringList where;
                for (const QString &r : std::as_const(g->replicas)) {
                    if (g->each[r].doneMs < 0)
                        where << r + QStringLiteral(": ") + g->each[r].lastText;
                }
                c->fail(where.isEmpty() ? why : why + QStringLiteral(" (") + where.join(QStringLiteral("; ")) + QLatin1Char(')'),
                        QJsonObject{{QStringLiteral("replicas"), details}});
            });
    };
    return s;
}

} // namespace SetupSteps
