#include "FencePlanner.h"

#include "NodeClients.h"
#include "ReplicationSteps.h"
#include "StepContext.h"

#include "info/InfoParser.h"

#include <QJsonArray>
#include <QMap>

#include <memory>

namespace {

bool failed(const RespResult &r)
{
    return !r.ok() || r.value.isError();
}

// cmdstat_<name>: calls=…,usec=…,rejected_calls=…,failed_calls=… → name → calls - failed_calls.
QMap<QString, qint64> executedCommands(const NodeSnapshot &snap)
{
    QMap<QString, qint64> out;
    const QMap<QString, QString> stats = snap.sections.value(QStringLiteral("commandstats"));
    for (auto it = stats.cbegin(); it != stats.cend(); ++it) {
        if (!it.key().startsWith(QLatin1String("cmdstat_")))
            continue;
        qint64 calls = 0;
        qint64 failedCalls = 0;
        for (const QString &field : it.value().split(QLatin1Char(','))) {
            const qsizetype eq = field.indexOf(QLatin1Char('='));
            const QString key = field.left(eq);
            if (key == QLatin1String("calls"))
                calls = field.mid(eq + 1).toLongLong();
            else if (key == QLatin1String("failed_calls"))
                failedCalls = field.mid(eq + 1).toLongLong();
        }
        if (calls - failedCalls > 0)
            out.insert(it.key().mid(8), calls - failedCalls);
    }
    return out;
}

// COMMAND INFO reply: one array per name, [name, arity, [flags...], ...]; nil for unknown ones.
bool isWriteCommand(const RespValue &info)
{
    if (!info.isArray() || info.elements().size() < 3)
        return false;
    for (const RespValue &flag : info.elements().at(2).elements()) {
        if (flag.bytes() == "write")
            return true;
    }
    return false;
}

PlanStep demoteStep(const QString &oldMaster, const QString &target)
{
    PlanStep s;
    s.id = QStringLiteral("demote");
    const QByteArrayList replicaOf = ReplicationSteps::replicaOf(target);
    s.title = QStringLiteral("Demote %1: make it a replica of %2, counting the writes it took meanwhile").arg(oldMaster, target);
    s.node = oldMaster;
    s.commands = {oldMaster + QStringLiteral(": MULTI; INFO all; ") + ReplicationSteps::render(replicaOf) + QStringLiteral("; EXEC"),
                  oldMaster + QStringLiteral(": COMMAND INFO <each command it ran>")};
    s.pointOfNoReturn = true;
    s.run = [oldMaster, target, replicaOf](StepContext &ctx) {
        ctx.clients().connectAll({oldMaster}, 3000, ctx.guard(), [&ctx, oldMaster, target, replicaOf](
                                                                     const QHash<QString, NetError> &failures) {
            if (failures.contains(oldMaster)) {
                ctx.fail(QStringLiteral("cannot reach %1: %2").arg(oldMaster, failures.value(oldMaster).message));
                return;
            }
            // One transaction: nothing another client sends runs between the count and REPLICAOF.
            const auto ignore = [](const RespResult &) {};
            ctx.clients().send(oldMaster, {"MULTI"}, ctx.guard(), ignore);
            ctx.clients().send(oldMaster, {"INFO", "all"}, ctx.guard(), ignore);
            ctx.clients().send(oldMaster, replicaOf, ctx.guard(), ignore);
            ctx.clients().send(oldMaster, {"EXEC"}, ctx.guard(), [&ctx, oldMaster, target](const RespResult &r) {
                if (failed(r) || !r.value.isArray() || r.value.elements().size() != 2) {
                    ctx.fail(QStringLiteral("%1 refused the demotion: %2")
                                 .arg(oldMaster, failed(r) ? r.errorText() : r.value.toDisplayString()));
                    return;
                }
                const RespValue &replicaOfReply = r.value.elements().at(1);
                if (replicaOfReply.isError()) {
                    ctx.fail(QStringLiteral("%1 refused REPLICAOF: %2").arg(oldMaster, replicaOfReply.text()));
                    return;
                }
                const NodeSnapshot snap = InfoParser::parse(r.value.elements().at(0).bytes());
                auto details = std::make_shared<QJsonObject>(QJsonObject{
                    {QStringLiteral("target"), target},
                    {QStringLiteral("uptime_seconds"), snap.uptimeSeconds},
                    {QStringLiteral("writable_for_at_most_ms"), (snap.uptimeSeconds + 1) * 1000},
                    {QStringLiteral("rdb_changes_since_last_save"),
                     snap.raw(QStringLiteral("persistence"), QStringLiteral("rdb_changes_since_last_save")).toLongLong()},
                    {QStringLiteral("acknowledged_writes"), -1}});
                const QMap<QString, qint64> executed = executedCommands(snap);
                const auto finish = [&ctx, details] {
                    FenceMeasurement m;
                    m.demoted = true;
                    m.target = (*details).value(QStringLiteral("target")).toString();
                    m.writableForAtMostMs = (*details).value(QStringLiteral("writable_for_at_most_ms")).toInteger(-1);
                    m.acknowledgedWrites = (*details).value(QStringLiteral("acknowledged_writes")).toInteger(-1);
                    ctx.metrics().insert(QStringLiteral("writable_for_at_most_ms"), m.writableForAtMostMs);
                    ctx.metrics().insert(QStringLiteral("acknowledged_writes"), m.acknowledgedWrites);
                    ctx.succeed(QStringLiteral("now a replica of %1; %2").arg(m.target, m.sentence()), *details);
                };
                if (executed.isEmpty()) {
                    details->insert(QStringLiteral("acknowledged_writes"), 0);
                    details->insert(QStringLiteral("write_commands"), QJsonObject());
                    finish();
                    return;
                }
                QByteArrayList query{"COMMAND", "INFO"};
                for (auto it = executed.cbegin(); it != executed.cend(); ++it)
                    query.append(it.key().toUtf8());
                ctx.clients().send(oldMaster, query, ctx.guard(), [details, executed, finish](const RespResult &info) {
                    if (!failed(info) && info.value.isArray() && info.value.elements().size() == executed.size()) {
                        qint64 writes = 0;
                        QJsonObject perCommand;
                        qsizetype i = 0;
                        for (auto it = executed.cbegin(); it != executed.cend(); ++it, ++i) {
                            if (!isWriteCommand(info.value.elements().at(i)))
                                continue;
                            writes += it.value();
                            perCommand.insert(it.key(), it.value());
                        }
                        details->insert(QStringLiteral("acknowledged_writes"), writes);
                        details->insert(QStringLiteral("write_commands"), perCommand);
                    }
                    finish();
                });
            });
        });
    };
    return s;
}

} // namespace

