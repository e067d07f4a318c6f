#pragma once

#include <QString>
#include <QStringList>

// The choices behind a sentinel.conf export (tandemctl export sentinel, the GUI's export,
// the bundle). Defaults are Redis's own.
struct SentinelExportOptions
{
    QString name = QStringLiteral("mymaster");  // the name sentinels know the master by
    QStringList sentinels;        // HOST:PORT of each sentinel; empty = three on the group's hosts
    int quorum = 0;               // sentinels that must agree the master is down; 0 = a majority
    int downAfterMs = 30000;
    int failoverTimeoutMs = 180000;
    int parallelSyncs = 1;
    bool includeSecrets = false;  // real passwords instead of placeholders
};
