#include "ConfigApplyCommand.h"

#include "LiveConfigFetcher.h"

#include "config/LiveConfig.h"
#include "net/ConnectionOptions.h"
#include "ops/ConfigApplySummary.h"
#include "ops/LiveConfigPlanner.h"
#include "ops/OperationRunner.h"
#include "ops/RemoteConfigPlanner.h"
#include "ssh/SshSessionPool.h"

#include <QFile>
#include <QJsonArray>

namespace {

const QString kNoRewrite = QStringLiteral("no-rewrite");
const QString kRemoteFile = QStringLiteral("remote-file");
const QString kRestartCommand = QStringLiteral("restart-command");
const QString kRestart = QStringLiteral("restart");
const QString kForce = QStringLiteral("force");

} // namespace

void ConfigApplyCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(
        QStringLiteral("Applies the settings of FILE to the running NODE with CONFIG SET (REPLICAOF for "
                       "replicaof), then CONFIG REWRITE. Settings that cannot change at runtime are listed as "
                       "needing a restart. The plan is printed first; the run is written to the audit log.\n"
                       "Secrets are sent but never printed or logged."));
    addCommonOptions();
    m_parser.addOption({kNoRewrite, QStringLiteral("Do not persist with CONFIG REWRITE.")});
    m_parser.addOption({kRemoteFile,
                        QStringLiteral("Instead of CONFIG SET, replace the redis.conf at PATH on the --ssh host "
                                       "(backup kept next to it), then check the node."),
                        QStringLiteral("PATH")});
    m_parser.addOption({kRestartCommand,
                        QStringLiteral("With --remote-file: run CMD on the --ssh host after writing."),
                        QStringLiteral("CMD")});
    m_parser.addOption({kRestart, QStringLiteral("With --remote-file: restart with \"%1\" after writing.")
                                      .arg(RemoteConfigOptions::defaultRestartCommand())});
    m_parser.addOption({kForce, QStringLiteral("With --remote-file: write FILE even if it has errors.")});
    m_parser.addPositionalArgument(QStringLiteral("NODE"), QStringLiteral("node address"));
    m_parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("desired redis.conf"));
    if (!parseArguments(m_parser, args))
        return;
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() != 2) {
        usageError(QStringLiteral("config apply needs two arguments: NODE FILE"));
        return;
    }
    m_file = positional.at(1);
    QFile file(m_file);
    if (!file.open(QIODevice::ReadOnly)) {
        err() << "tandemctl: cannot read " << m_file << ": " << file.errorString() << "\n";
        finish(ExitUsage);
        return;
    }
    m_desired = ConfigDocument::parse(file.readAll(), m_file);

    QString error;
    if (!LiveConfigFetcher::profileFor(positional.at(0), m_parser, &m_profile, &error)) {
        usageError(QStringLiteral("bad node '%1': %2").arg(positional.at(0), error));
        return;
    }
    if (m_profile.ssh.enabled)
        m_ssh = new SshSessionPool(this);
    if (m_parser.isSet(kRemoteFile)) {
        startRemote();
        return;
    }
    for (const QString &option : {kRestartCommand, kRestart, kForce}) {
        if (m_parser.isSet(option)) {
            usageError(QStringLiteral("--%1 only goes with --remote-file").arg(option));
            return;
        }
    }
    m_fetcher = new LiveConfigFetcher(m_profile, this);
    connect(m_fetcher, &LiveConfigFetcher::loaded, this, [this] { planLive(); });
    connect(m_fetcher, &LiveConfigFetcher::failed, this, [this](const NetError &e) {
        finish(LiveConfigFetcher::report(e, m_fetcher->profile(), err()));
    });
    m_fetcher->start();
}

ConnectionProfile ConfigApplyCommand::profileFor(const QString &address) const
{
    return LiveNodeProbe::lookupFor(m_profile)(address);
}

void ConfigApplyCommand::planLive()
{
    // The real secrets are needed to see whether they differ; the plan masks them in print.
    m_planError.clear();
    if (!LiveConfigPlan::build(m_fetcher->document(LiveConfig::Secrets::Show), m_desired,
                               !m_parser.isSet(kNoRewrite), &m_livePlan, &m_planError)) {
        m_livePlan = LiveConfigPlan();
    }
    m_probe = new LiveNodeProbe(runner()->clients(), this);
    connect(m_probe, &LiveNodeProbe::finished, this, &ConfigApplyCommand::liveProbed);
    m_probe->start(m_profile.address(), m_livePlan.replicaOfTarget());
}

