#include "MigrateLinkStep.h"

#include "doctor/HostFacts.h"
#include "info/InfoParser.h"
#include "ops/NodeClients.h"
#include "ops/PollLoop.h"
#include "ops/ReplicationSteps.h"
#include "ops/StepContext.h"
#include "setup/SetupRules.h"
#include "ssh/SshSessionPool.h"

#include <QDateTime>
#include <QFile>

#include <memory>

namespace MigrateLinkStep {

namespace {

constexpr int kLinkPollMs = 50;
// The handshake refusals a replica gets from its master, and what each means.
struct Refusal
{
    const char *code;
    const char *meaning;
};
const Refusal kRefusals[] = {
    {"WRONGPASS", "the source refused the target's password (WRONGPASS): the masterauth set does not open it"},
    {"NOAUTH", "the source requires a password and the target sent none (NOAUTH)"},
    {"NOPERM", "the target's user lacks a permission on the source (NOPERM): it needs +psync +replconf +ping"},
    {"DENIED", "the source refused the connection in protected mode (DENIED): set a password or bind"},
};

QByteArray tailOfLocalFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const qint64 keep = 64 * 1024;
    if (f.size() > keep)
        f.seek(f.size() - keep);
    return f.readAll();
}

// Reads the target's log (logfile over SSH, or a local file for a loopback target) and
// hands its last replication error line to `done` ("" when none or unreadable).
void readTargetLog(StepContext &ctx, const QString &target, std::function<void(const QString &line)> done)
{
    StepContext *c = &ctx;
    ctx.clients().send(target, {"CONFIG", "GET", "logfile"}, ctx.guard(), [c, target, done](const RespResult &r) {
        const QList<RespValue> &e = r.value.elements();
        const QString logfile = r.ok() && e.size() >= 2 ? QString::fromUtf8(e.at(1).bytes()) : QString();
        const ConnectionProfile profile = c->clients().profile(target);
        if (profile.ssh.enabled && c->ssh()) {
            const QString script = HostFacts::script(0, QString(), logfile, 200);
            c->ssh()->runCommand(profile.ssh, script, c->guard(),
                                 [done, profile](int, const QByteArray &out, const QByteArray &, const NetError &) {
                const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
                done(lastReplicationError(HostFacts::parse(profile.ssh.host, out, now, now).log));
            }, 10000);
            return;
        }
        if (!logfile.isEmpty() && SetupRules::isLoopbackAddress(NodeClients::splitAddress(target).first)) {
            done(lastReplicationError(tailOfLocalFile(logfile)));
            return;
        }
        done(QString());
    });
}

} // namespace

QHash<QString, qint64> errorCounts(const QMap<QString, QString> &errorstats)
{
    QHash<QString, qint64> counts;
    for (auto it = errorstats.cbegin(); it != errorstats.cend(); ++it) {
        if (!it.key().startsWith(QLatin1String("errorstat_")))
            continue;
        const qsizetype at = it.value().indexOf(QLatin1String("count="));
        if (at >= 0)
            counts.insert(it.key().mid(10), it.value().mid(at + 6).section(QLatin1Char(','), 0, 0).toLongLong());
    }
    return counts;
}

QString causeFromErrors(const QHash<QString, qint64> &before, const QHash<QString, qint64> &now, const QString &source)
{
    for (const Refusal &r : kRefusals) {
        const QString code = QString::fromLatin1(r.code);
        const qint64 grown = now.value(code) - before.value(code);
        if (grown > 0)
            return QStringLiteral("%1 (%2 counted %3 new %4 error(s))").arg(QString::fromLatin1(r.meaning), source).arg(grown).arg(code);
    }
    return {};
}

QString lastReplicationError(const QByteArray &log)
{
    static const char *const patterns[] = {
        "Error condition on socket for SYNC:", "Unable to connect to MASTER:", "Unable to AUTH to MASTER:",
        "MASTER aborted replication with an error:", "Error reply to PING from master:",
        "Unexpected reply to PSYNC from master:", "Timeout connecting to the MASTER",
        "Can't handle RDB format version", "Failed trying to load the MASTER synchronization DB",
    };
    const QList<QByteArray> lines = log.split('\n');
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        for (const char *p : patterns) {
            const qsizetype at = lines.at(i).indexOf(p);
            if (at >= 0)
                return QString::fromUtf8(lines.at(i).mid(at)).trimmed();
        }
    }
    return {};
}

