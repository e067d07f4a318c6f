#include "NodeProblemTracker.h"

#include "NodeStatusText.h"

#include <QSet>

QStringList NodeProblemTracker::update(const Topology &topology)
{
    QStringList lines;
    QSet<QString> present;
    for (const TopologyNode &node : topology.nodes) {
        present.insert(node.address);
        if (node.placeholder)
            continue;  // never polled: nothing of ours failed
        if (NodeStatusText::isProblem(node.reachability)) {
            const QString sentence = NodeStatusText::sentence(node);
            if (m_reported.value(node.address) != sentence) {
                m_reported.insert(node.address, sentence);
                lines << tr("%1 — %2").arg(node.address, sentence);
            }
        } else if (node.isUp() && m_reported.remove(node.address)) {
            lines << tr("%1 — connected").arg(node.address);
        }
    }
    for (auto it = m_reported.begin(); it != m_reported.end();) {
        if (present.contains(it.key()))
            ++it;
        else
            it = m_reported.erase(it);
    }
    return lines;
}
