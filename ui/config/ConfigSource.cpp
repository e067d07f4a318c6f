#include "ConfigSource.h"

#include "config/ConfigDocument.h"
#include "config/ConfigSchema.h"
#include "config/LiveConfig.h"

#include <QCoreApplication>
#include <QFileInfo>

ConfigSource ConfigSource::local(const QString &path)
{
    ConfigSource s;
    s.kind = Kind::LocalFile;
    s.path = path;
    return s;
}

ConfigSource ConfigSource::remote(const SshOptions &ssh, const QString &path, const RemoteFileInfo &info)
{
    ConfigSource s;
    s.kind = Kind::RemoteFile;
    s.ssh = ssh;
    s.path = path;
    s.remoteInfo = info;
    return s;
}

ConfigSource ConfigSource::live(const ConnectionProfile &node)
{
    ConfigSource s;
    s.kind = Kind::LiveNode;
    s.node = node;
    s.hasNode = true;
    return s;
}

QString ConfigSource::sshTarget(const SshOptions &ssh)
{
    QString target = ssh.user.isEmpty() ? ssh.host : QString(ssh.user + QLatin1Char('@') + ssh.host);
    if (ssh.port != 22)
        target += QLatin1Char(':') + QString::number(ssh.port);
    return target;
}

QString ConfigSource::describe() const
{
    switch (kind) {
    case Kind::LocalFile:
        return path.isEmpty() ? QCoreApplication::translate("ConfigSource", "Untitled") : path;
    case Kind::RemoteFile:
        return QStringLiteral("ssh %1:%2").arg(sshTarget(ssh), path);
    case Kind::LiveNode:
        return QStringLiteral("live %1").arg(node.address());
    }
    return {};
}

QString ConfigSource::shortName() const
{
    if (kind == Kind::LiveNode)
        return describe();
    return path.isEmpty() ? QCoreApplication::translate("ConfigSource", "Untitled") : QFileInfo(path).fileName();
}

ConfigDocument unmaskSecrets(const ConfigDocument &edited, const ConfigDocument &liveWithSecrets)
{
    ConfigDocument out = edited;
    const QByteArray placeholder = LiveConfig::placeholder();
    for (const ConfigLine &line : edited.lines()) {
        if (line.kind != ConfigLine::Kind::Directive || line.args != QList<QByteArray>{placeholder})
            continue;
        const ConfigSchema::Directive *d = ConfigSchema::instance().find(line.name);
        if (!d || !d->has(ConfigSchema::Sensitive))
            continue;
        const QList<QByteArray> real = liveWithSecrets.effective(line.name);
        if (!real.isEmpty())
            out.set(line.name, real);
    }
    return out;
}
