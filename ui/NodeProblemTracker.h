#pragma once

#include "topology/Topology.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringList>

// Turns successive topologies into status bar lines about individual nodes: a node that runs
// into trouble (authentication failed, unreachable, host key...) is reported once per distinct
// problem, and "connected" is said only for a node that had one. Quiet while nothing changes,
// so a dead node polled every second does not flood the status bar.
class NodeProblemTracker
{
    Q_DECLARE_TR_FUNCTIONS(NodeProblemTracker)

public:
    // The lines to show for this topology, oldest concern first (often none).
    QStringList update(const Topology &topology);
    void forget(const QString &address) { m_reported.remove(address); }

private:
    QHash<QString, QString> m_reported;  // address -> the problem sentence last reported
};
