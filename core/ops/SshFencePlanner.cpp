#include "SshFencePlanner.h"

#include "NodeClients.h"
#include "StepContext.h"

#include "config/ConfigDocument.h"
#include "config/RedisConfEdits.h"
#include "ssh/SshSessionPool.h"

#include <QJsonArray>

namespace {

QString sshDestination(const SshOptions &ssh)
{
    QString target = ssh.user.isEmpty() ? ssh.host : QString(ssh.user + QLatin1Char('@') + ssh.host);
    if (ssh.port != 22)
        target += QLatin1Char(':') + QString::number(ssh.port);
    return target;
}

} // namespace

QString SshFenceTarget::describe() const
{
    return path.isEmpty() ? sshDestination(ssh) : QString(sshDestination(ssh) + QLatin1Char(':') + path);
}

SshFenceTarget SshFenceTarget::of(const Topology &topology, const ConnectionProfile &profile, const QString &address)
{
    SshFenceTarget t;
    t.ssh = profile.ssh;
    if (const TopologyNode *n = topology.node(address); n && n->hasSnapshot)
        t.path = n->snapshot.configFile;
    return t;
}

QByteArray SshFencePlanner::edit(const QByteArray &file, const SshFenceSettings &settings, QStringList *changed)
{
    ConfigDocument doc = ConfigDocument::parse(file);
    const QPair<QString, quint16> hp = NodeClients::splitAddress(settings.newMaster);
    QStringList did;
    RedisConfEdits::setReplicaOf(doc, hp.first, hp.second);
    did.append(QStringLiteral("replicaof %1 %2").arg(hp.first).arg(hp.second));
    if (!settings.masterPassword.isEmpty()) {
        doc.set("masterauth", {settings.masterPassword.toUtf8()});
        did.append(QStringLiteral("masterauth ******"));
    }
    if (!settings.masterUser.isEmpty() && settings.masterUser != QLatin1String("default")) {
        doc.set("masteruser", {settings.masterUser.toUtf8()});
        did.append(QStringLiteral("masteruser %1").arg(settings.masterUser));
    }
    if (settings.minReplicasMaxLag >= 0) {
        doc.remove("min-slaves-to-write");
        doc.remove("min-slaves-max-lag");
        doc.set("min-replicas-to-write", {"1"});
        doc.set("min-replicas-max-lag", {QByteArray::number(settings.minReplicasMaxLag)});
        did.append(QStringLiteral("min-replicas-to-write 1"));
        did.append(QStringLiteral("min-replicas-max-lag %1").arg(settings.minReplicasMaxLag));
    }
    if (changed)
        *changed = did;
    return doc.toBytes();
}

PlanStep SshFencePlanner::step(SshSessionPool *ssh, const QString &oldMaster, const SshFenceTarget &target,
                               const SshFenceSettings &settings)
{
    PlanStep s;
    s.id = QStringLiteral("ssh-fence");
    s.title = QStringLiteral("Fence %1 in its redis.conf over SSH (%2): it restarts as a replica of %3")
                  .arg(oldMaster, target.describe(), settings.newMaster);
    s.node = oldMaster;
    QStringList changes;
    edit(QByteArray(), settings, &changes);
    s.commands.append(QStringLiteral("sftp read %1").arg(target.describe()));
    for (const QString &c : std::as_const(changes))
        s.commands.append(QStringLiteral("set %1").arg(c));
    s.commands.append(QStringLiteral("write %1 (backup, temp upload, owner/mode, atomic rename)").arg(target.describe()));
    s.onFailure = PlanStep::OnFailure::Continue;
    s.run = [ssh, oldMaster, target, settings, changes](StepContext &ctx) {
        if (!ssh) {
            ctx.fail(QStringLiteral("no SSH connections to write %1 with").arg(target.describe()));
            return;
        }
        if (!target.isValid()) {
            ctx.fail(QStringLiteral("no SSH host or config file path for %1").arg(oldMaster));
            return;
        }
        ctx.progress(QStringLiteral("reading %1").arg(target.describe()));
        ssh->readFile(target.ssh, target.path, ctx.guard(), [&ctx, ssh, target, settings, changes](
                                                                const QByteArray &content, const RemoteFileInfo &info,
                                                                const NetError &error) {
            if (error.isError()) {
                ctx.fail(QStringLiteral("cannot read %1: %2").arg(target.describe(), error.message));
                return;
            }
            const QByteArray edited = edit(content, settings);
            RemoteWriteOptions options;
            options.backup = true;
            options.expectedMtime = info.mtime;
            options.expectedSize = info.size;
            ctx.progress(QStringLiteral("writing %1").arg(target.describe()));
            ssh->writeFile(target.ssh, target.path, edited, options, ctx.guard(),
                           [&ctx, target, settings, changes](const RemoteWriteResult &r, const NetError &werror) {
                if (werror.isError()) {
                    ctx.fail(QStringLiteral("cannot write %1: %2 (the file was not replaced by a partial copy)")
                                 .arg(target.describe(), werror.message));
                    return;
                }
                QJsonObject details{{QStringLiteral("file"), target.describe()},
                                    {QStringLiteral("backup"), r.backupPath},
                                    {QStringLiteral("bytes_written"), r.bytesWritten},
                                    {QStringLiteral("set"), QJsonArray::fromStringList(changes)}};
                if (!r.warnings.isEmpty())
                    details.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings));
                ctx.succeed(QStringLiteral("%1 now says replicaof %2: restarted from it, the node comes up as a "
                                           "replica (backup %3)")
                                .arg(target.describe(), settings.newMaster,
                                     r.backupPath.isEmpty() ? QStringLiteral("none") : r.backupPath),
                            details);
            });
        });
    };
    return s;
}

Plan SshFencePlanner::plan(SshSessionPool *ssh, const QString &oldMaster, const SshFenceTarget &target,
                           const SshFenceSettings &settings)
{
    Plan p;
    p.operation = QStringLiteral("fence-config");
    p.strategy = QStringLiteral("ssh-config");
    p.title = QStringLiteral("Fence %1 now: make its redis.conf follow %2").arg(oldMaster, settings.newMaster);
    p.group = settings.newMaster;
    p.preconditions.append({QStringLiteral("The new master is known"), !settings.newMaster.isEmpty(),
                            settings.newMaster.isEmpty() ? QStringLiteral("no new master given") : settings.newMaster});
    p.preconditions.append({QStringLiteral("SSH settings and the config file path of %1 are known").arg(oldMaster),
                            target.isValid(),
                            target.isValid() ? target.describe()
                                             : QStringLiteral("give the node an SSH host and its redis.conf path")});
    p.facts.insert(QStringLiteral("old_master"), oldMaster);
    p.facts.insert(QStringLiteral("new_master"), settings.newMaster);
    p.facts.insert(QStringLiteral("file"), target.describe());
    p.risks.append(QStringLiteral("%1 keeps running with its current role until it restarts; a running master is "
                                  "demoted by the automatic fence when Tandem sees it.").arg(oldMaster));
    p.risks.append(QStringLiteral("On restart it discards its data and resyncs from %1.").arg(settings.newMaster));
    p.steps.append(step(ssh, oldMaster, target, settings));
    p.steps.last().onFailure = PlanStep::OnFailure::Abort;
    return p;
}
