#pragma once

#include "ExportFile.h"

#include <QList>
#include <QString>
#include <QStringList>

class AuditLog;

// Exports change no server, but the audit log still says what left Tandem: one "export" entry
// per export with what was exported, from which nodes, where it was written, whether secrets
// were included, and each file's name, size and SHA-256 (never its content).
class ExportAudit
{
public:
    struct Entry
    {
        QString what;             // "redis.conf", "sentinel.conf", "users.acl", "topology", "bundle"
        QStringList sources;      // node addresses read
        QString destination;      // file or directory written, "-" for stdout
        bool secretsIncluded = false;
        QList<ExportFile> files;  // names relative to the destination; only sizes and hashes are logged
    };

    // The readable one-line summary stored as the entry's "message".
    static QString summary(const Entry &entry);
    // Appends the entry to `log` (the default audit log when null). False when it cannot write.
    static bool record(const Entry &entry, AuditLog *log = nullptr);
};
