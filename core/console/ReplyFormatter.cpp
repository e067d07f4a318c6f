#include "ReplyFormatter.h"

#include <QByteArrayView>
#include <QStringList>

namespace {

// Terminals show "\r\n" as one line break; so does the console.
QString replyFormatterLines(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes);
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    return text;
}

// redis-cli --raw: every element on its own line, nested arrays flattened, nil and an empty
// array as an empty line.
void appendRawReply(QStringList *lines, const RespValue &value)
{
    switch (value.type()) {
    case RespValue::Type::Nil:
        lines->append(QString());
        return;
    case RespValue::Type::Integer:
        lines->append(QString::number(value.toInteger()));
        return;
    case RespValue::Type::Status:
    case RespValue::Type::Error:
    case RespValue::Type::String:
        lines->append(replyFormatterLines(value.bytes()));
        return;
    case RespValue::Type::Array:
        if (value.elements().isEmpty())
            lines->append(QString());
        for (const RespValue &element : value.elements())
            appendRawReply(lines, element);
        return;
    }
}

} // namespace

QString ReplyFormatter::format(const RespValue &value, Mode mode)
{
    if (mode == Mode::Raw) {
        QStringList lines;
        appendRawReply(&lines, value);
        QString text = lines.join(QLatin1Char('\n'));
        // INFO and friends end with a line break; it would show as a blank line.
        if (text.endsWith(QLatin1Char('\n')))
            text.chop(1);
        return text;
    }
    if (value.type() == RespValue::Type::String && isMultilineText(value.bytes())) {
        QString text = replyFormatterLines(value.bytes());
        if (text.endsWith(QLatin1Char('\n')))
            text.chop(1);
        return text;
    }
    return value.toDisplayString();
}

bool ReplyFormatter::isMultilineText(const QByteArray &bytes)
{
    if (!bytes.contains('\n') || !QByteArrayView(bytes).isValidUtf8())
        return false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes.at(i));
        if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f))
            continue;
        if (c == '\r' && i + 1 < bytes.size() && bytes.at(i + 1) == '\n')
            continue;
        return false;  // a lone CR, NUL, escape...: quoting shows what is really there
    }
    return true;
}
