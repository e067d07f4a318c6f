#include "RemoteConfigDeployer.h"

#include "ConfigDiff.h"
#include "ConfigSchema.h"
#include "ConfigValidator.h"
#include "LiveConfig.h"
#include "net/RespClient.h"
#include "ssh/SshSessionPool.h"

#include <QDir>
#include <QMetaObject>
#include <QTimer>

#include <algorithm>

namespace {

constexpr qsizetype kMaxRestartOutput = 4096;
constexpr int kRetryDelayMs = 300;
constexpr int kMaxHealthCommandMs = 5000;

// The tail of the restart command's output: the last lines say why it failed.
QByteArray trimmedOutput(const QByteArray &out, const QByteArray &err)
{
    QByteArray all = out.trimmed();
    const QByteArray e = err.trimmed();
    if (!e.isEmpty())
        all += (all.isEmpty() ? QByteArray() : QByteArrayLiteral("\n")) + e;
    if (all.size() > kMaxRestartOutput)
        all = all.right(kMaxRestartOutput);
    return all;
}

QByteArray lastLine(const QByteArray &text)
{
    const QList<QByteArray> lines = text.trimmed().split('\n');
    return lines.isEmpty() ? QByteArray() : lines.last().trimmed();
}

// Names whose CONFIG GET answer says nothing about the file line (or does not exist).
bool checkable(const QByteArray &canonical)
{
    return !ConfigSchema::handParsedNames().contains(canonical);
}

QByteArray canonical(const QByteArray &name)
{
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(name.toLower());
    return d ? QByteArray(d->name) : QByteArray();
}

// Only the lines of `name` from `doc`, under the canonical name, as ConfigDiff reads them.
ConfigDocument linesOf(const ConfigDocument &doc, const QByteArray &name)
{
    QByteArray text;
    for (const ConfigLine &line : doc.lines()) {
        if (line.kind != ConfigLine::Kind::Directive || canonical(line.name) != name)
            continue;
        text += name;
        for (const QByteArray &a : line.args)
            text += ' ' + ConfigDocument::quoteArg(a);
        text += '\n';
    }
    return ConfigDocument::parse(text);
}

QByteArray shown(const ConfigDifference::Side &side)
{
    if (!side.present)
        return QByteArrayLiteral("(nothing)");
    return QByteArrayList(side.values.cbegin(), side.values.cend()).join(" / ");
}

} // namespace

