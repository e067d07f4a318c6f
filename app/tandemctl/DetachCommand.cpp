#include "DetachCommand.h"

#include "info/InfoParser.h"
#include "ops/OperationRunner.h"
#include "ops/ReplicationSteps.h"
#include "setup/DetachPlanner.h"

void DetachCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Makes the replica NODE a standalone master (REPLICAOF NO ONE, then CONFIG REWRITE). Its data stays "
        "as it is; clients may then write to it. Exit 0 when done, 1 refused or failed, 2 usage, 3 could not connect."));
    addCommonOptions();
    m_parser.addPositionalArgument(QStringLiteral("NODE"), QStringLiteral("The replica to detach."));
    if (!parseArguments(m_parser, args))
        return;
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() != 1) {
        usageError(QStringLiteral("detach needs exactly one NODE"));
        return;
    }
    QList<ConnectionProfile> nodes;
    QString error;
    if (!parseNodes(positional, &nodes, &error)) {
        usageError(error);
        return;
    }
    m_node = nodes.first();
    const QString node = m_node.address();
    NodeClients *clients = runner()->clients();
    clients->connectAll({node}, m_node.connectTimeoutMs, this, [this, clients, node](const QHash<QString, NetError> &failures) {
        if (failures.contains(node)) {
            err() << "tandemctl: could not reach or authenticate " << node << ": " << failures.value(node).message << "\n";
            finish(ExitConnect);
            return;
        }
        clients->send(node, {"INFO"}, this, [this, node](const RespResult &r) {
            DetachPlanner::Facts facts;
            if (!r.ok()) {
                err() << "tandemctl: " << node << ": " << r.errorText() << "\n";
                finish(ExitConnect);
                return;
            }
            const NodeSnapshot snap = InfoParser::parse(r.value.bytes());
            facts.answered = true;
            facts.role = NodeSnapshot::roleName(snap.role);
            facts.masterAddress = ReplicationSteps::masterOf(snap);
            facts.configFile = snap.configFile;
            const Plan plan = DetachPlanner::build(node, facts);
            if (review(plan))
                runPlan(plan);
        });
    });
}

ConnectionProfile DetachCommand::profileFor(const QString &) const
{
    return m_node;
}
