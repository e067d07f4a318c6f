#pragma once

#include "topology/Topology.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

// How the inspector words replication state. Kept apart from the widgets because the
// version-dependent cases (7.0 diskless totals, pre-6.2 "bytes left" only) deserve tests.
class ReplicationText
{
    Q_DECLARE_TR_FUNCTIONS(ReplicationText)

public:
    struct SyncProgress
    {
        bool inProgress = false;
        std::optional<double> percent;  // only when the total size is known
        QString text;                   // "12.0 MiB of 40.0 MiB (30.0 %)", "1.2 MiB left", ...
    };

    static SyncProgress syncProgress(const NodeSnapshot &replica);
    // "up · last I/O 0 s ago", "down for 3 min", "down (sync in progress)".
    static QString link(const NodeSnapshot &replica);
    // "1.2 KiB (1,234 bytes)", "0 bytes".
    static QString lagBytes(std::optional<qint64> bytes);
    static QString lagSeconds(std::optional<qint64> seconds);
    // "7.0 KiB of 1.0 MiB (0.7 %)" or "inactive".
    static QString backlog(const NodeSnapshot &master);
    // "full 1 · partial 3 · partial failed 0".
    static QString syncCounters(const NodeSnapshot &node);
    static QString failoverState(const QString &state);  // "no-failover" -> "none"
    static QString reachability(NodeReachability reachability);
    static QString roleName(NodeSnapshot::Role role);     // translated
    static QString percent(double value);                 // "42.0 %"
};
