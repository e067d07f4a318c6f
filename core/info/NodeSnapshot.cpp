#include "NodeSnapshot.h"

#include <QStringList>

QString NodeSnapshot::raw(const QString &section, const QString &key) const
{
    if (section.isEmpty()) {
        for (const auto &keys : sections) {
            const auto it = keys.constFind(key);
            if (it != keys.constEnd())
                return it.value();
        }
        return {};
    }
    const auto s = sections.constFind(section.toLower());
    if (s == sections.constEnd())
        return {};
    return s->value(key);
}

QString NodeSnapshot::roleName(Role role)
{
    switch (role) {
    case Role::Master:
        return QStringLiteral("master");
    case Role::Replica:
        return QStringLiteral("replica");
    case Role::Sentinel:
        return QStringLiteral("sentinel");
    case Role::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

int NodeSnapshot::versionNumber() const
{
    // Only major.minor matter for feature checks; patch levels never changed INFO fields.
    const QStringList parts = version.trimmed().split(QLatin1Char('.'));
    if (parts.size() < 2)
        return 0;
    bool okMajor = false;
    bool okMinor = false;
    const int major = parts.at(0).toInt(&okMajor);
    const int minor = parts.at(1).toInt(&okMinor);
    if (!okMajor || !okMinor || major <= 0 || major > 255 || minor < 0 || minor > 255)
        return 0;
    return (major << 16) | (minor << 8);
}
