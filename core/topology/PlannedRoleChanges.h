#pragma once

#include "Topology.h"

#include <QHash>
#include <QStringList>

// Role changes an operation (or the fence) is about to make. A RoleChanged event for such a
// node is the plan's doing: logged as Info with "(planned: <why>)", not as the Warning an
// unexplained role change deserves. Each expectation lapses at its deadline.
class PlannedRoleChanges
{
public:
    void expect(const QStringList &nodes, const QString &why, int forMs);
    // Rewrites the RoleChanged events of expected nodes in place.
    void mark(QList<TopologyEvent> *events) const;
    void clear() { m_expected.clear(); }

private:
    struct Expected
    {
        QString why;
        qint64 untilMs = 0;  // ms since the epoch
    };
    QHash<QString, Expected> m_expected;
};
