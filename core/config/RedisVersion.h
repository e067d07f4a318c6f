#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

// A Redis release line ("7.0"), for version-aware configuration checks. Patch levels do not
// change which directives exist, so only major.minor is kept.
struct RedisVersion
{
    int major = 7;
    int minor = 0;

    // "7", "7.0", "7.0.15", "6.2.14-rc1" -> major.minor; nullopt for anything else.
    static std::optional<RedisVersion> parse(QStringView text);
    // The release lines the schema knows about, oldest first: 2.8 3.0 3.2 4.0 5.0 6.0 6.2 7.0 7.2.
    static const QList<RedisVersion> &known();
    // What the differential tests check against: the installed redis-server's line.
    static RedisVersion reference() { return {7, 0}; }

    QString toString() const { return QString::number(major) + QLatin1Char('.') + QString::number(minor); }
    int code() const { return major * 100 + minor; }

    friend bool operator==(RedisVersion a, RedisVersion b) { return a.code() == b.code(); }
    friend bool operator!=(RedisVersion a, RedisVersion b) { return a.code() != b.code(); }
    friend bool operator<(RedisVersion a, RedisVersion b) { return a.code() < b.code(); }
    friend bool operator<=(RedisVersion a, RedisVersion b) { return a.code() <= b.code(); }
    friend bool operator>(RedisVersion a, RedisVersion b) { return a.code() > b.code(); }
    friend bool operator>=(RedisVersion a, RedisVersion b) { return a.code() >= b.code(); }
};