RemoteConfigDeployer::RemoteConfigDeployer(SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_ssh(ssh)
{
}

void RemoteConfigDeployer::start(const RemoteConfigTarget &target, const ConfigDocument &document,
                                 const RemoteConfigDeployOptions &options)
{
    if (m_running)
        return;  // one deployment at a time: a second one would race the first on the file
    delete m_run;
    m_run = new QObject(this);
    m_client = nullptr;
    m_result = Result();
    m_target = target;
    m_document = document;
    m_options = options;
    m_checkNames.clear();
    m_mismatches.clear();
    m_pendingGets = 0;
    m_running = true;
    // Results always come from the event loop, never from inside start().
    QMetaObject::invokeMethod(m_run, [this] { validate(); }, Qt::QueuedConnection);
}

void RemoteConfigDeployer::enter(Stage stage, const QString &description)
{
    Q_EMIT stageChanged(stage, description);
}

namespace {

// Included files live on the server, not here: checking them against local paths would
// report files that exist there as missing (or check unrelated local ones).
ConfigValidator::Options remoteOptions()
{
    ConfigValidator::Options options;
    options.followIncludes = false;
    return options;
}

} // namespace

void RemoteConfigDeployer::validate()
{
    enter(Stage::Validate, QStringLiteral("Checking the file like redis-server would load it"));
    QStringList errors;
    for (const ConfigDiagnostic &d : ConfigValidator::validate(m_document, remoteOptions())) {
        if (d.severity == ConfigDiagnostic::Severity::Error)
            errors << QStringLiteral("line %1: %2").arg(d.line).arg(d.message);
    }
    if (!errors.isEmpty() && !m_options.overrideErrors) {
        fail(Stage::Validate,
             QStringLiteral("The file has %1 error(s) redis-server would refuse to start with; nothing was "
                            "written (%2).")
                 .arg(errors.size())
                 .arg(errors.mid(0, 3).join(QStringLiteral("; "))));
        return;
    }
    write();
}

void RemoteConfigDeployer::write()
{
    if (!m_ssh) {
        fail(Stage::Write, QStringLiteral("No SSH connection pool to write the file with."));
        return;
    }
    enter(Stage::Write, QStringLiteral("Writing %1 on %2 (the old file is kept as a backup next to it)")
                            .arg(m_target.path, m_target.ssh.host));
    RemoteWriteOptions options;
    options.backup = true;
    if (m_target.checkUnchanged) {
        options.expectedMtime = m_target.readInfo.mtime;
        options.expectedSize = m_target.readInfo.size;
    }
    m_ssh->writeFile(m_target.ssh, m_target.path, m_document.toBytes(), options, m_run,
                     [this](const RemoteWriteResult &r, const NetError &error) {
                         m_result.backupPath = r.backupPath;
                         m_result.writeWarnings = r.warnings;
                         if (error.isError()) {
                             if (error.detail == QLatin1String("remote_changed")) {
                                 fail(Stage::Write, error.message);
                             } else {
                                 // writeFile uploads to a temp file and renames it: the
                                 // original is never left half-written.
                                 fail(Stage::Write,
                                      QStringLiteral("Writing %1 failed: %2 The original file was not "
                                                     "replaced by a partial copy.")
                                          .arg(m_target.path, error.message));
                             }
                             return;
                         }
                         m_result.bytesWritten = r.bytesWritten;
                         restart();
                     },
                     m_options.commandTimeoutMs);
}

void RemoteConfigDeployer::restart()
{
    if (m_options.restartCommand.trimmed().isEmpty()) {
        healthCheck();
        return;
    }
    enter(Stage::Restart, QStringLiteral("Restarting the server so it reads the new file"));
    m_ssh->runCommand(m_target.ssh, m_options.restartCommand, m_run,
                      [this](int exitCode, const QByteArray &out, const QByteArray &err, const NetError &error) {
                          m_result.restartOutput = trimmedOutput(out, err);
                          if (error.isError()) {
                              fail(Stage::Restart,
                                   QStringLiteral("The restart command could not be run to its end: %1")
                                       .arg(error.message));
                              return;
                          }
                          m_result.restarted = true;
                          m_result.restartExitCode = exitCode;
                          if (exitCode != 0) {
                              const QByteArray why = lastLine(m_result.restartOutput);
                              fail(Stage::Restart,
                                   QStringLiteral("The restart command exited with code %1%2. The new file is "
                                                  "in place; the old one is in the backup.")
                                       .arg(exitCode)
                                       .arg(why.isEmpty() ? QString()
                                                          : QString(QStringLiteral(": ") + QString::fromUtf8(why))));
                              return;
                          }
                          healthCheck();
                      },
                      m_options.commandTimeoutMs);
}

void RemoteConfigDeployer::healthCheck()
{
    if (m_target.node.host.isEmpty()) {
        done();
        return;
    }
    enter(Stage::HealthCheck, QStringLiteral("Checking that %1 answers and runs the new settings")
                                  .arg(m_target.node.displayName()));
    m_result.healthChecked = true;
    for (const ConfigLine &line : m_document.lines()) {
        if (line.kind != ConfigLine::Kind::Directive)
            continue;
        const QByteArray name = canonical(line.name);
        if (!name.isEmpty() && checkable(name) && !m_checkNames.contains(name))
            m_checkNames.append(name);
    }
    m_healthClock.start();
    connectNode();
}

void RemoteConfigDeployer::connectNode()
{
    ++m_round;  // replies of an earlier connection no longer count
    if (m_client) {
        m_client->disconnectFromServer();
        m_client->deleteLater();
        m_client = nullptr;
    }
    const qint64 left = m_options.healthTimeoutMs - m_healthClock.elapsed();
    ConnectionProfile profile = m_target.node;
    profile.connectTimeoutMs = int(std::clamp<qint64>(std::min<qint64>(profile.connectTimeoutMs, left), 200, 60000));
    profile.commandTimeoutMs = std::min(profile.commandTimeoutMs, kMaxHealthCommandMs);
    m_client = new RespClient(profile, m_ssh, m_run);
    connect(m_client, &RespClient::connectFailed, m_run, [this](const NetError &e) { connectFailed(e); });
    connect(m_client, &RespClient::ready, m_run, [this] {
        m_client->send({QByteArrayLiteral("PING")}, m_run, [this](const RespResult &r) {
            if (!r.ok()) {
                connectFailed(r.error);  // e.g. -LOADING while the dataset comes back
                return;
            }
            m_result.healthy = true;
            verifyDirectives();
        });
    });
    m_client->connectToServer();
}

void RemoteConfigDeployer::connectFailed(const NetError &error)
{
    m_result.healthy = false;
    switch (error.kind) {
    case NetError::Kind::AuthFailed:
    case NetError::Kind::SshAuthFailed:
    case NetError::Kind::SshHostKeyUnknown:
    case NetError::Kind::SshHostKeyChanged:
        // Waiting does not fix a login (the file may have changed requirepass).
        fail(Stage::HealthCheck, QStringLiteral("%1 refused the login: %2")
                                     .arg(m_target.node.displayName(), error.message));
        return;
    default:
        break;
    }
    if (m_healthClock.elapsed() + kRetryDelayMs >= m_options.healthTimeoutMs) {
        fail(Stage::HealthCheck, QStringLiteral("%1 did not answer within %2 s after the %3: %4")
                                     .arg(m_target.node.displayName())
                                     .arg(m_options.healthTimeoutMs / 1000.0, 0, 'g', 3)
                                     .arg(m_result.restarted ? QStringLiteral("restart") : QStringLiteral("write"),
                                          error.message));
        return;
    }
    // The server may be restarting: try again shortly.
    QTimer::singleShot(kRetryDelayMs, m_run, [this] { connectNode(); });
}

void RemoteConfigDeployer::verifyDirectives()
{
    m_result.verified.clear();
    m_result.pending.clear();
    m_mismatches.clear();
    if (m_checkNames.isEmpty()) {
        done();
        return;
    }
    m_pendingGets = int(m_checkNames.size());
    const int round = ++m_round;
    for (const QByteArray &name : std::as_const(m_checkNames)) {
        m_client->send({QByteArrayLiteral("CONFIG"), QByteArrayLiteral("GET"), name}, m_run,
                       [this, name, round](const RespResult &r) {
                           if (round == m_round)
                               verified(name, r);
                       });
    }
}

void RemoteConfigDeployer::verified(const QByteArray &name, const RespResult &r)
{
    if (!m_running || m_pendingGets <= 0)
        return;
    if (!r.ok() && !r.value.isError()) {
        // The connection dropped (a restart still going on?): start the check over.
        m_pendingGets = 0;
        ++m_round;
        connectFailed(r.error);
        return;
    }
    // A server error (ACL) or an empty answer (a name this build does not know, e.g. TLS
    // settings without TLS): nothing to compare, so neither verified nor pending.
    if (r.ok() && r.value.isArray() && r.value.elements().size() >= 2) {
        const QByteArray value = r.value.elements().at(1).bytes();
        const ConfigDocument live = LiveConfig::fromPairs({{name, value}}, LiveConfig::Secrets::Show);
        const ConfigDocument desired = linesOf(m_document, name);
        ConfigDiff::Options options;
        options.showDefaults = true;
        options.maskSecrets = true;
        const QList<ConfigDifference> diff = ConfigDiff::compare(live, desired, options);
        bool same = diff.isEmpty();
        if (!same && name == "dir") {
            // The node reports an absolute path; a relative one in the file cannot be judged.
            const QString want = QString::fromUtf8(desired.effective(name).value(0));
            if (QDir::isRelativePath(want)) {
                if (--m_pendingGets == 0)
                    done();
                return;
            }
            same = QDir::cleanPath(want) == QDir::cleanPath(QString::fromUtf8(value));
        }
        if (same) {
            m_result.verified.append(name);
        } else {
            m_result.pending.append(name);
            const ConfigDifference &d = diff.first();
            m_mismatches << QStringLiteral("%1: the node runs %2, the file says %3")
                                .arg(QString::fromUtf8(name), QString::fromUtf8(shown(d.left)),
                                     QString::fromUtf8(shown(d.right)));
        }
    }
    if (--m_pendingGets == 0) {
        if (m_result.restarted && !m_result.pending.isEmpty()) {
            fail(Stage::HealthCheck,
                 QStringLiteral("After the restart the node does not run what the file says: %1")
                     .arg(m_mismatches.join(QStringLiteral("; "))));
            return;
        }
        done();
    }
}

void RemoteConfigDeployer::fail(Stage stage, const QString &error)
{
    if (!m_running)
        return;
    m_result.failedAt = stage;
    m_result.error = error;
    done();
}

void RemoteConfigDeployer::done()
{
    if (!m_running)
        return;
    m_running = false;
    if (m_result.failedAt == Stage::Done)
        enter(Stage::Done, m_result.pending.isEmpty()
                               ? QStringLiteral("Done")
                               : QStringLiteral("Done; the node runs the new settings after a restart"));
    if (m_client)
        m_client->disconnectFromServer();
    // Late callbacks of this run (a reconnect timer, a slow reply) are dropped with it.
    if (m_run) {
        m_run->deleteLater();
        m_run = nullptr;
        m_client = nullptr;
    }
    Q_EMIT finished(m_result);
}
