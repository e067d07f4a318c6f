#pragma once

#include <QList>
#include <QString>

struct ConnectionProfile;

// The secrets a connection profile can carry. They are stored in a SecretStore under
// secretKey(); QSettings and exports only ever learn *that* a profile uses one.
enum class SecretKind { Password, SshPassphrase, SshPassword };

namespace SecretKinds {

QList<SecretKind> all();
// Stable identifier used in store keys, settings flags and exported files ("password",
// "sshPassphrase", "sshPassword"). Never translated.
QString id(SecretKind kind);
bool fromId(const QString &text, SecretKind *kind);
// "profile/<profileId>/password", "…/ssh-passphrase", "…/ssh-password".
QString storeKey(const QString &profileId, SecretKind kind);
// Name of the QSettings flag that says the profile uses this secret ("hasPassword", …).
QString settingsFlag(SecretKind kind);

QString value(const ConnectionProfile &profile, SecretKind kind);
void setValue(ConnectionProfile *profile, SecretKind kind, const QString &secret);
// The secrets `profile` carries a non-empty value for.
QList<SecretKind> present(const ConnectionProfile &profile);
// Blanks every secret, for handing a profile to code that must not see them.
void clear(ConnectionProfile *profile);

} // namespace SecretKinds
