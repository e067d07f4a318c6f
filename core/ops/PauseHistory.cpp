#include "PauseHistory.h"

#include <QJsonArray>
#include <QSet>

QHash<QString, QList<qint64>> PauseHistory::forGroup(const QList<QJsonObject> &audit, const QStringList &groupNodes,
                                                     int newest)
{
    const QSet<QString> group(groupNodes.cbegin(), groupNodes.cend());
    QHash<QString, QString> strategyOf;  // operation id -> strategy, for plans on this group
    QHash<QString, QList<qint64>> out;
    for (const QJsonObject &entry : audit) {
        const QString op = entry.value(QStringLiteral("op")).toString();
        const QString event = entry.value(QStringLiteral("event")).toString();
        if (event == QLatin1String("op_started")) {
            const QJsonObject plan = entry.value(QStringLiteral("plan")).toObject();
            if (plan.value(QStringLiteral("operation")).toString() != QLatin1String("promote"))
                continue;
            for (const QJsonValue &node : plan.value(QStringLiteral("nodes")).toArray()) {
                if (group.contains(node.toString())) {
                    strategyOf.insert(op, plan.value(QStringLiteral("strategy")).toString());
                    break;
                }
            }
        } else if (event == QLatin1String("op_finished") && strategyOf.contains(op)) {
            const QJsonValue pause = entry.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("write_pause_ms"));
            if (entry.value(QStringLiteral("outcome")).toString() != QLatin1String("succeeded") || !pause.isDouble())
                continue;
            QList<qint64> &list = out[strategyOf.value(op)];
            list.append(qint64(pause.toDouble()));
            if (list.size() > newest)
                list.removeFirst();
        }
    }
    return out;
}

QString PauseHistory::describe(const QList<qint64> &pausesMs)
{
    QStringList parts;
    for (qint64 ms : pausesMs)
        parts.append(QString::number(ms));
    if (parts.size() > 1) {
        const QString last = parts.takeLast();
        return parts.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last + QStringLiteral(" ms");
    }
    return parts.join(QString()) + QStringLiteral(" ms");
}
