#include "ServerFacts.h"

qint64 ServerFacts::number(const QString &key, qint64 fallback) const
{
    bool ok = false;
    const qint64 v = info.value(key).toLongLong(&ok);
    return ok ? v : fallback;
}

double ServerFacts::real(const QString &key, double fallback) const
{
    bool ok = false;
    const double v = info.value(key).toDouble(&ok);
    return ok ? v : fallback;
}

ServerFacts::Fields ServerFacts::parseInfo(const QByteArray &text)
{
    Fields fields;
    for (const QByteArray &raw : text.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            fields.insert(QString::fromUtf8(line.left(colon)), QString::fromUtf8(line.mid(colon + 1)));
    }
    return fields;
}
