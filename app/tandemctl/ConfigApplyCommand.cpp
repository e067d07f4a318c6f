#include "ConfigApplyCommand.h"

#include "ConfigNameList.h"
#include "LiveConfigFetcher.h"
#include "RemoteConfigApply.h"

#include "config/LiveConfig.h"
#include "net/ConnectionOptions.h"
#include "ssh/SshSessionPool.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

using ConfigNameList::toJson;
using ConfigNameList::toText;

const QString kDryRun = QStringLiteral("dry-run");
const QString kNoRewrite = QStringLiteral("no-rewrite");
const QString kRemoteFile = QStringLiteral("remote-file");
const QString kRestartCommand = QStringLiteral("restart-command");
const QString kRestart = QStringLiteral("restart");
const QString kForce = QStringLiteral("force");

} // namespace

void ConfigApplyCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(
        QStringLiteral("Applies the settings of FILE to the running NODE with CONFIG SET, then CONFIG REWRITE.\n"
                       "Settings that cannot change at runtime are listed as needing a restart.\n"
                       "Secrets are sent but never printed."));
    ConnectionOptions::addTo(&m_parser);
    m_parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    m_parser.addOption({kDryRun, QStringLiteral("Print the plan and change nothing.")});
    m_parser.addOption({kNoRewrite, QStringLiteral("Do not persist with CONFIG REWRITE.")});
    m_parser.addOption({kRemoteFile,
                        QStringLiteral("Instead of CONFIG SET, replace the redis.conf at PATH on the --ssh host "
                                       "(backup kept next to it), then check the node."),
                        QStringLiteral("PATH")});
    m_parser.addOption({kRestartCommand,
                        QStringLiteral("With --remote-file: run CMD on the --ssh host after writing."),
                        QStringLiteral("CMD")});
    m_parser.addOption({kRestart, QStringLiteral("With --remote-file: restart with \"%1\" after writing.")
                                      .arg(RemoteConfigDeployOptions::defaultRestartCommand())});
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

    ConnectionProfile profile;
    QString error;
    if (!LiveConfigFetcher::profileFor(positional.at(0), m_parser, &profile, &error)) {
        usageError(QStringLiteral("bad node '%1': %2").arg(positional.at(0), error));
        return;
    }
    if (m_parser.isSet(kRemoteFile)) {
        startRemote(profile);
        return;
    }
    for (const QString &option : {kRestartCommand, kRestart, kForce}) {
        if (m_parser.isSet(option)) {
            usageError(QStringLiteral("--%1 only goes with --remote-file").arg(option));
            return;
        }
    }
    m_fetcher = new LiveConfigFetcher(profile, this);
    connect(m_fetcher, &LiveConfigFetcher::loaded, this, [this] { planAndApply(); });
    connect(m_fetcher, &LiveConfigFetcher::failed, this, [this](const NetError &e) {
        finish(LiveConfigFetcher::report(e, m_fetcher->profile(), err()));
    });
    m_fetcher->start();
}

