#include "RemoteConfigApply.h"

#include "ConfigNameList.h"
#include "LiveConfigFetcher.h"

#include "config/ConfigDiff.h"
#include "config/ConfigValidator.h"
#include "ssh/SftpFileWriter.h"
#include "ssh/SshSessionPool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace {

using ConfigNameList::toJson;
using ConfigNameList::toText;

QString side(const ConfigDifference::Side &s)
{
    if (!s.present)
        return QStringLiteral("(not set)");
    return QString::fromUtf8(QByteArrayList(s.values.cbegin(), s.values.cend()).join(" / "));
}

QString stageName(RemoteConfigDeployer::Stage stage)
{
    switch (stage) {
    case RemoteConfigDeployer::Stage::Validate:
        return QStringLiteral("validate");
    case RemoteConfigDeployer::Stage::Write:
        return QStringLiteral("write");
    case RemoteConfigDeployer::Stage::Restart:
        return QStringLiteral("restart");
    case RemoteConfigDeployer::Stage::HealthCheck:
        return QStringLiteral("health_check");
    case RemoteConfigDeployer::Stage::Done:
        break;
    }
    return QString();
}

QString sshTarget(const SshOptions &ssh)
{
    return QStringLiteral("%1%2:%3").arg(ssh.user.isEmpty() ? QString() : QString(ssh.user + QLatin1Char('@')),
                                         ssh.host)
        .arg(ssh.port);
}

} // namespace

