#include "ExecutionReport.h"

#include <QJsonArray>

namespace {

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

QString StepRecord::statusName(Status status)
{
    switch (status) {
    case Status::Pending: return QStringLiteral("pending");
    case Status::Running: return QStringLiteral("running");
    case Status::Succeeded: return QStringLiteral("succeeded");
    case Status::Failed: return QStringLiteral("failed");
    case Status::Skipped: return QStringLiteral("skipped");
    case Status::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

QJsonObject StepRecord::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("title"), title},
                  {QStringLiteral("node"), node},
                  {QStringLiteral("compensation"), compensation},
                  {QStringLiteral("status"), statusName(status)},
                  {QStringLiteral("started_at"), iso(startedAt)},
                  {QStringLiteral("finished_at"), iso(finishedAt)},
                  {QStringLiteral("duration_ms"), durationMs},
                  {QStringLiteral("message"), message}};
    if (!details.isEmpty())
        o.insert(QStringLiteral("details"), details);
    return o;
}

QJsonObject NodeFinalState::toJson() const
{
    QJsonObject o{{QStringLiteral("address"), address},
                  {QStringLiteral("reachable"), reachable},
                  {QStringLiteral("role"), role},
                  {QStringLiteral("writable"), writable}};
    if (role == QLatin1String("replica")) {
        o.insert(QStringLiteral("master"), masterAddress);
        o.insert(QStringLiteral("link_up"), linkUp);
    }
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    return o;
}

QString ExecutionReport::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Succeeded: return QStringLiteral("succeeded");
    case Outcome::Partial: return QStringLiteral("partial");
    case Outcome::Aborted: return QStringLiteral("aborted");
    case Outcome::Cancelled: return QStringLiteral("cancelled");
    case Outcome::Refused: return QStringLiteral("refused");
    }
    return {};
}

QJsonObject ExecutionReport::toJson() const
{
    QJsonArray stepArray;
    for (const StepRecord &s : steps)
        stepArray.append(s.toJson());
    QJsonArray finals;
    for (const NodeFinalState &n : finalStates)
        finals.append(n.toJson());
    return QJsonObject{{QStringLiteral("operation_id"), operationId},
                       {QStringLiteral("operation"), operation},
                       {QStringLiteral("title"), title},
                       {QStringLiteral("outcome"), outcomeName(outcome)},
                       {QStringLiteral("ok"), ok()},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("started_at"), iso(startedAt)},
                       {QStringLiteral("finished_at"), iso(finishedAt)},
                       {QStringLiteral("duration_ms"), durationMs},
                       {QStringLiteral("steps"), stepArray},
                       {QStringLiteral("final_states"), finals},
                       {QStringLiteral("metrics"), metrics}};
}
