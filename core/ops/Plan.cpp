#include "Plan.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

// Scalars as themselves, a list of scalars comma-separated, anything nested as compact JSON.
QString factText(const QJsonValue &v)
{
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &e : v.toArray()) {
            if (e.isObject() || e.isArray())
                return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
            parts.append(e.toVariant().toString());
        }
        return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
    }
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

} // namespace

bool Plan::canRun() const
{
    for (const Precondition &p : preconditions) {
        if (!p.ok)
            return false;
    }
    return !steps.isEmpty();
}

// A check states what must hold, so a failed one is said as "needed: ... — found: ...";
// "X is a replica — it is a master already" read as if X were both.
static QString failedCheckText(const Precondition &p)
{
    return p.detail.isEmpty() ? QString(QStringLiteral("needed: ") + p.text)
                              : QString(QStringLiteral("needed: ") + p.text + QStringLiteral(" — found: ") + p.detail);
}

QString Plan::refusal() const
{
    QStringList reasons;
    for (const Precondition &p : preconditions) {
        if (!p.ok)
            reasons.append(failedCheckText(p));
    }
    if (reasons.isEmpty() && steps.isEmpty())
        reasons.append(QStringLiteral("nothing to do"));
    return reasons.join(QStringLiteral("; "));
}

QJsonObject Plan::toJson() const
{
    QJsonArray pre;
    for (const Precondition &p : preconditions)
        pre.append(QJsonObject{{QStringLiteral("check"), p.text}, {QStringLiteral("ok"), p.ok},
                               {QStringLiteral("detail"), p.detail}});
    QJsonArray stepArray;
    for (const PlanStep &s : steps) {
        QJsonObject o{{QStringLiteral("id"), s.id},
                      {QStringLiteral("title"), s.title},
                      {QStringLiteral("node"), s.node},
                      {QStringLiteral("commands"), QJsonArray::fromStringList(s.commands)},
                      {QStringLiteral("on_failure"), s.onFailure == PlanStep::OnFailure::Abort
                                                         ? QStringLiteral("abort") : QStringLiteral("continue")},
                      {QStringLiteral("point_of_no_return"), s.pointOfNoReturn}};
        if (!s.compensateTitle.isEmpty() || !s.compensateCommands.isEmpty())
            o.insert(QStringLiteral("compensation"),
                     QJsonObject{{QStringLiteral("title"), s.compensateTitle},
                                 {QStringLiteral("commands"), QJsonArray::fromStringList(s.compensateCommands)}});
        stepArray.append(o);
    }
    return QJsonObject{{QStringLiteral("operation"), operation},
                       {QStringLiteral("title"), title},
                       {QStringLiteral("strategy"), strategy},
                       {QStringLiteral("group"), group},
                       {QStringLiteral("nodes"), QJsonArray::fromStringList(nodes)},
                       {QStringLiteral("can_run"), canRun()},
                       {QStringLiteral("refusal"), refusal()},
                       {QStringLiteral("preconditions"), pre},
                       {QStringLiteral("risks"), QJsonArray::fromStringList(risks)},
                       {QStringLiteral("facts"), facts},
                       {QStringLiteral("steps"), stepArray}};
}

QString Plan::render() const
{
    QString out = title + QLatin1Char('\n');
    if (!preconditions.isEmpty()) {
        out += QStringLiteral("Checks:\n");
        for (const Precondition &p : preconditions) {
            if (!p.ok)
                out += QString(QStringLiteral("  [!!] ") + failedCheckText(p));
            else if (p.detail.isEmpty())
                out += QString(QStringLiteral("  [ok] ") + p.text);
            else
                out += QString(QStringLiteral("  [ok] ") + p.text + QStringLiteral(" — ") + p.detail);
            out += QLatin1Char('\n');
        }
    }
    if (!facts.isEmpty()) {
        out += QStringLiteral("Facts:\n");
        for (auto it = facts.constBegin(); it != facts.constEnd(); ++it)
            out += QString(QStringLiteral("  ") + it.key() + QStringLiteral(": ") + factText(it.value())
                           + QLatin1Char('\n'));
    }
    if (!risks.isEmpty()) {
        out += QStringLiteral("Risks:\n");
        for (const QString &r : risks)
            out += QString(QStringLiteral("  - ") + r + QLatin1Char('\n'));
    }
    out += QStringLiteral("Steps:\n");
    int n = 1;
    for (const PlanStep &s : steps) {
        out += QString(QStringLiteral("  ") + QString::number(n++) + QStringLiteral(". ") + s.title
                       + QLatin1Char('\n'));
        for (const QString &c : s.commands)
            out += QString(QStringLiteral("       ") + c + QLatin1Char('\n'));
        if (!s.compensateTitle.isEmpty())
            out += QString(QStringLiteral("       (undo on abort: ") + s.compensateTitle + QStringLiteral(")\n"));
    }
    if (!canRun())
        out += QString(QStringLiteral("Refused: ") + refusal() + QLatin1Char('\n'));
    return out;
}