void ConfigApplyCommand::startRemote(const ConnectionProfile &profile)
{
    if (!profile.ssh.enabled) {
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
    RemoteConfigApply::Settings settings;
    settings.file = m_file;
    settings.desired = m_desired;
    settings.remotePath = m_parser.value(kRemoteFile);
    if (m_parser.isSet(kRestart))
        settings.restartCommand = RemoteConfigDeployOptions::defaultRestartCommand();
    else if (m_parser.isSet(kRestartCommand))
        settings.restartCommand = m_parser.value(kRestartCommand);
    if (settings.remotePath.isEmpty()
        || (m_parser.isSet(kRestartCommand) && settings.restartCommand.trimmed().isEmpty())) {
        usageError(QStringLiteral("--remote-file and --restart-command need a value"));
        return;
    }
    settings.dryRun = m_parser.isSet(kDryRun);
    settings.force = m_parser.isSet(kForce);
    settings.json = m_parser.isSet(QStringLiteral("json"));
    auto *remote = new RemoteConfigApply(profile, settings, out(), err(), this);
    connect(remote, &RemoteConfigApply::finished, this, [this](int code) { finish(code); });
    remote->start();
}

void ConfigApplyCommand::planAndApply()
{
    QString error;
    // The real secrets are needed to see whether they differ; the plan masks them in print.
    if (!LiveConfigPlan::build(m_fetcher->document(LiveConfig::Secrets::Show), m_desired,
                               !m_parser.isSet(kNoRewrite), &m_plan, &error)) {
        err() << "tandemctl: " << m_file << ": " << error << "\n";
        finish(ExitProblem);
        return;
    }
    const bool json = m_parser.isSet(QStringLiteral("json"));
    if (!json) {
        out() << "# Plan for " << m_fetcher->profile().displayName() << " from " << m_file << "\n"
              << m_plan.render();
        out().flush();
    }
    if (m_parser.isSet(kDryRun) || m_plan.sets().isEmpty()) {
        if (json)
            printPlanJson(nullptr);
        else if (!m_plan.restarts().isEmpty())
            err() << "tandemctl: needs a restart: " << toText([this] {
                QList<QByteArray> n;
                for (const LiveConfigPlan::Step &s : m_plan.restarts())
                    n.append(s.directive);
                return n;
            }()) << "\n";
        finish(m_plan.restarts().isEmpty() ? ExitOk : ExitProblem);
        return;
    }

    const ConnectionProfile &profile = m_fetcher->profile();
    if (profile.ssh.enabled)
        m_ssh = new SshSessionPool(this);
    m_applier = new LiveConfigApplier(profile, m_ssh, m_plan, this);
    if (!m_parser.isSet(QStringLiteral("json"))) {
        connect(m_applier, &LiveConfigApplier::progress, this, [](const QString &step) {
            err() << "... " << step << "\n";
            err().flush();
        });
    }
    connect(m_applier, &LiveConfigApplier::finished, this, [this, profile](const LiveConfigApplier::Result &r) {
        if (r.connectError.isError()) {
            finish(LiveConfigFetcher::report(r.connectError, profile, err()));
            return;
        }
        applied(r);
    });
    m_applier->start();
}

void ConfigApplyCommand::applied(const LiveConfigApplier::Result &r)
{
    if (m_parser.isSet(QStringLiteral("json"))) {
        printPlanJson(&r);
    } else {
        if (!r.applied.isEmpty())
            out() << "applied: " << toText(r.applied) << "\n";
        if (!r.failedDirective.isEmpty())
            out() << "FAILED: CONFIG SET " << QString::fromUtf8(r.failedDirective) << ": " << r.error << "\n"
                  << "  (the directives applied before it stay in force)\n";
        else if (!r.error.isEmpty())
            out() << "FAILED: " << r.error << "\n";
        if (r.rewriteAttempted)
            out() << (r.rewriteOk ? QStringLiteral("CONFIG REWRITE: ok\n")
                                  : QString(QStringLiteral("CONFIG REWRITE FAILED: ") + r.rewriteError
                                            + QStringLiteral("\n  (the changes are live but will not survive a restart)\n")));
        if (!r.verified.isEmpty())
            out() << "verified: " << toText(r.verified) << "\n";
        if (!r.mismatched.isEmpty())
            out() << "NOT VERIFIED (CONFIG GET shows another value): " << toText(r.mismatched) << "\n";
        if (!r.needsRestart.isEmpty())
            out() << "needs a restart: " << toText(r.needsRestart) << "\n";
    }
    finish(r.ok() ? ExitOk : ExitProblem);
}

void ConfigApplyCommand::printPlanJson(const LiveConfigApplier::Result *r)
{
    QJsonArray steps;
    for (const LiveConfigPlan::Step &s : m_plan.steps()) {
        QJsonObject o;
        o.insert(QStringLiteral("directive"), QString::fromUtf8(s.directive));
        o.insert(QStringLiteral("action"), s.kind == LiveConfigPlan::Step::Kind::Set ? QStringLiteral("set")
                                                                                     : QStringLiteral("restart"));
        o.insert(QStringLiteral("live"), toJson(s.liveValues));
        o.insert(QStringLiteral("desired"), toJson(s.desiredValues));
        if (s.kind == LiveConfigPlan::Step::Kind::Set)
            o.insert(QStringLiteral("command"), QString::fromUtf8(LiveConfigPlan::renderCommand(s)));
        steps.append(o);
    }
    QJsonObject top;
    top.insert(QStringLiteral("node"), m_fetcher->profile().address());
    top.insert(QStringLiteral("file"), m_file);
    top.insert(QStringLiteral("steps"), steps);
    top.insert(QStringLiteral("rewrite"), m_plan.rewrite());
    top.insert(QStringLiteral("dryRun"), r == nullptr);
    if (r) {
        QJsonObject o;
        o.insert(QStringLiteral("ok"), r->ok());
        o.insert(QStringLiteral("applied"), toJson(r->applied));
        o.insert(QStringLiteral("failed"), r->failedDirective.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                         : QJsonValue(QString::fromUtf8(r->failedDirective)));
        o.insert(QStringLiteral("error"), r->error);
        o.insert(QStringLiteral("rewriteAttempted"), r->rewriteAttempted);
        o.insert(QStringLiteral("rewriteOk"), r->rewriteOk);
        o.insert(QStringLiteral("rewriteError"), r->rewriteError);
        o.insert(QStringLiteral("verified"), toJson(r->verified));
        o.insert(QStringLiteral("mismatched"), toJson(r->mismatched));
        o.insert(QStringLiteral("needsRestart"), toJson(r->needsRestart));
        top.insert(QStringLiteral("result"), o);
    }
    out() << QJsonDocument(top).toJson(QJsonDocument::Indented);
}
