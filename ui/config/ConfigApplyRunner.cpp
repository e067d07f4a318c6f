#include "ConfigApplyRunner.h"


namespace {

QString names(const QList<QByteArray> &list)
{
    return QString::fromUtf8(QByteArrayList(list.cbegin(), list.cend()).join(", "));
}

} // namespace

ConfigApplyRunner::ConfigApplyRunner(SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_ssh(ssh)
{
}

void ConfigApplyRunner::runRemote(const RemoteConfigTarget &target, const ConfigDocument &document,
                                  const RemoteConfigDeployOptions &options)
{
    m_running = true;
    m_deployer = new RemoteConfigDeployer(m_ssh, this);
    const bool restartAsked = !options.restartCommand.isEmpty();
    connect(m_deployer, &RemoteConfigDeployer::stageChanged, this,
            [this](RemoteConfigDeployer::Stage, const QString &description) { Q_EMIT progress(description); });
    connect(m_deployer, &RemoteConfigDeployer::finished, this,
            [this, restartAsked](const RemoteConfigDeployer::Result &result) {
                m_deployer->deleteLater();
                finish(describe(result, restartAsked));
            });
    Q_EMIT progress(tr("Writing %1 over SSH…").arg(target.path));
    m_deployer->start(target, document, options);
}

void ConfigApplyRunner::runLive(const ConnectionProfile &node, const LiveConfigPlan &plan)
{
    m_running = true;
    m_applier = new LiveConfigApplier(node, m_ssh, plan, this, m_factory);
    connect(m_applier, &LiveConfigApplier::progress, this, &ConfigApplyRunner::progress);
    connect(m_applier, &LiveConfigApplier::finished, this, [this](const LiveConfigApplier::Result &result) {
        m_applier->deleteLater();
        finish(describe(result));
    });
    m_applier->start();
}

void ConfigApplyRunner::finish(const Outcome &outcome)
{
    m_running = false;
    Q_EMIT finished(outcome);
}

ConfigApplyRunner::Outcome ConfigApplyRunner::describe(const RemoteConfigDeployer::Result &r, bool restartAsked)
{
    using Stage = RemoteConfigDeployer::Stage;
    Outcome o;
    o.ok = r.ok();
    o.changed = r.failedAt != Stage::Validate && r.failedAt != Stage::Write;
    if (!r.error.isEmpty())
        o.summary << tr("Failed: %1").arg(r.error);
    if (o.changed) {
        o.summary << tr("Written: %1 bytes").arg(r.bytesWritten);
        o.summary << (r.backupPath.isEmpty() ? tr("No backup (there was no previous file)")
                                             : tr("Backup of the previous file: %1").arg(r.backupPath));
    }
    for (const QString &w : r.writeWarnings)
        o.summary << tr("Warning: %1").arg(w);
    if (r.restarted)
        o.summary << tr("Restart command exit code: %1").arg(r.restartExitCode);
    else if (restartAsked && o.changed)
        o.summary << tr("Redis was not restarted");
    if (r.healthChecked)
        o.summary << (r.healthy ? tr("The node answers PING") : tr("The node does not answer"));
    if (!r.verified.isEmpty())
        o.summary << tr("Verified on the running node: %1").arg(names(r.verified));
    if (!r.pending.isEmpty())
        o.summary << (r.restarted ? tr("The running node still differs: %1").arg(names(r.pending))
                                  : tr("Waiting for a restart: %1").arg(names(r.pending)));
    return o;
}

ConfigApplyRunner::Outcome ConfigApplyRunner::describe(const LiveConfigApplier::Result &r)
{
    Outcome o;
    o.ok = r.ok();
    o.changed = r.failedDirective.isEmpty() && r.error.isEmpty();
    if (!r.applied.isEmpty())
        o.summary << tr("Applied: %1").arg(names(r.applied));
    if (r.connectError.isError())
        o.summary << tr("Could not connect: %1").arg(r.connectError.message);
    else if (!r.failedDirective.isEmpty())
        o.summary << tr("CONFIG SET %1 failed: %2 (the settings applied before it stay in force)")
                         .arg(QString::fromUtf8(r.failedDirective), r.error);
    else if (!r.error.isEmpty())
        o.summary << tr("Failed: %1").arg(r.error);
    if (r.rewriteAttempted)
        o.summary << (r.rewriteOk ? tr("CONFIG REWRITE: the node's config file now holds the changes")
                                  : tr("CONFIG REWRITE failed: %1 (the changes are live but will not "
                                       "survive a restart)").arg(r.rewriteError));
    if (!r.verified.isEmpty())
        o.summary << tr("Verified: %1").arg(names(r.verified));
    if (!r.mismatched.isEmpty())
        o.summary << tr("Not verified (CONFIG GET shows another value): %1").arg(names(r.mismatched));
    if (!r.needsRestart.isEmpty())
        o.summary << tr("Needs a restart: %1").arg(names(r.needsRestart));
    return o;
}
