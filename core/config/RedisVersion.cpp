#include "RedisVersion.h"

#include <QRegularExpression>

std::optional<RedisVersion> RedisVersion::parse(QStringView text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d{1,3})(?:\\.(\\d{1,3}))?(?:\\.\\d+)?(?:[-+][0-9A-Za-z.]*)?\\s*$"));
    const QRegularExpressionMatch m = re.match(text.toString());
    if (!m.hasMatch())
        return std::nullopt;
    RedisVersion v;
    v.major = m.capturedView(1).toInt();
    v.minor = m.capturedView(2).isEmpty() ? 0 : m.capturedView(2).toInt();
    return v;
}

const QList<RedisVersion> &RedisVersion::known()
{
    static const QList<RedisVersion> versions = {{2, 8}, {3, 0}, {3, 2}, {4, 0}, {5, 0},
                                                 {6, 0}, {6, 2}, {7, 0}, {7, 2}};
    return versions;
}
