#include "Finding.h"

QString Finding::severityName(Severity s)
{
    return Anomaly::severityName(s);
}

QJsonObject Finding::toJson() const
{
    QJsonObject o{{QStringLiteral("severity"), severityName(severity)},
                  {QStringLiteral("code"), code},
                  {QStringLiteral("node"), node},
                  {QStringLiteral("evidence"), evidence},
                  {QStringLiteral("meaning"), meaning},
                  {QStringLiteral("fix"), fixText}};
    if (!host.isEmpty())
        o.insert(QStringLiteral("host"), host);
    if (hasFix())
        o.insert(QStringLiteral("fix_plan"), fix.toJson());
    return o;
}

Finding Finding::make(Severity severity, const QString &code, const QString &node, const QString &evidence,
                      const QString &meaning, const QString &fixText, const QString &host)
{
    Finding f;
    f.severity = severity;
    f.code = code;
    f.node = node;
    f.host = host;
    f.evidence = evidence;
    f.meaning = meaning;
    f.fixText = fixText;
    return f;
}