FenceMeasurement FenceMeasurement::fromReport(const ExecutionReport &report)
{
    FenceMeasurement m;
    for (const StepRecord &r : report.steps) {
        if (r.compensation || r.id != QLatin1String("demote") || r.status != StepRecord::Status::Succeeded)
            continue;
        m.demoted = true;
        m.target = r.details.value(QStringLiteral("target")).toString();
        m.writableForAtMostMs = r.details.value(QStringLiteral("writable_for_at_most_ms")).toInteger(-1);
        m.acknowledgedWrites = r.details.value(QStringLiteral("acknowledged_writes")).toInteger(-1);
    }
    return m;
}

QString FenceMeasurement::sentence() const
{
    QString window = writableForAtMostMs < 0
        ? QStringLiteral("it was a writable master for an unmeasured time")
        : QStringLiteral("it was a writable master for at most %1 ms").arg(writableForAtMostMs);
    if (acknowledgedWrites < 0)
        return window + QStringLiteral("; the writes it acknowledged then (not counted) were discarded by the resync");
    if (acknowledgedWrites == 0)
        return window + QStringLiteral(" and acknowledged no writes");
    return window + QStringLiteral(" and acknowledged %1 write%2; the resync discarded them")
                        .arg(acknowledgedWrites)
                        .arg(acknowledgedWrites == 1 ? QString() : QStringLiteral("s"));
}

Plan FencePlanner::demotion(const QString &oldMaster, const QString &target)
{
    Plan p;
    p.operation = QStringLiteral("fence");
    p.strategy = QStringLiteral("replicaof");
    p.title = QStringLiteral("Fence %1: it came back as a master after a failover; make it a replica of %2")
                  .arg(oldMaster, target);
    p.group = target;
    p.nodes = {oldMaster};
    p.preconditions.append({QStringLiteral("%1 is fenced and answers as a master").arg(oldMaster), true, {}});
    p.risks.append(QStringLiteral("Writes %1 acknowledged since it came back are discarded by the full resync "
                                  "(counted in the result).").arg(oldMaster));
    p.facts.insert(QStringLiteral("old_master"), oldMaster);
    p.facts.insert(QStringLiteral("target"), target);
    p.steps.append(demoteStep(oldMaster, target));
    PlanStep persist = ReplicationSteps::persist({oldMaster});
    persist.title = QStringLiteral("Save the replica role in %1's redis.conf (CONFIG REWRITE)").arg(oldMaster);
    p.steps.append(persist);
    return p;
}
