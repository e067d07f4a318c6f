#include "RemoteConfigSteps.h"

#include "ConfigNameList.h"
#include "NodeClients.h"
#include "StepContext.h"

#include "config/ConfigDiff.h"
#include "config/ConfigDocument.h"
#include "config/ConfigSchema.h"
#include "config/LiveConfig.h"
#include "ssh/SshSessionPool.h"

#include <QDir>
#include <QJsonArray>
#include <QTimer>


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

QByteArray canonicalName(const QByteArray &name)
{
    const ConfigSchema::Directive *d = ConfigSchema::instance().find(name.toLower());
    return d ? QByteArray(d->name) : QByteArray();
}

// Only the lines of `name` from `doc`, under the canonical name, as ConfigDiff reads them.
ConfigDocument linesOf(const ConfigDocument &doc, const QByteArray &name)
{
    QByteArray text;
    for (const ConfigLine &line : doc.lines()) {
        if (line.kind != ConfigLine::Kind::Directive || canonicalName(line.name) != name)
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


// The health check's state across connection attempts and CONFIG GET rounds. A child of the
// step's guard: it goes when the step ends, and so do the callbacks that point at it.
struct Health : QObject
{
    using QObject::QObject;

    StepContext *ctx = nullptr;
    QString node;
    ConfigDocument document;
    QList<QByteArray> names;      // canonical names CONFIG GET is asked for
    bool restarted = false;
    int timeoutMs = 0;
    int round = 0;                // bumped per attempt: replies of an earlier one no longer count
    int pending = 0;
    QList<QByteArray> verified;
    QList<QByteArray> waiting;
    QStringList mismatches;

    void attempt();
    void retry(const NetError &error);
    void check();
    void compared(const QByteArray &name, const RespResult &r, int ofRound);
    void finish();
    QJsonObject details(bool healthy) const
    {
        return {{QStringLiteral("healthy"), healthy},
                {QStringLiteral("verified"), ConfigNameList::toJson(verified)},
                {QStringLiteral("pending"), ConfigNameList::toJson(waiting)},
                {QStringLiteral("mismatches"), QJsonArray::fromStringList(mismatches)}};
    }
};

void Health::attempt()
{
    const int thisRound = ++round;
    auto self = this;
    const int left = int(qMax<qint64>(200, timeoutMs - ctx->elapsedMs()));
    ctx->clients().send(node, {"PING"}, ctx->guard(), [self, thisRound](const RespResult &r) {
        if (thisRound != self->round)
            return;
        if (!r.ok()) {
            self->retry(r.error);  // also -LOADING while the dataset comes back
            return;
        }
        self->check();
    }, qMin(left, kMaxHealthCommandMs));
}

void Health::retry(const NetError &error)
{
    switch (error.kind) {
    case NetError::Kind::AuthFailed:
    case NetError::Kind::SshAuthFailed:
    case NetError::Kind::SshHostKeyUnknown:
    case NetError::Kind::SshHostKeyChanged:
        // Waiting does not fix a login (the file may have changed requirepass).
        ctx->fail(QStringLiteral("%1 refused the login: %2").arg(node, error.message), details(false));
        return;
    default:
        break;
    }
    if (ctx->elapsedMs() + kRetryDelayMs >= timeoutMs) {
        ctx->fail(QStringLiteral("%1 did not answer within %2 s after the %3: %4")
                      .arg(node)
                      .arg(timeoutMs / 1000.0, 0, 'g', 3)
                      .arg(restarted ? QStringLiteral("restart") : QStringLiteral("write"), error.message),
                  details(false));
        return;
    }
    ctx->progress(QStringLiteral("%1 does not answer yet (%2)").arg(node, error.message));
    // The server may be restarting: try again shortly.
    auto self = this;
    QTimer::singleShot(kRetryDelayMs, ctx->guard(), [self] { self->attempt(); });
}

void Health::check()
{
    verified.clear();
    waiting.clear();
    mismatches.clear();
    if (names.isEmpty()) {
        finish();
        return;
    }
    pending = int(names.size());
    const int thisRound = ++round;
    auto self = this;
    for (const QByteArray &name : std::as_const(names)) {
        ctx->clients().send(node, {"CONFIG", "GET", name}, ctx->guard(), [self, name, thisRound](const RespResult &r) {
            self->compared(name, r, thisRound);
        });
    }
}

void Health::compared(const QByteArray &name, const RespResult &r, int ofRound)
{
    if (ofRound != round || pending <= 0)
        return;
    if (!r.ok() && !r.value.isError()) {
        // The connection dropped (a restart still going on?): start the check over.
        pending = 0;
        retry(r.error);
        return;
    }
    // A server error (ACL) or an empty answer (a name this build does not know, e.g. TLS
    // settings without TLS): nothing to compare, so neither verified nor pending.
    if (r.ok() && r.value.isArray() && r.value.elements().size() >= 2) {
        const QByteArray value = r.value.elements().at(1).bytes();
        const ConfigDocument live = LiveConfig::fromPairs({{name, value}}, LiveConfig::Secrets::Show);
        const ConfigDocument desired = linesOf(document, name);
        ConfigDiff::Options options;
        options.showDefaults = true;
        options.maskSecrets = true;
        const QList<ConfigDifference> diff = ConfigDiff::compare(live, desired, options);
        bool same = diff.isEmpty();
        bool judged = true;
        if (!same && name == "dir") {
            // The node reports an absolute path; a relative one in the file cannot be judged.
            const QString want = QString::fromUtf8(desired.effective(name).value(0));
            judged = !QDir::isRelativePath(want);
            same = judged && QDir::cleanPath(want) == QDir::cleanPath(QString::fromUtf8(value));
        }
        if (judged && same) {
            verified.append(name);
        } else if (judged) {
            waiting.append(name);
            const ConfigDifference &d = diff.first();
            mismatches << QStringLiteral("%1: the node runs %2, the file says %3")
                              .arg(QString::fromUtf8(name), QString::fromUtf8(shown(d.left)), QString::fromUtf8(shown(d.right)));
        }
    }
    if (--pending == 0)
        finish();
}

void Health::finish()
{
    if (restarted && !waiting.isEmpty()) {
        ctx->fail(QStringLiteral("After the restart the node does not run what the file says: %1")
                      .arg(mismatches.join(QStringLiteral("; "))),
                  details(true));
        return;
    }
    QString message = QStringLiteral("%1 answers PING").arg(node);
    if (!verified.isEmpty())
        message += QStringLiteral("; runs the file's %1").arg(ConfigNameList::toText(verified));
    if (!waiting.isEmpty())
        message += QStringLiteral("; waiting for a restart: %1").arg(ConfigNameList::toText(waiting));
    ctx->succeed(message, details(true));
}

} // namespace

namespace RemoteConfigSteps {

PlanStep write(const SshOptions &ssh, const QString &path, const QByteArray &content,
               const RemoteFileInfo *expected, int timeoutMs)
{
    PlanStep s;
    s.id = QString::fromLatin1(kWriteId);
    s.title = QStringLiteral("Write %1 on %2 (the old file is kept as a backup next to it)").arg(path, ssh.host);
    s.node = ssh.host;
    s.commands = {QStringLiteral("sftp put %1 (%2 bytes), backup %1.tandem-backup-…, atomic rename").arg(path).arg(content.size())};
    RemoteWriteOptions options;
    options.backup = true;
    if (expected) {
        options.expectedMtime = expected->mtime;
        options.expectedSize = expected->size;
    }
    s.run = [ssh, path, content, options, timeoutMs](StepContext &ctx) {
        if (!ctx.ssh()) {
            ctx.fail(QStringLiteral("No SSH connection pool to write the file with."));
            return;
        }
        StepContext *c = &ctx;
        ctx.ssh()->writeFile(ssh, path, content, options, ctx.guard(),
                             [c, path](const RemoteWriteResult &r, const NetError &error) {
                                 QJsonObject details{{QStringLiteral("backup_path"), r.backupPath},
                                                     {QStringLiteral("bytes_written"), r.bytesWritten},
                                                     {QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings)}};
                                 if (error.isError()) {
                                     details.insert(QStringLiteral("bytes_written"), 0);
                                     if (error.detail == QLatin1String("remote_changed"))
                                         c->fail(error.message, details);
                                     else
                                         // Uploaded to a temp file and renamed: the original is
                                         // never left half-written.
                                         c->fail(QStringLiteral("Writing %1 failed: %2 The original file was not "
                                                                "replaced by a partial copy.").arg(path, error.message),
                                                 details);
                                     return;
                                 }
                                 c->succeed(r.backupPath.isEmpty()
                                                ? QStringLiteral("%1 bytes written (no previous file)").arg(r.bytesWritten)
                                                : QStringLiteral("%1 bytes written; backup: %2").arg(r.bytesWritten).arg(r.backupPath),
                                            details);
                             },
                             timeoutMs);
    };
    return s;
}

PlanStep restart(const SshOptions &ssh, const QString &command, int timeoutMs)
{
    PlanStep s;
    s.id = QString::fromLatin1(kRestartId);
    s.title = QStringLiteral("Restart Redis on %1 so it reads the new file").arg(ssh.host);
    s.node = ssh.host;
    s.commands = {command};
    s.run = [ssh, command, timeoutMs](StepContext &ctx) {
        if (!ctx.ssh()) {
            ctx.fail(QStringLiteral("No SSH connection pool to run the restart command with."));
            return;
        }
        StepContext *c = &ctx;
        ctx.ssh()->runCommand(ssh, command, ctx.guard(),
                              [c](int exitCode, const QByteArray &out, const QByteArray &err, const NetError &error) {
                                  const QByteArray output = trimmedOutput(out, err);
                                  QJsonObject details{{QStringLiteral("output"), QString::fromUtf8(output)}};
                                  if (error.isError()) {
                                      c->fail(QStringLiteral("The restart command could not be run to its end: %1")
                                                  .arg(error.message), details);
                                      return;
                                  }
                                  details.insert(QStringLiteral("exit_code"), exitCode);
                                  if (exitCode != 0) {
                                      const QByteArray why = lastLine(output);
                                      c->fail(QStringLiteral("The restart command exited with code %1%2. The new file "
                                                             "is in place; the old one is in the backup.")
                                                  .arg(exitCode)
                                                  .arg(why.isEmpty() ? QString()
                                                                     : QString(QStringLiteral(": ") + QString::fromUtf8(why))),
                                              details);
                                      return;
                                  }
                                  c->succeed(QStringLiteral("exit code 0"), details);
                              },
                              timeoutMs);
    };
    return s;
}

PlanStep healthCheck(const QString &node, const ConfigDocument &document, bool restarted, int healthTimeoutMs)
{
    PlanStep s;
    s.id = QString::fromLatin1(kHealthId);
    s.title = QStringLiteral("Check that %1 answers and runs the file's settings").arg(node);
    s.node = node;
    s.commands = {QStringLiteral("PING")};
    QList<QByteArray> names;
    for (const ConfigLine &line : document.lines()) {
        if (line.kind != ConfigLine::Kind::Directive)
            continue;
        const QByteArray name = canonicalName(line.name);
        // Hand-parsed names have no CONFIG GET answer that says anything about the line.
        if (!name.isEmpty() && !ConfigSchema::handParsedNames().contains(name) && !names.contains(name))
            names.append(name);
    }
    for (const QByteArray &n : std::as_const(names))
        s.commands.append(QStringLiteral("CONFIG GET ") + QString::fromUtf8(n));
    s.run = [node, document, names, restarted, healthTimeoutMs](StepContext &ctx) {
        auto *health = new Health(ctx.guard());
        health->ctx = &ctx;
        health->node = node;
        health->document = document;
        health->names = names;
        health->restarted = restarted;
        health->timeoutMs = healthTimeoutMs;
        health->attempt();
    };
    return s;
}

} // namespace RemoteConfigSteps
