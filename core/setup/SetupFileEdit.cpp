#include "SetupFileEdit.h"

#include "SetupSteps.h"

#include "config/ConfigDocument.h"
#include "config/RedisConfEdits.h"
#include "ops/NodeClients.h"
#include "ops/StepContext.h"
#include "ssh/SshSessionPool.h"

#include <algorithm>

namespace {

QList<QByteArray> sortedNames(const QHash<QByteArray, QByteArray> &values)
{
    QList<QByteArray> names = values.keys();
    std::sort(names.begin(), names.end());
    return names;
}

void readBackFile(StepContext &ctx, const QString &node, const SetupFile &file, const SshOptions &ssh,
                  const QHash<QByteArray, QByteArray> &values, const QStringList &secretNames,
                  std::function<void(const QString &)> done)
{
    ctx.ssh()->readFile(ssh, file.path, ctx.guard(), [node, file, values, secretNames, done](
                                                          const QByteArray &content, const RemoteFileInfo &, const NetError &error) {
        if (error.isError()) {
            done(QStringLiteral("%1: cannot read %2 back over SSH: %3").arg(node, file.path, error.message));
            return;
        }
        const QStringList diff = SetupFileEdit::differences(content, values, file.edit ? file.replicaOf : QString(), secretNames, !file.edit);
        done(diff.isEmpty() ? QString()
                            : QStringLiteral("%1: %2 reads back: %3").arg(node, file.path, diff.join(QStringLiteral(", "))));
    });
}

// "1mb" -> "1048576", as redis.conf reads memory units (CONFIG REWRITE writes them so).
QByteArray plainNumbers(const QByteArray &value)
{
    QByteArrayList out;
    for (const QByteArray &token : value.split(' ')) {
        const QByteArray t = token.toLower();
        qint64 unit = 1;
        QByteArray digits = t;
        struct Unit
        {
            const char *suffix;
            qint64 factor;
        };
        static const Unit units[] = {{"kb", 1024}, {"mb", 1024 * 1024}, {"gb", qint64(1024) * 1024 * 1024},
                                     {"k", 1000}, {"m", 1000000}, {"g", 1000000000}};
        for (const Unit &u : units) {
            if (t.endsWith(u.suffix)) {
                unit = u.factor;
                digits = t.chopped(qsizetype(qstrlen(u.suffix)));
                break;
            }
        }
        bool ok = false;
        const qint64 n = digits.toLongLong(&ok);
        out.append(ok ? QByteArray::number(n * unit) : token);
    }
    return out.join(' ');
}

} // namespace

namespace SetupFileEdit {

QByteArray edit(const QByteArray &file, const QHash<QByteArray, QByteArray> &values, const QString &replicaOf)
{
    ConfigDocument doc = ConfigDocument::parse(file);
    if (!replicaOf.isEmpty()) {
        const QPair<QString, quint16> hp = NodeClients::splitAddress(replicaOf);
        RedisConfEdits::setReplicaOf(doc, hp.first, hp.second);
    }
    for (const QByteArray &name : sortedNames(values))
        RedisConfEdits::setValue(doc, name, values.value(name));
    return doc.toBytes();
}

QStringList differences(const QByteArray &file, const QHash<QByteArray, QByteArray> &values, const QString &replicaOf,
                        const QStringList &secretNames, bool absentIsDefault)
{
    const ConfigDocument doc = ConfigDocument::parse(file);
    QStringList out;
    if (!replicaOf.isEmpty()) {
        const QPair<QString, quint16> hp = NodeClients::splitAddress(replicaOf);
        const QByteArray want = hp.first.toUtf8() + ' ' + QByteArray::number(hp.second);
        const QByteArray got = RedisConfEdits::valueOf(doc, "replicaof", want);
        if (got != want || !doc.directives("slaveof").isEmpty())
            out.append(QStringLiteral("replicaof '%1'").arg(QString::fromUtf8(got)));
    }
    for (const QByteArray &name : sortedNames(values)) {
        const QByteArray want = values.value(name);
        const QByteArray got = RedisConfEdits::valueOf(doc, name, want);
        // After CONFIG REWRITE an absent directive holds its default (REWRITE omits those).
        if (plainNumbers(got) == plainNumbers(want) || (got.isEmpty() && absentIsDefault))
            continue;
        out.append(secretNames.contains(QString::fromUtf8(name))
                       ? QStringLiteral("%1 %2").arg(QString::fromUtf8(name), got.isEmpty() ? QStringLiteral("absent") : QStringLiteral("differs"))
                       : QStringLiteral("%1 '%2'").arg(QString::fromUtf8(name), QString::fromUtf8(got)));
    }
    return out;
}

QString describe(const QHash<QByteArray, QByteArray> &values, const QString &replicaOf, const QStringList &secretNames)
{
    QStringList parts;
    if (!replicaOf.isEmpty()) {
        const QPair<QString, quint16> hp = NodeClients::splitAddress(replicaOf);
        parts.append(QStringLiteral("replicaof %1 %2").arg(hp.first).arg(hp.second));
    }
    for (const QByteArray &name : sortedNames(values))
        parts.append(QStringLiteral("%1 %2").arg(QString::fromUtf8(name),
                                                 secretNames.contains(QString::fromUtf8(name)) ? QString::fromLatin1(SetupSteps::kHidden)
                                                                                               : QString::fromUtf8(values.value(name))));
    return parts.join(QStringLiteral(", "));
}

void apply(StepContext &ctx, const QString &node, const SetupFile &file, const QHash<QByteArray, QByteArray> &values,
           const QStringList &secretNames, std::function<void(const QString &problem)> done)
{
    const SshOptions ssh = ctx.clients().profile(node).ssh;
    if (!ctx.ssh() || !ssh.enabled) {
        done(QStringLiteral("%1: no SSH connection to reach %2 with").arg(node, file.path));
        return;
    }
    if (!file.edit) {
        readBackFile(ctx, node, file, ssh, values, secretNames, done);
        return;
    }
    StepContext *c = &ctx;
    ctx.ssh()->readFile(ssh, file.path, ctx.guard(), [c, node, file, ssh, values, secretNames, done](
                                                          const QByteArray &content, const RemoteFileInfo &info, const NetError &error) {
        if (error.isError()) {
            done(QStringLiteral("%1: cannot read %2 over SSH: %3").arg(node, file.path, error.message));
            return;
        }
        RemoteWriteOptions options;
        options.backup = true;
        options.expectedMtime = info.mtime;
        options.expectedSize = info.size;
        c->ssh()->writeFile(ssh, file.path, edit(content, values, file.replicaOf), options, c->guard(),
                            [c, node, file, ssh, values, secretNames, done](const RemoteWriteResult &, const NetError &werror) {
            if (werror.isError()) {
                done(QStringLiteral("%1: cannot write %2 over SSH: %3 (the file was not replaced by a partial copy)")
                         .arg(node, file.path, werror.message));
                return;
            }
            readBackFile(*c, node, file, ssh, values, secretNames, done);
        });
    });
}

} // namespace SetupFileEdit
