#include "ExportAudit.h"

#include "ops/AuditLog.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>

QString ExportAudit::summary(const Entry &entry)
{
    const QString from = entry.sources.isEmpty() ? QString()
                                                 : QString(QStringLiteral(" of ") + entry.sources.join(QStringLiteral(", ")));
    return QStringLiteral("exported %1%2 to %3 (%4)")
        .arg(entry.what, from, entry.destination == QLatin1String("-") ? QStringLiteral("standard output") : entry.destination,
             entry.secretsIncluded ? QStringLiteral("secrets included") : QStringLiteral("secrets replaced by placeholders"));
}

bool ExportAudit::record(const Entry &entry, AuditLog *log)
{
    QJsonArray files;
    for (const ExportFile &f : entry.files) {
        files.append(QJsonObject{
            {QStringLiteral("name"), f.name},
            {QStringLiteral("bytes"), static_cast<qint64>(f.bytes.size())},
            {QStringLiteral("sha256"), QString::fromLatin1(QCryptographicHash::hash(f.bytes, QCryptographicHash::Sha256).toHex())},
        });
    }
    const QJsonObject fields{
        {QStringLiteral("message"), summary(entry)},
        {QStringLiteral("what"), entry.what},
        {QStringLiteral("sources"), QJsonArray::fromStringList(entry.sources)},
        {QStringLiteral("destination"), entry.destination},
        {QStringLiteral("secrets_included"), entry.secretsIncluded},
        {QStringLiteral("files"), files},
    };
    AuditLog fallback;
    AuditLog *target = log ? log : &fallback;
    return target->append(AuditLog::newOperationId(), QStringLiteral("export"), fields);
}
