#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// What one sentinel said in one round: the masters it watches, their replicas and the other
// sentinels watching them (addresses as host:port, the way the sentinel knows them).
struct SentinelReport
{
    struct Master
    {
        QString name;
        QString address;
        QStringList replicas;
        QStringList sentinels;   // the other sentinels (a sentinel never lists itself)
    };
    QList<Master> masters;
};
