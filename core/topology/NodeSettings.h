#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>

// The settings of one node that must match across its group for a promote to be safe, as
// CONFIG GET, ACL LIST and COMMAND INFO last returned them. Secrets (requirepass, masterauth,
// ACL rules with their password hashes) are kept only as salted digests: enough to tell
// "equal" from "differs", never enough to show or reuse.
struct NodeSettings
{
    bool known = false;              // read at least once on the current connection
    QDateTime readAt;
    QMap<QString, QString> values;   // CONFIG name -> value (secrets: "" when unset, else a digest)
    bool aclKnown = false;
    QMap<QString, QString> aclUsers; // ACL user -> digest of its rules
    bool commandsKnown = false;
    QStringList missingCommands;     // watched commands COMMAND INFO does not know: renamed/disabled

    // The settings compared across a group (CONFIG GET names).
    static QStringList compared();
    // Read too, not compared: how long a stalled sync may last, where ACL users are saved.
    static QStringList alsoRead();
    static bool isSecret(const QString &name);
    // Commands operators often rename or disable, and which operations need.
    static QStringList watchedCommands();
    // Salted (per process) SHA-256: equal secrets give equal digests within one run.
    static QString digest(const QByteArray &secret);
};
