#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// The write pauses past switchovers really caused on a group, read from the audit log: what a
// review quotes instead of a generic estimate ("the last 3 FAILOVER runs here paused writes
// 4, 6 and 780 ms"). Only succeeded runs that measured write_pause_ms count.
class PauseHistory
{
public:
    // Per strategy name ("coordinated", "failover-command", "sentinel"): the newest `newest`
    // pauses in ms, oldest first, of runs whose plan touched any of `groupNodes`.
    static QHash<QString, QList<qint64>> forGroup(const QList<QJsonObject> &audit, const QStringList &groupNodes,
                                                  int newest = 5);
    // "4, 6 and 780 ms"
    static QString describe(const QList<qint64> &pausesMs);
};