PlanStep settle(const QString &target, const QString &source, qint64 maxLagBytes, int timeoutMs)
{
    PlanStep s;
    s.id = QStringLiteral("settle");
    s.node = target;
    s.title = QStringLiteral("Let %1 catch up with %2 while writes go on (lag under %3)").arg(target, source, SetupRules::bytes(maxLagBytes));
    s.commands = {source + QStringLiteral(": INFO replication"), target + QStringLiteral(": INFO replication (until its offset is close)")};
    s.run = [target, source, maxLagBytes, timeoutMs](StepContext &ctx) {
        StepContext *c = &ctx;
        auto lag = std::make_shared<qint64>(-1);
        auto lastShown = std::make_shared<QElapsedTimer>();
        // The target's own applied offset: the one the source knows is acknowledged only once
        // a second.
        PollLoop::run(
            ctx, timeoutMs,
            [c, target, source, maxLagBytes, lag, lastShown](const PollLoop::Round &round) {
                ReplicationSteps::fetchInfo(*c, source, "replication", [=](bool ok, const NodeSnapshot &src, const QString &) {
                    if (round.over())
                        return;
                    if (!ok) {
                        round.again(50);
                        return;
                    }
                    ReplicationSteps::fetchInfo(*c, target, "replication", [=](bool tok, const NodeSnapshot &dst, const QString &) {
                        if (round.over())
                            return;
                        const qint64 applied = tok ? ReplicationSteps::appliedOffset(dst) : -1;
                        if (applied >= 0) {
                            *lag = qMax<qint64>(0, src.masterReplOffset - applied);
                            if (*lag <= maxLagBytes) {
                                round.finish(true, QString());
                                return;
                            }
                            if (!lastShown->isValid() || lastShown->elapsed() >= 1000) {
                                lastShown->start();
                                c->progress(QStringLiteral("%1: stream lag %2").arg(target, SetupRules::bytes(*lag)));
                            }
                        }
                        round.again(20);
                    });
                });
            },
            [target, timeoutMs] { return QStringLiteral("%1 did not catch up within %2 s").arg(target).arg(timeoutMs / 1000); },
            [c, target, lag](bool ok, const QString &why) {
                if (ok)
                    c->succeed(QStringLiteral("%1 is %2 behind").arg(target, SetupRules::bytes(*lag)));
                else
                    c->fail(why);
            });
    };
    return s;
}

PlanStep link(const QString &target, const QString &source, int timeoutMs, const QHash<QString, qint64> &errorsBefore)
{
    PlanStep s;
    s.id = QStringLiteral("link");
    s.node = target;
    s.title = QStringLiteral("Check that %1 starts syncing from %2 (within %3 s)").arg(target, source).arg(timeoutMs / 1000);
    s.commands = {target + QStringLiteral(": INFO replication (every 50 ms)"), source + QStringLiteral(": INFO (replicas listed, errorstats)")};
    s.run = [target, source, timeoutMs, errorsBefore](StepContext &ctx) {
        StepContext *c = &ctx;
        auto cause = std::make_shared<QString>();
        auto started = std::make_shared<QElapsedTimer>();
        started->start();
        PollLoop::run(
            ctx, timeoutMs,
            [c, target, source, errorsBefore, cause, started](const PollLoop::Round &round) {
                ReplicationSteps::fetchInfo(*c, target, "replication", [=](bool ok, const NodeSnapshot &snap, const QString &) {
                    if (round.over())
                        return;
                    // master_sync_in_progress alone proves nothing: a replica refused SYNC enters
                    // the transfer state for an instant before reading the error.
                    const bool receiving = snap.masterSyncInProgress && snap.masterSyncReadBytes.value_or(0) > 0;
                    if (ok && (receiving || snap.masterLinkStatus == QLatin1String("up"))) {
                        round.finish(true, QString());
                        return;
                    }
                    ReplicationSteps::fetchInfo(*c, source, QByteArray(), [=](bool sourceOk, const NodeSnapshot &errs, const QString &) {
                        if (round.over())
                            return;
                        // The source has taken the target on (waiting for its snapshot, e.g.
                        // behind repl-diskless-sync-delay): the link works.
                        const quint16 targetPort = NodeClients::splitAddress(target).second;
                        for (const ReplicaEntry &e : errs.replicas) {
                            if (sourceOk && e.port == targetPort) {
                                round.finish(true, QString());
                                return;
                            }
                        }
                        if (sourceOk)
                            *cause = causeFromErrors(errorsBefore, errorCounts(errs.sections.value(QStringLiteral("errorstats"))), source);
                        // A refusal is final once the target has had time for a second attempt.
                        if (!cause->isEmpty() && started->elapsed() > 3000) {
                            round.finish(false, *cause);
                            return;
                        }
                        c->progress(QStringLiteral("%1: link %2, no sync started yet").arg(target, snap.masterLinkStatus.isEmpty()
                                                                                                ? QStringLiteral("down")
                                                                                                : snap.masterLinkStatus));
                        round.again(kLinkPollMs);
                    });
                });
            },
            [target, source, timeoutMs] {
                return QStringLiteral("%1 did not start syncing from %2 within %3 s (link down, no sync started)")
                    .arg(target, source).arg(timeoutMs / 1000);
            },
            [c, target, source, cause](bool ok, const QString &why) {
                if (ok) {
                    c->succeed(QStringLiteral("%1 is syncing from %2").arg(target, source));
                    return;
                }
                if (c->isCancelled()) {
                    c->fail(why);
                    return;
                }
                readTargetLog(*c, target, [c, why, cause, target, source](const QString &line) {
                    QString message = why;
                    if (cause->isEmpty() && line.isEmpty())
                        message += QStringLiteral("; %1 saw no refused handshake: check that %2's host reaches %1 (address, "
                                                  "firewall, bind, protected-mode)").arg(source, target);
                    else if (!cause->isEmpty() && why != *cause)
                        message += QStringLiteral("; ") + *cause;
                    if (!line.isEmpty())
                        message += QStringLiteral("; %1's log: %2").arg(target, line);
                    c->fail(message, QJsonObject{{QStringLiteral("cause"), cause->isEmpty() ? line : *cause}});
                });
            });
    };
    return s;
}

} // namespace MigrateLinkStep
