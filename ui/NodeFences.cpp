#include "NodeFences.h"

const NodeFences::Fence *NodeFences::of(const TopologyNode &node) const
{
    auto it = m_fences.constFind(node.address);
    if (it != m_fences.constEnd())
        return &it.value();
    for (const QString &alias : node.aliases) {
        it = m_fences.constFind(alias);
        if (it != m_fences.constEnd())
            return &it.value();
    }
    return nullptr;
}

QString NodeFences::state(const TopologyNode &node, const Fence &fence)
{
    const QString since = fence.since.isValid()
        ? tr(" (fenced since %1)").arg(fence.since.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
        : QString();
    if (!node.isUp())
        return tr("Fenced: becomes a replica of %1 as soon as it answers%2").arg(fence.newMaster, since);
    if (node.hasSnapshot && node.snapshot.role == NodeSnapshot::Role::Master)
        return tr("Fenced: back as a master, being demoted to a replica of %1%2").arg(fence.newMaster, since);
    return tr("Fenced: rejoining as a replica of %1%2").arg(fence.newMaster, since);
}
