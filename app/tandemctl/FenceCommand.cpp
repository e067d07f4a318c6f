#include "FenceCommand.h"

#include "ops/SshFencePlanner.h"
#include "ssh/SshSessionPool.h"

void FenceCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Fence a dead old master in its redis.conf over SSH: writes replicaof NEW (and masterauth/masteruser "
        "when a password/user is given) with a backup and an atomic replace, so it restarts as a replica and "
        "acknowledges no write. Exit 0 when the file was written."));
    addCommonOptions();
    m_parser.addOptions({
        {QStringLiteral("master"), QStringLiteral("The group's current master the node must follow."), QStringLiteral("NODE")},
        {QStringLiteral("config-file"), QStringLiteral("The node's redis.conf on the SSH host."), QStringLiteral("PATH")},
    });
    addMinReplicasOptions(QStringLiteral(" (written into the file)"));
    m_parser.addPositionalArgument(QStringLiteral("NODE"), QStringLiteral("The old master to fence."));
    if (!parseArguments(m_parser, args))
        return;
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() != 1) {
        usageError(QStringLiteral("fence needs exactly one NODE"));
        return;
    }
    if (!m_parser.isSet(QStringLiteral("master")) || !m_parser.isSet(QStringLiteral("config-file"))) {
        usageError(QStringLiteral("fence needs --master NODE and --config-file PATH"));
        return;
    }
    QList<ConnectionProfile> nodes;
    QString error;
    if (!parseNodes({positional.first(), m_parser.value(QStringLiteral("master"))}, &nodes, &error)) {
        usageError(error);
        return;
    }
    if (!nodes.first().ssh.enabled) {
        usageError(QStringLiteral("fence needs --ssh [user@]host[:port]: the host holding the node's redis.conf"));
        return;
    }
    SshFenceTarget target;
    target.ssh = nodes.first().ssh;
    target.path = m_parser.value(QStringLiteral("config-file"));
    SshFenceSettings settings;
    settings.newMaster = nodes.at(1).address();
    settings.masterUser = nodes.at(1).user;
    settings.masterPassword = nodes.at(1).password;
    if (!minReplicasOption(&settings.minReplicasMaxLag))
        return;
    m_audit.redact(settings.masterPassword);
    m_audit.redact(target.ssh.password);
    m_audit.redact(target.ssh.keyPassphrase);
    auto *pool = new SshSessionPool(this);
    const Plan plan = SshFencePlanner::plan(pool, nodes.first().address(), target, settings);
    if (review(plan))
        runPlan(plan);
}

void FenceCommand::onTopology(const Topology &)
{
    // The node is down: there is nothing to discover.
}
