#include "ConfigFileText.h"

#include "config/ConfigDocument.h"

ConfigFileText ConfigFileText::fromBytes(const QByteArray &bytes)
{
    ConfigFileText out;
    out.m_original = bytes;
    // Same rule as ConfigDocument's inserted lines: the majority ending wins.
    int crlf = 0, lf = 0;
    const ConfigDocument doc = ConfigDocument::parse(bytes);
    for (const ConfigLine &line : doc.lines()) {
        if (line.ending == "\r\n")
            ++crlf;
        else if (line.ending == "\n")
            ++lf;
    }
    out.m_ending = crlf > lf ? QByteArrayLiteral("\r\n") : QByteArrayLiteral("\n");
    out.m_finalNewline = bytes.isEmpty() || bytes.endsWith('\n');
    QString text = QString::fromUtf8(bytes);
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    out.m_text = text;
    return out;
}

QByteArray ConfigFileText::encode(const QString &edited, bool unchanged) const
{
    if (unchanged)
        return m_original;
    QString text = edited;
    // A file that ended with a newline keeps one: redis.conf tools (and diff) expect it.
    if (m_finalNewline && !text.isEmpty() && !text.endsWith(QLatin1Char('\n')))
        text.append(QLatin1Char('\n'));
    QByteArray bytes = text.toUtf8();
    if (m_ending != "\n")
        bytes.replace('\n', m_ending);
    return bytes;
}
