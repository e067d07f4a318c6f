#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

// One RESP2 reply as a plain value (converted from hiredis' redisReply by RespReader).
class RespValue
{
public:
    enum class Type { Nil, Status, Error, Integer, String, Array };

    RespValue() = default;
    static RespValue nil() { return {}; }
    static RespValue status(const QByteArray &s);
    static RespValue error(const QByteArray &s);
    static RespValue integer(qint64 v);
    static RespValue string(const QByteArray &s);
    static RespValue array(const QList<RespValue> &elements);

    Type type() const { return m_type; }
    bool isNil() const { return m_type == Type::Nil; }
    bool isError() const { return m_type == Type::Error; }
    bool isArray() const { return m_type == Type::Array; }

    // Status, Error and String payloads; the decimal text for Integer.
    QByteArray bytes() const;
    QString text() const { return QString::fromUtf8(bytes()); }
    qint64 toInteger() const { return m_integer; }
    const QList<RespValue> &elements() const { return m_elements; }

    // Formatted like redis-cli does for a terminal: (integer) 1, "str", (nil), 1) ...
    QString toDisplayString() const;

    bool operator==(const RespValue &other) const;

private:
    void appendDisplay(QString *out, int indent) const;

    Type m_type = Type::Nil;
    QByteArray m_bytes;
    qint64 m_integer = 0;
    QList<RespValue> m_elements;
};

Q_DECLARE_METATYPE(RespValue)
