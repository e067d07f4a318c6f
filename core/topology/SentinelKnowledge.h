#pragma once

#include "NodeObservation.h"
#include "SentinelReport.h"

#include <QHash>

#include <functional>

// What every sentinel together says about each address: who is a master (and by which name),
// who watches it, who is a replica or a sentinel. Filled from the sentinels' latest reports,
// then stamped onto the observations the builder gets.
class SentinelKnowledge
{
public:
    // Maps an address to the one the monitor polls (aliases collapse onto their twin).
    using Canonical = std::function<QString(const QString &)>;

    void add(const QString &sentinel, const SentinelReport &report, const Canonical &canonical);
    // Sets reportedRole, sentinelMasterName and watchingSentinels for `address`.
    void apply(const QString &address, NodeObservation *observation) const;

private:
    struct Known
    {
        NodeSnapshot::Role role = NodeSnapshot::Role::Unknown;
        QString masterName;
        QStringList watching;
    };
    QHash<QString, Known> m_known;
};
