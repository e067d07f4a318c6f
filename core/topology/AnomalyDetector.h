#pragma once

#include "Topology.h"

#include <QHash>

// Thresholds an operator may tune.
struct AnomalySettings
{
    qint64 lagBytesWarning = 1024 * 1024;  // replica behind by more than this
    qint64 lagSecondsWarning = 10;         // no ack from the replica for longer than this
    int fullSyncRepeatCount = 2;           // this many new full syncs ...
    int fullSyncWindowSeconds = 300;       // ... within this window = output-buffer loop
};

// Finds what an operator must know about a topology: split brain, orphaned replicas, loops,
// links down, lag, full-sync loops, writable replicas, unpromotable sole replicas, version
// mismatches, masters without persistence. Keeps a little history (sync_full counters) across
// calls, hence an object rather than a function.
class AnomalyDetector
{
public:
    explicit AnomalyDetector(const AnomalySettings &settings = {});
    void setSettings(const AnomalySettings &settings) { m_settings = settings; }
    const AnomalySettings &settings() const { return m_settings; }

    QList<Anomaly> detect(const Topology &topology);

private:
    QList<Anomaly> fullSyncLoops(const Topology &topology);
    QList<Anomaly> splitBrains(const Topology &topology);
    QList<Anomaly> stalledSyncs(const Topology &topology);

    AnomalySettings m_settings;
    struct SyncSample
    {
        QDateTime at;
        qint64 syncFull = 0;
        QStringList replicas;  // who was attached: new replicas each need one honest full sync
    };
    QHash<QString, QList<SyncSample>> m_syncHistory;  // master address -> samples
    // replica -> the master it was last seen replicating from, to recognise a split brain on
    // servers too old (< 4.0) to keep the previous replication id.
    QHash<QString, QString> m_formerMaster;
    struct SyncProgress
    {
        QDateTime since;   // when `bytes` / `waiting` last changed
        qint64 bytes = -1;
        bool waiting = false;
    };
    QHash<QString, SyncProgress> m_syncProgress;  // replica address -> its full sync's progress
};
