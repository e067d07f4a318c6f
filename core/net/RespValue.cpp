#include "RespValue.h"

namespace {

// Byte-wise quoting like redis-cli's sdscatrepr: printable ASCII as is, the usual C escapes,
// everything else as \xHH. Keeps binary payloads readable and unambiguous.
void appendQuoted(QString *out, const QByteArray &bytes)
{
    static const char hex[] = "0123456789abcdef";
    out->append(QLatin1Char('"'));
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '\\': out->append(QLatin1String("\\\\")); break;
        case '"': out->append(QLatin1String("\\\"")); break;
        case '\n': out->append(QLatin1String("\\n")); break;
        case '\r': out->append(QLatin1String("\\r")); break;
        case '\t': out->append(QLatin1String("\\t")); break;
        case '\a': out->append(QLatin1String("\\a")); break;
        case '\b': out->append(QLatin1String("\\b")); break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                out->append(QLatin1Char(char(c)));
            } else {
                out->append(QLatin1String("\\x"));
                out->append(QLatin1Char(hex[c >> 4]));
                out->append(QLatin1Char(hex[c & 0xf]));
            }
        }
    }
    out->append(QLatin1Char('"'));
}

} // namespace

RespValue RespValue::status(const QByteArray &s)
{
    RespValue v;
    v.m_type = Type::Status;
    v.m_bytes = s;
    return v;
}

RespValue RespValue::error(const QByteArray &s)
{
    RespValue v;
    v.m_type = Type::Error;
    v.m_bytes = s;
    return v;
}

RespValue RespValue::integer(qint64 value)
{
    RespValue v;
    v.m_type = Type::Integer;
    v.m_integer = value;
    return v;
}

RespValue RespValue::string(const QByteArray &s)
{
    RespValue v;
    v.m_type = Type::String;
    v.m_bytes = s;
    return v;
}

RespValue RespValue::array(const QList<RespValue> &elements)
{
    RespValue v;
    v.m_type = Type::Array;
    v.m_elements = elements;
    return v;
}

QByteArray RespValue::bytes() const
{
    if (m_type == Type::Integer)
        return QByteArray::number(m_integer);
    return m_bytes;
}

QString RespValue::toDisplayString() const
{
    QString out;
    appendDisplay(&out, 0);
    // redis-cli ends every reply with a newline; a caller placing this in a view does not want it.
    if (out.endsWith(QLatin1Char('\n')))
        out.chop(1);
    return out;
}

// `indent` is the width of the prefix redis-cli puts before continuation lines of a nested
// array: each level adds the width of its largest index plus ") ".
void RespValue::appendDisplay(QString *out, int indent) const
{
    switch (m_type) {
    case Type::Nil:
        out->append(QLatin1String("(nil)\n"));
        return;
    case Type::Status:
        out->append(QString::fromUtf8(m_bytes));
        out->append(QLatin1Char('\n'));
        return;
    case Type::Error:
        out->append(QLatin1String("(error) "));
        out->append(QString::fromUtf8(m_bytes));
        out->append(QLatin1Char('\n'));
        return;
    case Type::Integer:
        out->append(QLatin1String("(integer) "));
        out->append(QString::number(m_integer));
        out->append(QLatin1Char('\n'));
        return;
    case Type::String:
        appendQuoted(out, m_bytes);
        out->append(QLatin1Char('\n'));
        return;
    case Type::Array:
        break;
    }

    if (m_elements.isEmpty()) {
        out->append(QLatin1String("(empty array)\n"));
        return;
    }
    const int width = int(QString::number(m_elements.size()).size());
    const QString prefix(indent, QLatin1Char(' '));
    for (qsizetype i = 0; i < m_elements.size(); ++i) {
        // The first element shares the line the parent already started with its own index.
        if (i > 0)
            out->append(prefix);
        out->append(QStringLiteral("%1) ").arg(i + 1, width));
        m_elements.at(i).appendDisplay(out, indent + width + 2);
    }
}

bool RespValue::operator==(const RespValue &other) const
{
    return m_type == other.m_type && m_bytes == other.m_bytes && m_integer == other.m_integer
        && m_elements == other.m_elements;
}
