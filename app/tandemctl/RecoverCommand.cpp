#include "RecoverCommand.h"

#include "ops/MasterFence.h"

#include <QJsonArray>

void RecoverCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Finds operations the audit log shows interrupted (and pending fences), tells what state "
        "the nodes are in, and finishes the job safely: the promoted node stays master, an old "
        "master still writable is demoted, replicas still following it are repointed. Exit 0 "
        "when the group is consistent afterwards (or already was), 1 otherwise, 3 no connection."));
    addCommonOptions();
    m_parser.addOption({QStringLiteral("seed"), QStringLiteral("A node of the group (repeatable)."),
                        QStringLiteral("NODE")});
    if (!parseArguments(m_parser, args))
        return;
    QStringList texts = m_parser.values(QStringLiteral("seed"));
    texts += m_parser.positionalArguments();
    if (texts.isEmpty()) {
        usageError(QStringLiteral("recover needs --seed NODE (a node of the group)"));
        return;
    }
    QList<ConnectionProfile> seeds;
    QString error;
    if (!parseNodes(texts, &seeds, &error)) {
        usageError(error);
        return;
    }
    m_fence = new MasterFence(nullptr, MasterFence::defaultPath(), this);
    // After a promote the new master heads a group of its own that discovery from one seed
    // may not reach: every node the interrupted operations and fences name is seeded too.
    QStringList extra;
    for (const InterruptedOperation &op : InterruptedOperation::fromAudit(m_audit.read()))
        extra += op.nodes;
    for (const MasterFence::Entry &e : m_fence->entries())
        extra << e.oldMaster << e.newMaster;
    for (const QString &address : std::as_const(extra)) {
        bool known = false;
        for (const ConnectionProfile &p : std::as_const(seeds))
            known = known || p.address() == address;
        // The first seed's settings (user, password, TLS, SSH) at that address.
        ConnectionProfile parsed;
        if (known || !ConnectionProfile::parseAddress(address, &parsed, &error))
            continue;
        ConnectionProfile p = seeds.first();
        p.host = parsed.host;
        p.port = parsed.port;
        seeds.append(p);
    }
    discover(seeds, false);  // the diagnosis below says it better than the warning
}

void RecoverCommand::onTopology(const Topology &topology)
{
    const QList<InterruptedOperation> ops = InterruptedOperation::fromAudit(m_audit.read());
    m_recovery = RecoveryPlanner::build(topology, ops, m_fence->entries());
    m_extraJson.insert(QStringLiteral("diagnosis"), QJsonArray::fromStringList(m_recovery.diagnosis));
    m_extraJson.insert(QStringLiteral("nothing_needed"), m_recovery.nothingNeeded);
    if (!json()) {
        out() << "Diagnosis:\n";
        for (const QString &line : std::as_const(m_recovery.diagnosis))
            out() << "  - " << line << "\n";
        out() << "\n";
    }
    if (m_recovery.nothingNeeded) {
        if (!dryRun())
            settle(QStringLiteral("recover: nothing needed"));
        if (json()) {
            printJson(QJsonObject{{QStringLiteral("plan"), m_recovery.plan.toJson()}});
        } else {
            out() << (dryRun() ? "Nothing to do.\n" : "Nothing to do: the interrupted entries are closed.\n");
        }
        finish(ExitOk);
        return;
    }
    if (review(m_recovery.plan))
        runPlan(m_recovery.plan);
}

void RecoverCommand::afterRun(const ExecutionReport &report)
{
    if (!report.ok())
        return;
    settle(QStringLiteral("recovered by %1").arg(report.operationId));
    m_notes.append(QStringLiteral("The interrupted operation entries are closed in the audit log."));
}

void RecoverCommand::settle(const QString &note)
{
    for (const QString &id : std::as_const(m_recovery.operationIds))
        m_audit.closeInterrupted(id, note);
    for (const QString &old : std::as_const(m_recovery.resolvedFences))
        m_fence->remove(old);
    const QJsonObject facts = m_recovery.plan.facts;
    const QString fenceOld = facts.value(QStringLiteral("fence_old")).toString();
    const QString fenceNew = facts.value(QStringLiteral("fence_new")).toString();
    if (!fenceOld.isEmpty() && !fenceNew.isEmpty()) {
        m_fence->add(fenceOld, fenceNew);
        m_notes.append(QStringLiteral("Fence recorded (%1): when %2 comes back it must become a replica of %3.")
                           .arg(m_fence->path(), fenceOld, fenceNew));
    }
}
