#include "AclExport.h"

#include <QMap>

namespace {

QString aclUserOf(const QString &line)
{
    const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return words.size() >= 2 && words.first() == QLatin1String("user") ? words.at(1) : QString();
}

QMap<QString, QString> aclByUser(const QStringList &lines)
{
    QMap<QString, QString> out;
    for (const QString &line : lines)
        out.insert(aclUserOf(line), line.trimmed());
    return out;
}

} // namespace

QStringList AclExport::differingUsers(const QStringList &a, const QStringList &b)
{
    const QMap<QString, QString> left = aclByUser(a);
    const QMap<QString, QString> right = aclByUser(b);
    QStringList out;
    for (auto it = left.cbegin(); it != left.cend(); ++it) {
        if (right.value(it.key()) != it.value())
            out.append(it.key());
    }
    for (auto it = right.cbegin(); it != right.cend(); ++it) {
        if (!left.contains(it.key()))
            out.append(it.key());
    }
    out.sort();
    return out;
}

QString AclExport::withoutClearPasswords(const QString &line, int *removed)
{
    QStringList kept;
    for (const QString &word : line.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        // ">pass" adds and "<pass" removes a clear-text password; '#'/'!' carry hashes.
        if (word.startsWith(QLatin1Char('>')) || word.startsWith(QLatin1Char('<'))) {
            ++*removed;
            continue;
        }
        kept.append(word);
    }
    return kept.join(QLatin1Char(' '));
}

ExportFile AclExport::file(const GroupExportFacts &facts, QStringList *warnings)
{
    QStringList scratch;
    QStringList *warn = warnings ? warnings : &scratch;
    // No header comment: redis-server 7.0 refuses any aclfile line that is not "user ...".
    QByteArray text;
    if (!facts.aclRead)
        warn->append(QStringLiteral("%1: ACL LIST could not be read; users.acl lists no user").arg(facts.masterAddress));
    int removed = 0;
    for (const QString &line : facts.aclLines)
        text += withoutClearPasswords(line, &removed).toUtf8() + "\n";
    if (removed > 0)
        warn->append(QStringLiteral("%1 clear-text password rule(s) were left out of users.acl").arg(removed));

    for (auto it = facts.replicaAclLines.cbegin(); it != facts.replicaAclLines.cend(); ++it) {
        if (!facts.aclRead)
            break;
        const QStringList users = differingUsers(facts.aclLines, it.value());
        if (!users.isEmpty())
            warn->append(QStringLiteral("%1 has other ACL rules than the master for user(s) %2: the file has the "
                                        "master's").arg(it.key(), users.join(QStringLiteral(", "))));
    }
    return ExportFile{QStringLiteral("users.acl"), text, false};
}
