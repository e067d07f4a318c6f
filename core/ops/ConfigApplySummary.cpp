#include "ConfigApplySummary.h"

#include "ConfigNameList.h"
#include "LiveConfigPlanner.h"
#include "LiveConfigSteps.h"
#include "RemoteConfigSteps.h"

#include <QJsonArray>

namespace {

using ConfigNameList::fromJson;
using ConfigNameList::toText;

QJsonArray toJsonNames(const QList<QByteArray> &list)
{
    return ConfigNameList::toJson(list);
}

} // namespace

ConfigApplySummary ConfigApplySummary::from(const Plan &plan, const ExecutionReport &report)
{
    ConfigApplySummary s;
    s.outcome = ExecutionReport::outcomeName(report.outcome);
    s.message = report.message;
    s.needsRestart = fromJson(plan.facts.value(QStringLiteral("needs_restart")));
    const bool live = plan.operation == QLatin1String(LiveConfigPlanner::kOperation);
    const QString setPrefix = QString::fromLatin1(LiveConfigSteps::kSetPrefix);
    for (const StepRecord &r : report.steps) {
        if (r.compensation)
            continue;
        const bool ok = r.status == StepRecord::Status::Succeeded;
        if (!ok && r.status == StepRecord::Status::Failed && s.failedStep.isEmpty()) {
            s.failedStep = r.id;
            s.error = r.message;
        }
        if (r.id.startsWith(setPrefix) || r.id == QLatin1String(LiveConfigSteps::kReplicaOfId)) {
            const QByteArray directive = r.details.value(QStringLiteral("directive")).toString().toUtf8();
            if (ok)
                s.applied.append(directive);
            else if (s.failedDirective.isEmpty())
                s.failedDirective = directive;
        } else if (r.id == QLatin1String(LiveConfigSteps::kRewriteId)) {
            s.rewriteAttempted = true;
            s.rewriteOk = ok;
            if (!ok)
                s.rewriteError = r.message;
        } else if (r.id == QLatin1String(LiveConfigSteps::kVerifyId)) {
            s.verified = fromJson(r.details.value(QStringLiteral("verified")));
            s.mismatched = fromJson(r.details.value(QStringLiteral("mismatched")));
        } else if (r.id == QLatin1String(LiveConfigSteps::kReplicationVerifyId)) {
            s.replication = r.message;
        } else if (r.id == QLatin1String(RemoteConfigSteps::kWriteId)) {
            s.written = ok;
            s.backupPath = r.details.value(QStringLiteral("backup_path")).toString();
            s.bytesWritten = r.details.value(QStringLiteral("bytes_written")).toInteger();
            for (const QJsonValue &w : r.details.value(QStringLiteral("warnings")).toArray())
                s.writeWarnings.append(w.toString());
        } else if (r.id == QLatin1String(RemoteConfigSteps::kRestartId)) {
            s.restartOutput = r.details.value(QStringLiteral("output")).toString();
            const QJsonValue code = r.details.value(QStringLiteral("exit_code"));
            s.restarted = !code.isUndefined();
            s.restartExitCode = code.toInt(-1);
        } else if (r.id == QLatin1String(RemoteConfigSteps::kHealthId)) {
            s.healthChecked = true;
            s.healthy = r.details.value(QStringLiteral("healthy")).toBool();
            s.verified = fromJson(r.details.value(QStringLiteral("verified")));
            s.pending = fromJson(r.details.value(QStringLiteral("pending")));
        }
    }
    if (report.outcome == ExecutionReport::Outcome::Refused && s.error.isEmpty())
        s.error = report.message;
    s.changed = live ? (report.outcome != ExecutionReport::Outcome::Refused && s.failedDirective.isEmpty()
                        && !s.applied.isEmpty())
                     : s.written;
    s.ok = report.ok() && s.needsRestart.isEmpty();
    return s;
}

