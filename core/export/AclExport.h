#pragma once

#include "ExportFile.h"
#include "GroupExportFacts.h"

#include <QString>
#include <QStringList>

// users.acl for a group: the master's ACL LIST as an aclfile redis-server loads (`aclfile`
// directive, or ACL LOAD). Redis lists passwords only as SHA-256 hashes (#<hex>), so the file
// holds no password; a clear one (>pass) is never written. Only "user" lines: Redis 7.0
// rejects an aclfile with anything else, comments included, so the file carries no header.
class AclExport
{
public:
    static ExportFile file(const GroupExportFacts &facts, QStringList *warnings);

    // The user names whose ACL LIST line differs between `a` and `b` (missing on one side too).
    static QStringList differingUsers(const QStringList &a, const QStringList &b);
    // `line` without clear-text password rules (">pass", "<pass"): ACL LIST never has them,
    // and an export must not carry them if one ever did. *removed counts what was dropped.
    static QString withoutClearPasswords(const QString &line, int *removed);
};
