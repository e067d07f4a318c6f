#include "DetachPlanner.h"

#include "ops/LiveConfigSteps.h"

bool DetachPlanner::canDetach(const Topology &topology, const QString &node)
{
    const TopologyNode *n = topology.node(node);
    if (!n || !n->isUp() || n->placeholder)
        return false;
    const NodeSnapshot::Role role = n->hasSnapshot ? n->snapshot.role : n->role;
    return role == NodeSnapshot::Role::Replica;
}

Plan DetachPlanner::build(const Topology &topology, const QString &node)
{
    Plan p;
    p.operation = QStringLiteral("detach");
    p.strategy = QStringLiteral("replicaof-no-one");
    const TopologyNode *n = topology.node(node);
    const QString address = n ? n->address : node;
    const QString master = n ? n->masterAddress : QString();
    p.group = master;
    p.nodes = {address};
    p.title = master.isEmpty() ? QStringLiteral("Detach %1").arg(address)
                               : QStringLiteral("Detach %1 from %2").arg(address, master);
    p.preconditions.append({QStringLiteral("%1 answers").arg(address), n && n->isUp() && !n->placeholder,
                            !n ? QStringLiteral("not in view") : n->isUp() ? QStringLiteral("up") : n->error});
    const bool replica = canDetach(topology, node);
    p.preconditions.append({QStringLiteral("%1 is a replica").arg(address), replica,
                            n ? QStringLiteral("role %1").arg(NodeSnapshot::roleName(n->hasSnapshot ? n->snapshot.role : n->role))
                              : QString()});
    p.risks.append(QStringLiteral("%1 becomes a master that accepts writes: clients that still write to it "
                                  "create data %2 never sees, and reads from it stop following %2.")
                       .arg(address, master.isEmpty() ? QStringLiteral("its old master") : master));
    p.risks.append(QStringLiteral("It keeps the data it has now; joining it to a master again replaces that data."));
    p.facts.insert(QStringLiteral("node"), address);
    p.facts.insert(QStringLiteral("old_master"), master);
    p.steps.append(LiveConfigSteps::replicaOf(address, QString()));
    p.steps.append(LiveConfigSteps::verifyReplication(address, QString()));
    p.steps.append(LiveConfigSteps::rewrite(address));
    return p;
}
