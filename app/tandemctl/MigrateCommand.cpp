#include "MigrateCommand.h"

#include "migrate/MigratePlanner.h"
#include "migrate/MigrateProbe.h"
#include "migrate/OldServerWatch.h"
#include "ops/LiveNodeProbe.h"
#include "ops/OperationRunner.h"
#include "ops/ProgressText.h"
#include "ssh/SshSessionPool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

void MigrateCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Moves a live dataset from the master SOURCE to TARGET with native replication, as one reviewed plan: "
        "checks (empty target or --discard-target-data, RDB format, databases, memory, buffer limits, "
        "authentication, renamed commands, Sentinel), REPLICAOF with the cause named when the target cannot "
        "sync, the full sync with progress, the data compared (a sample, every key, or none), then the "
        "cutover: writes paused on the source, the target caught up, promoted, the source made its replica, "
        "nothing acknowledged lost. Temporary settings are restored and both persisted. Then the old server "
        "is watched for clients still writing there. Exit 0 only when the target is master and verified, "
        "1 refused or failed (the source stays master), 2 usage, 3 could not connect."));
    addCommonOptions();
    m_parser.addPositionalArgument(QStringLiteral("SOURCE"), QStringLiteral("The master to move."));
    m_parser.addPositionalArgument(QStringLiteral("TARGET"), QStringLiteral("The new server."));
    m_parser.addOptions({
        {QStringLiteral("verify"), QStringLiteral("sample (default), full or none."), QStringLiteral("mode"), QStringLiteral("sample")},
        {QStringLiteral("sample"), QStringLiteral("Keys compared with --verify sample (default 1000)."), QStringLiteral("N")},
        {QStringLiteral("discard-target-data"), QStringLiteral("Let REPLICAOF replace the keys TARGET holds.")},
        {QStringLiteral("repoint-replicas"), QStringLiteral("Move the source's replicas to TARGET (else they stay under SOURCE).")},
        {QStringLiteral("on-abort"), QStringLiteral("What TARGET becomes when the migration stops before the cutover: "
                                                    "detach (default) or keep-replica."), QStringLiteral("mode"), QStringLiteral("detach")},
        {QStringLiteral("catch-up-timeout"), QStringLiteral("Longest TARGET may take to catch up while writes are paused (default 5s)."),
         QStringLiteral("duration")},
        {QStringLiteral("sync-timeout"), QStringLiteral("Longest the full sync may take (default 3600s)."), QStringLiteral("duration")},
        {QStringLiteral("watch-old"), QStringLiteral("Seconds to watch SOURCE for clients still writing there after the cutover "
                                                     "(default 10, 0 = not at all; ends early after 3 quiet seconds)."),
         QStringLiteral("S")},
    });
    if (!parseArguments(m_parser, args) || !readOptions())
        return;
    for (const ConnectionProfile &p : std::as_const(m_profiles)) {
        m_audit.redact(p.password);
        m_audit.redact(p.ssh.password);
        m_audit.redact(p.ssh.keyPassphrase);
        if (p.ssh.enabled && !m_ssh)
            m_ssh = new SshSessionPool(this);
    }
    m_jsonLines = json() && !dryRun();
    auto *probe = new MigrateProbe(runner()->clients(), this);
    connect(probe, &MigrateProbe::progress, this, [this](const QString &text) {
        if (!json())
            err() << text << "\n";
    });
    connect(probe, &MigrateProbe::finished, this, [this](const MigrateFacts &facts) {
        QStringList unreachable;
        for (const QString &a : {m_options.source, m_options.target}) {
            const SetupNodeFacts *n = facts.setup.node(a);
            if (!n || !n->answered)
                unreachable.append(QStringLiteral("%1 (%2)").arg(a, n ? n->error : QStringLiteral("not probed")));
        }
        if (finishUnreachable(unreachable))
            return;
        const Plan plan = MigratePlanner::build(facts, m_options);
        if (!review(plan))
            return;
        if (json()) {
            connect(runner(), &OperationRunner::stepStarted, this, [this](int index, const StepRecord &r) {
                printProgress(QStringLiteral("step"), index, r.title);
            });
            connect(runner(), &OperationRunner::stepProgress, this, [this](int index, const QString &text) {
                printProgress(QStringLiteral("progress"), index, text);
            });
        }
        runPlan(plan);
    });
    probe->start(m_options);
}