QStringList ConfigApplySummary::lines() const
{
    QStringList out;
    // config-live
    if (!applied.isEmpty())
        out << QStringLiteral("applied: %1").arg(toText(applied));
    if (!failedDirective.isEmpty())
        out << QStringLiteral("FAILED: %1: %2 (the settings applied before it stay in force)")
                   .arg(failedDirective == "replicaof" ? QStringLiteral("REPLICAOF")
                                                       : QStringLiteral("CONFIG SET ") + QString::fromUtf8(failedDirective),
                        error);
    if (rewriteAttempted)
        out << (rewriteOk ? QStringLiteral("CONFIG REWRITE: ok")
                          : QStringLiteral("CONFIG REWRITE FAILED: %1 (the changes are live but will not survive a "
                                           "restart)").arg(rewriteError));
    if (!replication.isEmpty())
        out << QStringLiteral("replication: %1").arg(replication);
    if (!mismatched.isEmpty())
        out << QStringLiteral("NOT VERIFIED (CONFIG GET shows another value): %1").arg(toText(mismatched));
    if (!needsRestart.isEmpty())
        out << QStringLiteral("needs a restart: %1").arg(toText(needsRestart));
    // config-ssh
    if (written)
        out << QStringLiteral("written: %1 bytes").arg(bytesWritten);
    if (!backupPath.isEmpty())
        out << QStringLiteral("backup: %1").arg(backupPath);
    else if (written)
        out << QStringLiteral("no backup (there was no previous file)");
    for (const QString &w : writeWarnings)
        out << QStringLiteral("warning: %1").arg(w);
    if (restarted)
        out << QStringLiteral("restart: exit code %1").arg(restartExitCode);
    if (!restartOutput.isEmpty() && (!restarted || restartExitCode != 0))
        out << QStringLiteral("restart output:\n%1").arg(restartOutput);
    if (healthChecked)
        out << (healthy ? QStringLiteral("the node answers PING") : QStringLiteral("the node does not answer"));
    if (!verified.isEmpty())
        out << QStringLiteral("verified: %1").arg(toText(verified));
    if (!pending.isEmpty())
        out << (restarted ? QStringLiteral("NOT RUNNING the file's value: %1").arg(toText(pending))
                          : QStringLiteral("pending until the node restarts: %1").arg(toText(pending)));
    if (!failedStep.isEmpty() && failedDirective.isEmpty() && failedStep != QLatin1String(LiveConfigSteps::kRewriteId))
        out << QStringLiteral("FAILED (%1): %2").arg(failedStep, error);
    else if (failedStep.isEmpty() && !error.isEmpty())
        out << QStringLiteral("FAILED: %1").arg(error);
    return out;
}

QJsonObject ConfigApplySummary::toJson() const
{
    return QJsonObject{
        {QStringLiteral("ok"), ok},
        {QStringLiteral("changed"), changed},
        {QStringLiteral("outcome"), outcome},
        {QStringLiteral("failed_at"), failedStep.isEmpty() ? QJsonValue() : QJsonValue(failedStep)},
        {QStringLiteral("error"), error},
        {QStringLiteral("applied"), toJsonNames(applied)},
        {QStringLiteral("failed"), failedDirective.isEmpty() ? QJsonValue() : QJsonValue(QString::fromUtf8(failedDirective))},
        {QStringLiteral("rewrite_attempted"), rewriteAttempted},
        {QStringLiteral("rewrite_ok"), rewriteOk},
        {QStringLiteral("rewrite_error"), rewriteError},
        {QStringLiteral("verified"), toJsonNames(verified)},
        {QStringLiteral("mismatched"), toJsonNames(mismatched)},
        {QStringLiteral("needs_restart"), toJsonNames(needsRestart)},
        {QStringLiteral("written"), written},
        {QStringLiteral("backup_path"), backupPath.isEmpty() ? QJsonValue() : QJsonValue(backupPath)},
        {QStringLiteral("bytes_written"), bytesWritten},
        {QStringLiteral("write_warnings"), QJsonArray::fromStringList(writeWarnings)},
        {QStringLiteral("restarted"), restarted},
        {QStringLiteral("restart_exit_code"), restarted ? QJsonValue(restartExitCode) : QJsonValue()},
        {QStringLiteral("restart_output"), restartOutput},
        {QStringLiteral("health_checked"), healthChecked},
        {QStringLiteral("healthy"), healthy},
        {QStringLiteral("pending"), toJsonNames(pending)},
    };
}
