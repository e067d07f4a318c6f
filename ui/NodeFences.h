#pragma once

#include "topology/Topology.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QString>

// What the window shows of its MasterFence: which old masters are fenced, which node each must
// rejoin as a replica, and since when. A read-only copy handed to the picture, the node table
// and the inspector, so none of them reaches into the fence itself.
class NodeFences
{
    Q_DECLARE_TR_FUNCTIONS(NodeFences)

public:
    struct Fence
    {
        QString newMaster;
        QDateTime since;
        bool operator==(const Fence &other) const = default;
    };

    void insert(const QString &oldMaster, const Fence &fence) { m_fences.insert(oldMaster, fence); }
    bool isEmpty() const { return m_fences.isEmpty(); }
    // The fence on `node` (its address or an alias), or null.
    const Fence *of(const TopologyNode &node) const;
    // "Fenced: demoted to a replica of X as soon as it answers" / "... — it is X's replica now".
    static QString state(const TopologyNode &node, const Fence &fence);

    bool operator==(const NodeFences &other) const = default;

private:
    QHash<QString, Fence> m_fences;
};
