#include "FailoverCommand.h"

#include "ops/MasterFence.h"
#include "ssh/SshSessionPool.h"

#include <QJsonArray>

void FailoverCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "The master of the group is down: promotes the best replica (highest applied offset, "
        "then priority; replica-priority 0 never), repoints the others and fences the old "
        "master so it cannot come back as a second writable master. The ranking with the "
        "estimated data loss and the plan are printed first. Exit 0 only when the new roles "
        "were verified, 1 refused or failed, 2 usage, 3 could not connect."));
    addCommonOptions();
    m_parser.addOptions({
        {QStringLiteral("seed"),
         QStringLiteral("A node of the group (repeatable). With the master dead, replicas are not found "
                        "through it: seed each replica (or a sentinel)."),
         QStringLiteral("NODE")},
        {QStringLiteral("to"), QStringLiteral("Promote this replica instead of the best ranked."),
         QStringLiteral("NODE")},
        {QStringLiteral("verify-timeout"),
         QStringLiteral("How long to wait for the new roles to show, with its unit (default 10s)."),
         QStringLiteral("duration")},
        {QStringLiteral("ssh-fence"),
         QStringLiteral("Also write 'replicaof <new master>' (and masterauth) into the old master's redis.conf "
                        "over SSH (--ssh: the old master's host) while it is down, so it restarts as a replica "
                        "and acknowledges no write. Off unless given.")},
        {QStringLiteral("old-master-config"),
         QStringLiteral("The old master's redis.conf path on its host (default: INFO config_file, when Tandem "
                        "saw it)."),
         QStringLiteral("PATH")},
    });
    addMinReplicasOptions(QStringLiteral(" (set on every node that answers, after the promotion)"));
    if (!parseArguments(m_parser, args))
        return;
    QStringList seedTexts = m_parser.values(QStringLiteral("seed"));
    seedTexts += m_parser.positionalArguments();
    if (seedTexts.isEmpty()) {
        usageError(QStringLiteral("failover needs --seed NODE (any node of the group)"));
        return;
    }
    if (!durationOption(QStringLiteral("verify-timeout"), 100, 600000, &m_options.timeoutMs))
        return;
    QList<ConnectionProfile> seeds;
    QString error;
    if (!parseNodes(seedTexts, &seeds, &error)) {
        usageError(error);
        return;
    }
    if (m_parser.isSet(QStringLiteral("to"))) {
        QList<ConnectionProfile> to;
        if (!parseNodes({m_parser.value(QStringLiteral("to"))}, &to, &error)) {
            usageError(error);
            return;
        }
        m_options.candidate = to.first().address();
    }
    if (!minReplicasOption(&m_options.minReplicasMaxLag))
        return;
    if (m_parser.isSet(QStringLiteral("ssh-fence")) && !seeds.first().ssh.enabled) {
        usageError(QStringLiteral("--ssh-fence needs --ssh [user@]host[:port] (the old master's host)"));
        return;
    }
    m_seed = seeds.first().address();
    discover(seeds);
}

void FailoverCommand::onTopology(const Topology &topology)
{
    // Seed the planner with a node the topology knows (the dead master may be a placeholder).
    QString seed = m_seed;
    if (const TopologyNode *n = topology.node(m_seed))
        seed = n->address;
    if (!m_options.candidate.isEmpty()) {
        if (const TopologyNode *n = topology.node(m_options.candidate))
            m_options.candidate = n->address;
    }
    const QList<FailoverCandidate> ranking = FailoverPlanner::rank(topology, seed, m_options);
    QJsonArray rankingJson;
    for (const FailoverCandidate &c : ranking)
        rankingJson.append(c.toJson());
    m_extraJson.insert(QStringLiteral("candidates"), rankingJson);
    if (!json()) {
        out() << "Candidates (best first):\n";
        int rank = 1;
        for (const FailoverCandidate &c : ranking) {
            out() << "  " << (c.eligible ? QString::number(rank++) + QStringLiteral(".") : QStringLiteral("--"))
                  << " " << c.address << "  offset " << c.appliedOffset << ", priority " << c.priority
                  << ", estimated loss "
                  << (c.estimatedLossBytes < 0 ? QStringLiteral("unknown") : QString::number(c.estimatedLossBytes) + QStringLiteral(" bytes"));
            if (!c.reason.isEmpty())
                out() << " — " << c.reason;
            out() << "\n";
        }
        if (ranking.isEmpty())
            out() << "  (none: " << m_seed << " has no known group with a master address)\n";
        out() << "\n";
    }
    if (m_parser.isSet(QStringLiteral("ssh-fence"))) {
        const TopologyGroup *g = topology.groupOf(seed);
        const QString master = g ? g->master : QString();
        m_options.sshFence = SshFenceTarget::of(topology, profileFor(master), master);
        if (m_parser.isSet(QStringLiteral("old-master-config")))
            m_options.sshFence.path = m_parser.value(QStringLiteral("old-master-config"));
        if (!m_options.sshFence.isValid()) {
            err() << "tandemctl: --ssh-fence: the old master's redis.conf path is unknown (Tandem never saw its INFO "
                     "config_file); give --old-master-config PATH\n";
            finish(ExitUsage);
            return;
        }
        const ConnectionProfile group = profileFor(seed);
        m_options.sshFenceSettings.masterUser = group.user;
        m_options.sshFenceSettings.masterPassword = group.password;
        m_options.ssh = new SshSessionPool(this);
    }
    const Plan plan = FailoverPlanner::build(topology, seed, m_options);
    if (review(plan))
        runPlan(plan);
}

void FailoverCommand::afterRun(const ExecutionReport &report)
{
    const auto fence = FailoverPlanner::fenceOf(report);
    if (!fence)
        return;
    // OperationRunner registered it with the fence file; say so, and what happens next.
    const QString path = m_fence ? m_fence->path() : MasterFence::defaultPath();
    m_extraJson.insert(QStringLiteral("fence"), QJsonObject{{QStringLiteral("old"), fence->first},
                                                            {QStringLiteral("new"), fence->second},
                                                            {QStringLiteral("file"), path}});
    m_notes.append(QStringLiteral("Fence recorded (%1): when %2 comes back, Tandem (GUI) demotes it; "
                                  "or run `tandemctl recover --seed %3`.").arg(path, fence->first, fence->second));
    for (const StepRecord &r : report.steps) {
        if (r.id == QLatin1String("ssh-fence"))
            m_notes.append(r.status == StepRecord::Status::Succeeded
                               ? QStringLiteral("SSH fence: %1").arg(r.message)
                               : QStringLiteral("SSH fence failed: %1 — restarted, %2 is a writable master until it "
                                                "is demoted.").arg(r.message, fence->first));
    }
}