void ConfigApplyCommand::liveProbed(const LiveNodeFacts &facts)
{
    const Plan plan = LiveConfigPlanner::build(m_profile.address(), m_file, m_livePlan, m_planError, facts);
    m_extraJson.insert(QStringLiteral("node"), m_profile.address());
    m_extraJson.insert(QStringLiteral("file"), m_file);
    if (plan.steps.isEmpty() && plan.refusal() == QLatin1String("nothing to do")) {
        // Nothing runs: not a refusal, but what only a restart would change still counts.
        const QJsonArray restart = plan.facts.value(QStringLiteral("needs_restart")).toArray();
        if (json()) {
            printJson(QJsonObject{{QStringLiteral("plan"), plan.toJson()}});
        } else {
            out() << plan.render();
            if (restart.isEmpty())
                out() << "Nothing to change: the node already runs these settings.\n";
        }
        if (!restart.isEmpty()) {
            QStringList names;
            for (const QJsonValue &v : restart)
                names << v.toString();
            err() << "tandemctl: needs a restart: " << names.join(QStringLiteral(", ")) << "\n";
        }
        finish(restart.isEmpty() ? ExitOk : ExitProblem);
        return;
    }
    proceed(plan);
}

void ConfigApplyCommand::startRemote()
{
    if (!m_profile.ssh.enabled) {
        usageError(QStringLiteral("--remote-file needs --ssh [user@]host[:port]: the file is read and written "
                                  "over SSH"));
        return;
    }
    if (m_parser.isSet(kRestart) && m_parser.isSet(kRestartCommand)) {
        usageError(QStringLiteral("give either --restart or --restart-command, not both"));
        return;
    }
    if (m_parser.isSet(kNoRewrite)) {
        usageError(QStringLiteral("--no-rewrite does not apply to --remote-file (nothing is CONFIG SET)"));
        return;
    }
    if (m_parser.value(kRemoteFile).isEmpty()
        || (m_parser.isSet(kRestartCommand) && m_parser.value(kRestartCommand).trimmed().isEmpty())) {
        usageError(QStringLiteral("--remote-file and --restart-command need a value"));
        return;
    }
    m_ssh->readFile(m_profile.ssh, m_parser.value(kRemoteFile), this,
                    [this](const QByteArray &content, const RemoteFileInfo &info, const NetError &error) {
                        remoteRead(content, info, error);
                    });
}

void ConfigApplyCommand::remoteRead(const QByteArray &content, const RemoteFileInfo &info, const NetError &error)
{
    const QString path = m_parser.value(kRemoteFile);
    if (error.isError()) {
        if (error.isConnectFailure()) {
            finish(LiveConfigFetcher::report(error, m_profile, err()));
            return;
        }
        err() << "tandemctl: cannot read " << path << " on " << RemoteConfigPlanner::sshTarget(m_profile.ssh) << ": "
              << error.message << "\n";
        finish(ExitProblem);
        return;
    }
    RemoteConfigTarget target;
    target.ssh = m_profile.ssh;
    target.path = path;
    target.readInfo = info;
    target.checkUnchanged = true;  // someone else's edit since we read it is not overwritten
    target.node = m_profile;
    RemoteConfigOptions options;
    if (m_parser.isSet(kRestart))
        options.restartCommand = RemoteConfigOptions::defaultRestartCommand();
    else if (m_parser.isSet(kRestartCommand))
        options.restartCommand = m_parser.value(kRestartCommand);
    options.overrideErrors = m_parser.isSet(kForce);
    const Plan plan = RemoteConfigPlanner::build(target, ConfigDocument::parse(content, path), m_desired, options, m_file);
    m_extraJson.insert(QStringLiteral("node"), m_profile.address());
    m_extraJson.insert(QStringLiteral("file"), m_file);
    m_extraJson.insert(QStringLiteral("remote_file"), path);
    m_extraJson.insert(QStringLiteral("ssh"), RemoteConfigPlanner::sshTarget(m_profile.ssh));
    const QStringList errors = RemoteConfigPlanner::errors(m_desired);
    if (!errors.isEmpty() && !options.overrideErrors) {
        err() << "tandemctl: " << m_file << " has " << errors.size()
              << " error(s) redis-server would refuse to start with; nothing was written"
              << " (--force writes it anyway)\n";
        for (const QString &e : errors)
            err() << "  " << m_file << ": " << e << "\n";
    }
    proceed(plan);
}

void ConfigApplyCommand::proceed(const Plan &plan)
{
    m_plan = plan;
    if (review(plan))
        runPlan(plan);
}

void ConfigApplyCommand::afterRun(const ExecutionReport &report)
{
    const ConfigApplySummary summary = ConfigApplySummary::from(m_plan, report);
    m_summaryOk = summary.ok;
    const QJsonObject fields = summary.toJson();
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
        m_extraJson.insert(it.key(), it.value());
    m_notes = summary.lines();
}

int ConfigApplyCommand::exitCodeFor(const ExecutionReport &report) const
{
    return report.ok() && m_summaryOk ? ExitOk : ExitProblem;
}
