#include "AuditLog.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QStandardPaths>

#include <fcntl.h>
#include <unistd.h>

namespace {

const QString kMask = QStringLiteral("******");

bool isSecretKey(const QString &key)
{
    static const QStringList names = {QStringLiteral("password"), QStringLiteral("pass"),
                                      QStringLiteral("auth"), QStringLiteral("masterauth"),
                                      QStringLiteral("requirepass"), QStringLiteral("secret"),
                                      QStringLiteral("passphrase"), QStringLiteral("sentinel-pass")};
    const QString k = key.toLower();
    return names.contains(k) || k.endsWith(QLatin1String("_password")) || k.endsWith(QLatin1String("-password"));
}

} // namespace

AuditLog::AuditLog(const QString &path)
    : m_path(path)
{
}

QString AuditLog::defaultDirectory()
{
    const QString env = qEnvironmentVariable("TANDEM_DATA_DIR");
    if (!env.isEmpty())
        return env;
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/tandem");
}

QString AuditLog::defaultPath()
{
    return defaultDirectory() + QStringLiteral("/audit.jsonl");
}

void AuditLog::redact(const QString &secret)
{
    // Short strings would mask innocent text ("1" in every offset); such a secret is weak
    // anyway and never written by us in the first place.
    if (secret.size() >= 3 && !m_secrets.contains(secret))
        m_secrets.append(secret);
}

QJsonObject AuditLog::scrub(const QJsonObject &object) const
{
    QJsonObject out;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QJsonValue v = it.value();
        if (isSecretKey(it.key()) && v.isString() && !v.toString().isEmpty()) {
            out.insert(it.key(), kMask);
        } else if (v.isObject()) {
            out.insert(it.key(), scrub(v.toObject()));
        } else if (v.isArray()) {
            QJsonArray arr;
            for (const QJsonValue &e : v.toArray()) {
                if (e.isObject()) {
                    arr.append(scrub(e.toObject()));
                } else if (e.isString()) {
                    QString s = e.toString();
                    for (const QString &secret : m_secrets)
                        s.replace(secret, kMask);
                    arr.append(s);
                } else {
                    arr.append(e);
                }
            }
            out.insert(it.key(), arr);
        } else if (v.isString()) {
            QString s = v.toString();
            for (const QString &secret : m_secrets)
                s.replace(secret, kMask);
            out.insert(it.key(), s);
        } else {
            out.insert(it.key(), v);
        }
    }
    return out;
}

bool AuditLog::append(const QString &operationId, const QString &event, const QJsonObject &fields)
{
    QJsonObject line = scrub(fields);
    line.insert(QStringLiteral("ts"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    line.insert(QStringLiteral("op"), operationId);
    line.insert(QStringLiteral("event"), event);
    QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact);
    bytes.append('\n');

    QDir().mkpath(QFileInfo(m_path).absolutePath());
    // One write() with O_APPEND: tandem and tandemctl may append at the same time, and a
    // crash right after must not lose the line.
    const int fd = ::open(QFile::encodeName(m_path).constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    const ssize_t n = ::write(fd, bytes.constData(), size_t(bytes.size()));
    // Step lines are written while a switchover holds writes paused, and an fdatasync costs
    // milliseconds: only operation boundaries are synced (a killed process loses nothing
    // written; after an OS crash the synced op_started still shows the operation unfinished).
    if (!event.startsWith(QLatin1String("step_")))
        ::fdatasync(fd);
    ::close(fd);
    return n == bytes.size();
}

QList<QJsonObject> AuditLog::read(int limit) const
{
    QList<QJsonObject> out;
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            out.append(doc.object());
    }
    if (limit > 0 && out.size() > limit)
        out = out.mid(out.size() - limit);
    return out;
}

QList<QJsonObject> AuditLog::unfinished() const
{
    QList<QJsonObject> started;
    QSet<QString> finished;
    for (const QJsonObject &e : read()) {
        const QString event = e.value(QStringLiteral("event")).toString();
        if (event == QLatin1String("op_started"))
            started.append(e);
        else if (event == QLatin1String("op_finished"))
            finished.insert(e.value(QStringLiteral("op")).toString());
    }
    QList<QJsonObject> out;
    for (const QJsonObject &e : std::as_const(started)) {
        if (!finished.contains(e.value(QStringLiteral("op")).toString()))
            out.append(e);
    }
    return out;
}

bool AuditLog::closeInterrupted(const QString &operationId, const QString &note)
{
    return append(operationId, QStringLiteral("op_finished"),
                  QJsonObject{{QStringLiteral("outcome"), QStringLiteral("interrupted")},
                              {QStringLiteral("message"), note}});
}

QString AuditLog::newOperationId()
{
    return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'-"))
        + QString::number(QRandomGenerator::global()->bounded(0x10000), 16).rightJustified(4, QLatin1Char('0'));
}
