#include "ProfileSettings.h"

#include <QSettings>

namespace {

const QString kRoot = QStringLiteral("profiles");

// Keys of the profile group. Kept together so a reviewer can see at a glance that none of
// them holds a secret.
namespace Key {
const QString name = QStringLiteral("name");
const QString address = QStringLiteral("address");
const QString user = QStringLiteral("user");
const QString db = QStringLiteral("db");
const QString order = QStringLiteral("order");
const QString connectTimeout = QStringLiteral("connectTimeoutMs");
const QString commandTimeout = QStringLiteral("commandTimeoutMs");
const QString tlsEnabled = QStringLiteral("tls/enabled");
const QString tlsCaFile = QStringLiteral("tls/caFile");
const QString tlsCertFile = QStringLiteral("tls/certFile");
const QString tlsKeyFile = QStringLiteral("tls/keyFile");
const QString tlsServerName = QStringLiteral("tls/serverName");
const QString tlsInsecure = QStringLiteral("tls/insecure");
const QString sshEnabled = QStringLiteral("ssh/enabled");
const QString sshHost = QStringLiteral("ssh/host");
const QString sshPort = QStringLiteral("ssh/port");
const QString sshUser = QStringLiteral("ssh/user");
const QString sshKeyFile = QStringLiteral("ssh/keyFile");
const QString sshKnownHosts = QStringLiteral("ssh/knownHostsFile");
const QString sshUseAgent = QStringLiteral("ssh/useAgent");
const QString sshAcceptNew = QStringLiteral("ssh/acceptNewHostKey");
const QString sshAcceptFingerprint = QStringLiteral("ssh/acceptFingerprint");
const QString sshKeepalive = QStringLiteral("ssh/keepaliveSeconds");
} // namespace Key

quint16 toPort(const QVariant &value, quint16 fallback)
{
    bool ok = false;
    const uint port = value.toUInt(&ok);
    return ok && port > 0 && port <= 65535 ? quint16(port) : fallback;
}

} // namespace

QString ProfileSettings::group(const QString &id)
{
    return kRoot + QLatin1Char('/') + id;
}

QStringList ProfileSettings::ids(QSettings &settings)
{
    settings.beginGroup(kRoot);
    const QStringList groups = settings.childGroups();
    settings.endGroup();
    return groups;
}

SavedProfile ProfileSettings::read(QSettings &settings, const QString &id)
{
    SavedProfile saved;
    saved.id = id;
    ConnectionProfile &p = saved.profile;
    const ConnectionProfile defaults;
    settings.beginGroup(group(id));
    p.name = settings.value(Key::name).toString();
    // A damaged address leaves the defaults; the profile still lists and can be fixed.
    QString ignored;
    ConnectionProfile::parseAddress(settings.value(Key::address).toString(), &p, &ignored);
    SecretKinds::clear(&p);  // settings never hold a redis://:pw@host address, but be sure
    p.user = settings.value(Key::user).toString();
    p.db = settings.value(Key::db, defaults.db).toInt();
    p.connectTimeoutMs = settings.value(Key::connectTimeout, defaults.connectTimeoutMs).toInt();
    p.commandTimeoutMs = settings.value(Key::commandTimeout, defaults.commandTimeoutMs).toInt();

    p.tls.enabled = settings.value(Key::tlsEnabled, false).toBool();
    p.tls.caFile = settings.value(Key::tlsCaFile).toString();
    p.tls.certFile = settings.value(Key::tlsCertFile).toString();
    p.tls.keyFile = settings.value(Key::tlsKeyFile).toString();
    p.tls.serverName = settings.value(Key::tlsServerName).toString();
    p.tls.insecure = settings.value(Key::tlsInsecure, false).toBool();

    SshOptions &ssh = p.ssh;
    ssh.enabled = settings.value(Key::sshEnabled, false).toBool();
    ssh.host = settings.value(Key::sshHost).toString();
    ssh.port = toPort(settings.value(Key::sshPort), defaults.ssh.port);
    ssh.user = settings.value(Key::sshUser).toString();
    ssh.keyFile = settings.value(Key::sshKeyFile).toString();
    ssh.knownHostsFile = settings.value(Key::sshKnownHosts).toString();
    ssh.useAgent = settings.value(Key::sshUseAgent, defaults.ssh.useAgent).toBool();
    ssh.acceptNewHostKey = settings.value(Key::sshAcceptNew, false).toBool();
    ssh.acceptFingerprint = settings.value(Key::sshAcceptFingerprint).toString();
    ssh.keepaliveSeconds = settings.value(Key::sshKeepalive, defaults.ssh.keepaliveSeconds).toInt();

    for (SecretKind kind : SecretKinds::all()) {
        if (settings.value(SecretKinds::settingsFlag(kind), false).toBool())
            saved.secrets.append(kind);
    }
    settings.endGroup();
    return saved;
}

void ProfileSettings::write(QSettings &settings, const SavedProfile &saved, int order)
{
    const ConnectionProfile &p = saved.profile;
    settings.remove(group(saved.id));
    settings.beginGroup(group(saved.id));
    settings.setValue(Key::order, order);
    settings.setValue(Key::name, p.name);
    settings.setValue(Key::address, p.address());
    settings.setValue(Key::user, p.user);
    settings.setValue(Key::db, p.db);
    settings.setValue(Key::connectTimeout, p.connectTimeoutMs);
    settings.setValue(Key::commandTimeout, p.commandTimeoutMs);

    settings.setValue(Key::tlsEnabled, p.tls.enabled);
    settings.setValue(Key::tlsCaFile, p.tls.caFile);
    settings.setValue(Key::tlsCertFile, p.tls.certFile);
    settings.setValue(Key::tlsKeyFile, p.tls.keyFile);
    settings.setValue(Key::tlsServerName, p.tls.serverName);
    settings.setValue(Key::tlsInsecure, p.tls.insecure);

    const SshOptions &ssh = p.ssh;
    settings.setValue(Key::sshEnabled, ssh.enabled);
    settings.setValue(Key::sshHost, ssh.host);
    settings.setValue(Key::sshPort, ssh.port);
    settings.setValue(Key::sshUser, ssh.user);
    settings.setValue(Key::sshKeyFile, ssh.keyFile);
    settings.setValue(Key::sshKnownHosts, ssh.knownHostsFile);
    settings.setValue(Key::sshUseAgent, ssh.useAgent);
    settings.setValue(Key::sshAcceptNew, ssh.acceptNewHostKey);
    settings.setValue(Key::sshAcceptFingerprint, ssh.acceptFingerprint);
    settings.setValue(Key::sshKeepalive, ssh.keepaliveSeconds);

    for (SecretKind kind : SecretKinds::all())
        settings.setValue(SecretKinds::settingsFlag(kind), saved.uses(kind));
    settings.endGroup();
}

int ProfileSettings::order(QSettings &settings, const QString &id)
{
    return settings.value(group(id) + QLatin1Char('/') + Key::order, 0).toInt();
}

void ProfileSettings::remove(QSettings &settings, const QString &id)
{
    settings.remove(group(id));
}