RemoteConfigApply::RemoteConfigApply(const ConnectionProfile &profile, const Settings &settings, QTextStream &out,
                                     QTextStream &err, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_settings(settings)
    , m_out(out)
    , m_err(err)
{
}

void RemoteConfigApply::start()
{
    m_pool = new SshSessionPool(this);
    m_pool->readFile(m_profile.ssh, m_settings.remotePath, this,
                     [this](const QByteArray &content, const RemoteFileInfo &info, const NetError &error) {
                         read(content, info, error);
                     });
}

void RemoteConfigApply::read(const QByteArray &content, const RemoteFileInfo &info, const NetError &error)
{
    if (error.isError()) {
        if (error.isConnectFailure()) {
            done(LiveConfigFetcher::report(error, m_profile, m_err));
            return;
        }
        m_err << "tandemctl: cannot read " << m_settings.remotePath << " on " << sshTarget(m_profile.ssh) << ": "
              << error.message << "\n";
        done(1);
        return;
    }
    m_remote = ConfigDocument::parse(content, m_settings.remotePath);
    m_info = info;
    for (const ConfigDiagnostic &d : ConfigValidator::validate(m_settings.desired)) {
        if (d.severity == ConfigDiagnostic::Severity::Error)
            m_errors << QStringLiteral("line %1: %2").arg(d.line).arg(d.message);
    }
    m_backupPreview = SftpFileWriter::backupPathFor(m_settings.remotePath);
    printPlan();

    const bool blocked = !m_errors.isEmpty() && !m_settings.force;
    if (blocked) {
        m_err << "tandemctl: " << m_settings.file << " has " << m_errors.size()
              << " error(s) redis-server would refuse to start with; nothing was written"
              << " (--force writes it anyway)\n";
        for (const QString &e : std::as_const(m_errors))
            m_err << "  " << m_settings.file << ": " << e << "\n";
    }
    if (m_settings.dryRun || blocked) {
        if (m_settings.json)
            m_out << QJsonDocument(planJson()).toJson(QJsonDocument::Indented);
        else if (m_settings.dryRun)
            m_out << "dry run: nothing was changed\n";
        done(blocked ? 1 : 0);
        return;
    }

    RemoteConfigTarget target;
    target.ssh = m_profile.ssh;
    target.path = m_settings.remotePath;
    target.readInfo = info;
    target.checkUnchanged = true;  // someone else's edit since we read it is not overwritten
    target.node = m_profile;
    RemoteConfigDeployOptions options;
    options.restartCommand = m_settings.restartCommand;
    options.overrideErrors = m_settings.force;
    m_deployer = new RemoteConfigDeployer(m_pool, this);
    if (!m_settings.json) {
        connect(m_deployer, &RemoteConfigDeployer::stageChanged, this,
                [this](RemoteConfigDeployer::Stage, const QString &description) {
                    m_err << "... " << description << "\n";
                    m_err.flush();
                });
    }
    connect(m_deployer, &RemoteConfigDeployer::finished, this,
            [this](const RemoteConfigDeployer::Result &r) { deployed(r); });
    m_deployer->start(target, m_settings.desired, options);
}

void RemoteConfigApply::printPlan()
{
    if (m_settings.json)
        return;
    const QList<ConfigDifference> diff = ConfigDiff::compare(m_remote, m_settings.desired);
    m_out << "# Plan: replace " << m_settings.remotePath << " on " << sshTarget(m_profile.ssh) << " with "
          << m_settings.file << "\n";
    if (diff.isEmpty())
        m_out << "  (no setting changes";
    else
        m_out << "  " << diff.size() << " setting(s) change:\n";
    for (const ConfigDifference &d : diff)
        m_out << "  " << QString::fromUtf8(d.directive) << ": " << side(d.left) << " -> " << side(d.right) << "\n";
    if (diff.isEmpty())
        m_out << (m_remote.toBytes() == m_settings.desired.toBytes() ? QStringLiteral("; the files are identical)\n")
                                                                      : QStringLiteral("; only comments or layout differ)\n"));
    m_out << "  backup: " << m_backupPreview << "\n";
    m_out << "  restart: "
          << (m_settings.restartCommand.isEmpty()
                  ? QStringLiteral("none (the node runs the new settings after its next restart)")
                  : m_settings.restartCommand)
          << "\n";
    m_out.flush();
}

QJsonObject RemoteConfigApply::planJson() const
{
    QJsonArray plan;
    for (const ConfigDifference &d : ConfigDiff::compare(m_remote, m_settings.desired)) {
        QJsonObject o;
        o.insert(QStringLiteral("directive"), QString::fromUtf8(d.directive));
        o.insert(QStringLiteral("remote"), d.left.present ? QJsonValue(toJson(d.left.values)) : QJsonValue());
        o.insert(QStringLiteral("file"), d.right.present ? QJsonValue(toJson(d.right.values)) : QJsonValue());
        plan.append(o);
    }
    QJsonObject top;
    top.insert(QStringLiteral("node"), m_profile.address());
    top.insert(QStringLiteral("file"), m_settings.file);
    top.insert(QStringLiteral("remote_file"), m_settings.remotePath);
    top.insert(QStringLiteral("ssh"), sshTarget(m_profile.ssh));
    top.insert(QStringLiteral("dry_run"), m_settings.dryRun);
    top.insert(QStringLiteral("plan"), plan);
    top.insert(QStringLiteral("errors"), QJsonArray::fromStringList(m_errors));
    top.insert(QStringLiteral("restart_command"),
               m_settings.restartCommand.isEmpty() ? QJsonValue() : QJsonValue(m_settings.restartCommand));
    top.insert(QStringLiteral("backup_path"), m_settings.dryRun ? QJsonValue(m_backupPreview) : QJsonValue());
    top.insert(QStringLiteral("written"), false);
    return top;
}

void RemoteConfigApply::deployed(const RemoteConfigDeployer::Result &r)
{
    const bool wrote = r.failedAt != RemoteConfigDeployer::Stage::Validate
        && r.failedAt != RemoteConfigDeployer::Stage::Write;
    if (m_settings.json) {
        QJsonObject top = planJson();
        top.insert(QStringLiteral("written"), wrote);
        top.insert(QStringLiteral("bytes_written"), r.bytesWritten);
        top.insert(QStringLiteral("backup_path"), r.backupPath.isEmpty() ? QJsonValue() : QJsonValue(r.backupPath));
        top.insert(QStringLiteral("write_warnings"), QJsonArray::fromStringList(r.writeWarnings));
        top.insert(QStringLiteral("restarted"), r.restarted);
        top.insert(QStringLiteral("restart_exit_code"), r.restarted ? QJsonValue(r.restartExitCode) : QJsonValue());
        top.insert(QStringLiteral("restart_output"), QString::fromUtf8(r.restartOutput));
        top.insert(QStringLiteral("health_checked"), r.healthChecked);
        top.insert(QStringLiteral("healthy"), r.healthy);
        top.insert(QStringLiteral("verified"), toJson(r.verified));
        top.insert(QStringLiteral("pending"), toJson(r.pending));
        top.insert(QStringLiteral("ok"), r.ok());
        top.insert(QStringLiteral("failed_at"), r.ok() ? QJsonValue() : QJsonValue(stageName(r.failedAt)));
        top.insert(QStringLiteral("error"), r.error);
        m_out << QJsonDocument(top).toJson(QJsonDocument::Indented);
    } else {
        if (wrote)
            m_out << "written: " << m_settings.remotePath << " (" << r.bytesWritten << " bytes)\n";
        if (!r.backupPath.isEmpty())
            m_out << "backup: " << r.backupPath << "\n";
        for (const QString &w : r.writeWarnings)
            m_out << "warning: " << w << "\n";
        if (r.restarted)
            m_out << "restart: exit code " << r.restartExitCode << "\n";
        if (!r.restartOutput.isEmpty() && (!r.ok() || r.restartExitCode != 0))
            m_out << "restart output:\n" << QString::fromUtf8(r.restartOutput) << "\n";
        if (!r.verified.isEmpty())
            m_out << "verified: " << toText(r.verified) << "\n";
        if (!r.pending.isEmpty())
            m_out << (r.restarted ? "NOT RUNNING the file's value: " : "pending until the node restarts: ")
                  << toText(r.pending) << "\n";
        if (!r.ok())
            m_out << "FAILED (" << stageName(r.failedAt) << "): " << r.error << "\n";
    }
    m_out.flush();
    done(r.ok() ? 0 : 1);
}

void RemoteConfigApply::done(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    m_out.flush();
    m_err.flush();
    Q_EMIT finished(exitCode);
}
