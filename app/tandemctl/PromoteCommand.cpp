#include "PromoteCommand.h"

#include "ops/PauseHistory.h"

#include "topology/TopologyBuilder.h"

void PromoteCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Makes NODE (a replica) the master of its group without losing an acknowledged write: "
        "writes are paused on the master for at most the catch-up timeout plus a margin, NODE catches "
        "up, is promoted, and the old master and the other replicas follow it. The plan is "
        "printed first. Exit 0 only when the new roles were verified, 1 refused or failed, "
        "2 usage, 3 could not connect."));
    addCommonOptions();
    m_parser.addOptions({
        {QStringLiteral("strategy"),
         QStringLiteral("coordinated, failover-command, sentinel or automatic (default: sentinel when "
                        "sentinels watch the group, else coordinated)."),
         QStringLiteral("name"), QStringLiteral("automatic")},
        {QStringLiteral("catch-up-timeout"),
         QStringLiteral("Longest the replica may take to catch up while writes are paused, with its unit "
                        "(default 5s)."),
         QStringLiteral("duration")},
        {QStringLiteral("seed"), QStringLiteral("Discover the group from this node instead of NODE."),
         QStringLiteral("NODE")},
    });
    m_parser.addPositionalArgument(QStringLiteral("NODE"), QStringLiteral("The replica to promote."));
    if (!parseArguments(m_parser, args))
        return;
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() != 1) {
        usageError(QStringLiteral("promote needs exactly one NODE (the replica to promote)"));
        return;
    }
    if (!SwitchoverOptions::parseStrategy(m_parser.value(QStringLiteral("strategy")), &m_options.strategy)) {
        usageError(QStringLiteral("--strategy takes coordinated, failover-command, sentinel or automatic"));
        return;
    }
    if (!durationOption(QStringLiteral("catch-up-timeout"), 100, 600000, &m_options.timeoutMs))
        return;
    QList<ConnectionProfile> nodes;
    QString error;
    if (!parseNodes(positional, &nodes, &error)) {
        usageError(error);
        return;
    }
    m_candidate = nodes.first().address();
    QList<ConnectionProfile> seeds = nodes;
    if (m_parser.isSet(QStringLiteral("seed"))) {
        seeds.clear();
        if (!parseNodes(m_parser.values(QStringLiteral("seed")), &seeds, &error)) {
            usageError(error);
            return;
        }
    }
    discover(seeds);
}

void PromoteCommand::onTopology(const Topology &topology)
{
    // The topology may know NODE under another spelling (localhost vs 127.0.0.1).
    QString candidate = m_candidate;
    if (const TopologyNode *n = topology.node(m_candidate)) {
        candidate = n->address;
    } else {
        for (const TopologyNode &node : topology.nodes) {
            if (TopologyBuilder::looselyEqual(node.address, m_candidate))
                candidate = node.address;
        }
    }
    if (!topology.node(candidate)) {
        err() << "tandemctl: refused: " << m_candidate << " is not a node of the discovered topology "
              << "(unknown node; check the address, or seed its group with --seed)\n";
        finish(ExitProblem);
        return;
    }
    SwitchoverOptions options = m_options;
    if (const TopologyGroup *group = topology.groupOf(candidate))
        options.pastPausesMs = PauseHistory::forGroup(m_audit.read(5000), group->nodes);
    const Plan plan = SwitchoverPlanner::build(topology, candidate, options);
    if (review(plan))
        runPlan(plan);
}
