#include "SecretKind.h"

#include "net/ConnectionProfile.h"

namespace SecretKinds {

QList<SecretKind> all()
{
    return {SecretKind::Password, SecretKind::SshPassphrase, SecretKind::SshPassword};
}

QString id(SecretKind kind)
{
    switch (kind) {
    case SecretKind::Password:
        return QStringLiteral("password");
    case SecretKind::SshPassphrase:
        return QStringLiteral("sshPassphrase");
    case SecretKind::SshPassword:
        return QStringLiteral("sshPassword");
    }
    return QString();
}

bool fromId(const QString &text, SecretKind *kind)
{
    for (SecretKind k : all()) {
        if (id(k) == text) {
            *kind = k;
            return true;
        }
    }
    return false;
}

QString storeKey(const QString &profileId, SecretKind kind)
{
    QString leaf;
    switch (kind) {
    case SecretKind::Password:
        leaf = QStringLiteral("password");
        break;
    case SecretKind::SshPassphrase:
        leaf = QStringLiteral("ssh-passphrase");
        break;
    case SecretKind::SshPassword:
        leaf = QStringLiteral("ssh-password");
        break;
    }
    return QStringLiteral("profile/") + profileId + QLatin1Char('/') + leaf;
}

QString settingsFlag(SecretKind kind)
{
    switch (kind) {
    case SecretKind::Password:
        return QStringLiteral("hasPassword");
    case SecretKind::SshPassphrase:
        return QStringLiteral("hasSshPassphrase");
    case SecretKind::SshPassword:
        return QStringLiteral("hasSshPassword");
    }
    return QString();
}

QString value(const ConnectionProfile &profile, SecretKind kind)
{
    switch (kind) {
    case SecretKind::Password:
        return profile.password;
    case SecretKind::SshPassphrase:
        return profile.ssh.keyPassphrase;
    case SecretKind::SshPassword:
        return profile.ssh.password;
    }
    return QString();
}

void setValue(ConnectionProfile *profile, SecretKind kind, const QString &secret)
{
    switch (kind) {
    case SecretKind::Password:
        profile->password = secret;
        break;
    case SecretKind::SshPassphrase:
        profile->ssh.keyPassphrase = secret;
        break;
    case SecretKind::SshPassword:
        profile->ssh.password = secret;
        break;
    }
}

QList<SecretKind> present(const ConnectionProfile &profile)
{
    QList<SecretKind> kinds;
    for (SecretKind k : all()) {
        if (!value(profile, k).isEmpty())
            kinds.append(k);
    }
    return kinds;
}

void clear(ConnectionProfile *profile)
{
    for (SecretKind k : all())
        setValue(profile, k, QString());
}

} // namespace SecretKinds
