#include "RemovedNodes.h"

#include <utility>

QStringList RemovedNodes::addresses() const
{
    QStringList list = m_nodes.keys();
    list.sort();
    return list;
}

QHash<QString, RemovedNodes::Node> RemovedNodes::takeAll()
{
    return std::exchange(m_nodes, {});
}
