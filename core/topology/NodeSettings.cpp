#include "NodeSettings.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

QStringList NodeSettings::compared()
{
    return {QStringLiteral("maxmemory-policy"), QStringLiteral("maxmemory"), QStringLiteral("appendonly"),
            QStringLiteral("save"), QStringLiteral("repl-backlog-size"), QStringLiteral("requirepass"),
            QStringLiteral("masterauth")};
}

QStringList NodeSettings::alsoRead()
{
    return {QStringLiteral("masteruser"), QStringLiteral("repl-timeout"), QStringLiteral("aclfile")};
}

bool NodeSettings::isSecret(const QString &name)
{
    return name == QLatin1String("requirepass") || name == QLatin1String("masterauth");
}

QStringList NodeSettings::watchedCommands()
{
    return {QStringLiteral("config"), QStringLiteral("replicaof"), QStringLiteral("failover"),
            QStringLiteral("client"), QStringLiteral("info"), QStringLiteral("flushall"),
            QStringLiteral("flushdb"), QStringLiteral("keys"), QStringLiteral("debug"),
            QStringLiteral("shutdown")};
}

QString NodeSettings::digest(const QByteArray &secret)
{
    static const QByteArray salt = [] {
        QByteArray s(16, '\0');
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(s.data()), 4);
        return s;
    }();
    if (secret.isEmpty())
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(QByteArray(salt + secret), QCryptographicHash::Sha256).toHex());
}
