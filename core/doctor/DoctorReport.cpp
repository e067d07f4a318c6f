#include "DoctorReport.h"

#include <QJsonArray>

bool DoctorReport::hasProblems() const
{
    for (const Finding &f : findings) {
        if (f.severity != Finding::Severity::Info)
            return true;
    }
    return false;
}

bool DoctorReport::healthy() const
{
    return unreachable.isEmpty() && !hasProblems();
}

QJsonObject DoctorReport::toJson() const
{
    QJsonArray list;
    for (const Finding &f : findings)
        list.append(f.toJson());
    QJsonObject down;
    for (auto it = unreachable.constBegin(); it != unreachable.constEnd(); ++it)
        down.insert(it.key(), it.value());
    QJsonObject ran;
    for (auto it = checked.constBegin(); it != checked.constEnd(); ++it)
        ran.insert(it.key(), QJsonArray::fromStringList(it.value()));
    QJsonObject notRun;
    for (auto it = skipped.constBegin(); it != skipped.constEnd(); ++it)
        notRun.insert(it.key(), it.value());
    return {{QStringLiteral("healthy"), healthy()},
            {QStringLiteral("findings"), list},
            {QStringLiteral("unreachable"), down},
            {QStringLiteral("checked"), ran},
            {QStringLiteral("skipped"), notRun}};
}