void MigrateCommand::printProgress(const QString &kind, int index, const QString &text)
{
    QJsonObject line{{QStringLiteral("event"), kind}, {QStringLiteral("step"), index}, {QStringLiteral("text"), text}};
    if (const int percent = ProgressText::percent(text); percent >= 0)
        line.insert(QStringLiteral("percent"), percent);
    out() << QJsonDocument(line).toJson(QJsonDocument::Compact) << "\n";
    out().flush();
}

bool MigrateCommand::readOptions()
{
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() != 2) {
        usageError(QStringLiteral("migrate needs SOURCE and TARGET"));
        return false;
    }
    QList<ConnectionProfile> nodes;
    QString error;
    if (!parseNodes(positional, &nodes, &error)) {
        usageError(error);
        return false;
    }
    m_options.source = nodes.at(0).address();
    m_options.target = nodes.at(1).address();
    m_profiles.insert(m_options.source, nodes.at(0));
    m_profiles.insert(m_options.target, nodes.at(1));
    m_options.sourceUser = nodes.at(0).user;
    m_options.sourcePassword = nodes.at(0).password;
    m_options.targetUser = nodes.at(1).user;
    m_options.targetPassword = nodes.at(1).password;
    m_options.sourceTls = nodes.at(0).tls.enabled;
    m_options.targetTls = nodes.at(1).tls.enabled;
    if (!MigrateOptions::parseVerify(m_parser.value(QStringLiteral("verify")), &m_options.verify)) {
        usageError(QStringLiteral("--verify takes sample, full or none"));
        return false;
    }
    if (!MigrateOptions::parseOnAbort(m_parser.value(QStringLiteral("on-abort")), &m_options.onAbort)) {
        usageError(QStringLiteral("--on-abort takes detach or keep-replica"));
        return false;
    }
    if (!intOption(QStringLiteral("sample"), 1, &m_options.sampleSize) || !intOption(QStringLiteral("watch-old"), 0, &m_watchSeconds))
        return false;
    if (m_parser.isSet(QStringLiteral("sample")) && m_options.verify != MigrateOptions::Verify::Sample) {
        usageError(QStringLiteral("--sample goes with --verify sample"));
        return false;
    }
    if (!durationOption(QStringLiteral("catch-up-timeout"), 100, 600000, &m_options.catchUpTimeoutMs)
        || !durationOption(QStringLiteral("sync-timeout"), 1000, 86400000, &m_options.syncTimeoutMs))
        return false;
    m_options.discardTargetData = m_parser.isSet(QStringLiteral("discard-target-data"));
    m_options.repointReplicas = m_parser.isSet(QStringLiteral("repoint-replicas"));
    return true;
}

void MigrateCommand::beforeSummary(const ExecutionReport &report, std::function<void()> proceed)
{
    if (!report.ok() || m_watchSeconds == 0) {
        proceed();
        return;
    }
    auto *watch = new OldServerWatch(profileFor(m_options.source), m_ssh, this);
    auto total = std::make_shared<qint64>(0);
    auto ended = std::make_shared<bool>(false);
    auto end = [this, watch, total, ended, proceed] {
        if (*ended)
            return;
        *ended = true;
        watch->stop();
        watch->deleteLater();
        m_extraJson.insert(QStringLiteral("old_server_write_attempts"), *total);
        if (!json())
            m_notes.append(QStringLiteral("%1 write attempt(s) reached the old server %2 after the cutover (refused with READONLY)")
                               .arg(*total).arg(m_options.source));
        proceed();
    };
    connect(watch, &OldServerWatch::attempts, this, [this, total](qint64 sum, qint64 lastSecond) {
        *total = sum;
        if (json())
            out() << QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("old_server")},
                                               {QStringLiteral("write_attempts"), sum},
                                               {QStringLiteral("last_second"), lastSecond}}).toJson(QJsonDocument::Compact) << "\n";
        else if (lastSecond > 0)
            err() << lastSecond << " write attempt(s) in the last second still reach the old server " << m_options.source
                  << " (" << sum << " since the cutover)\n";
        out().flush();
        err().flush();
    });
    connect(watch, &OldServerWatch::quiet, this, end);
    connect(watch, &OldServerWatch::unreachable, this, end);
    QTimer::singleShot(m_watchSeconds * 1000, this, end);
    if (!json())
        err() << "Watching " << m_options.source << " for clients still writing there (up to " << m_watchSeconds << " s)\n";
    watch->start(3);
}

ConnectionProfile MigrateCommand::profileFor(const QString &address) const
{
    const auto it = m_profiles.constFind(address);
    if (it != m_profiles.cend())
        return *it;
    // The source's replicas are reached like the source.
    return LiveNodeProbe::lookupFor(m_profiles.value(m_options.source))(address);
}
