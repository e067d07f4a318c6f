#pragma once

#include "SavedProfile.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QStringList>

// Saved profiles to and from a JSON file for sharing between machines and colleagues.
// The file never carries secrets: export writes only which secrets a profile uses, and
// import ignores secret values if someone put them in by hand (and says so).
//
// Format (version 1):
//   {"format": "tandem-profiles", "version": 1, "profiles": [
//     {"name", "host", "port", "user", "db", "connectTimeoutMs", "commandTimeoutMs",
//      "tls": {"enabled", "caFile", "certFile", "keyFile", "serverName", "insecure"},
//      "ssh": {"enabled", "host", "port", "user", "keyFile", "knownHostsFile", "useAgent",
//              "acceptNewHostKey", "acceptFingerprint", "keepaliveSeconds"},
//      "secrets": ["password", "sshPassphrase", "sshPassword"]}]}
// Only "host" is required in an entry; a newer version is refused rather than misread.
class ProfileExchange
{
    Q_DECLARE_TR_FUNCTIONS(ProfileExchange)
public:
    static constexpr int kVersion = 1;

    struct ImportResult
    {
        QList<SavedProfile> profiles;  // the valid entries; never any secret values
        QStringList problems;          // entries skipped, each with the reason
        QStringList notes;             // things ignored on purpose (secret values)
        QString error;                 // the file as a whole is unusable

        bool ok() const { return error.isEmpty(); }
    };

    static QByteArray exportProfiles(const QList<SavedProfile> &profiles);
    static ImportResult importProfiles(const QByteArray &json);

    // File variants; writing is atomic (QSaveFile).
    static bool exportToFile(const QString &path, const QList<SavedProfile> &profiles,
                             QString *error);
    static ImportResult importFromFile(const QString &path);
};
