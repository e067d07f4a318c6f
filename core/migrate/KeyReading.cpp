#include "KeyReading.h"

#include <QCryptographicHash>

#include <algorithm>
#include <cstdlib>

namespace {

void feedLength(QCryptographicHash *hash, char tag, qsizetype length)
{
    char header[9];
    header[0] = tag;
    quint64 n = quint64(length);
    for (int i = 1; i < 9; ++i) {
        header[i] = char(n & 0xff);
        n >>= 8;
    }
    hash->addData(QByteArrayView(header, 9));
}

// The value in an order that does not depend on the node: HGETALL's pairs and SMEMBERS'
// members sorted, everything else as the server orders it.
QByteArray canonicalDigest(const QByteArray &type, const RespValue &value)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    if ((type == "hash" || type == "set") && value.isArray()) {
        const QList<RespValue> &e = value.elements();
        if (type == "hash") {
            QList<QPair<QByteArray, QByteArray>> pairs;
            pairs.reserve(e.size() / 2);
            for (qsizetype i = 0; i + 1 < e.size(); i += 2)
                pairs.append({e.at(i).bytes(), e.at(i + 1).bytes()});
            std::sort(pairs.begin(), pairs.end());
            feedLength(&hash, '*', pairs.size());
            for (const auto &p : pairs) {
                feedLength(&hash, '$', p.first.size());
                hash.addData(p.first);
                feedLength(&hash, '$', p.second.size());
                hash.addData(p.second);
            }
        } else {
            QByteArrayList members;
            members.reserve(e.size());
            for (const RespValue &m : e)
                members.append(m.bytes());
            std::sort(members.begin(), members.end());
            feedLength(&hash, '*', members.size());
            for (const QByteArray &m : members) {
                feedLength(&hash, '$', m.size());
                hash.addData(m);
            }
        }
    } else {
        KeyReading::hashValue(&hash, value);
    }
    return hash.result();
}

QString ttlText(qint64 pttl)
{
    return pttl == -1 ? QStringLiteral("none") : QStringLiteral("%1 ms").arg(pttl);
}

} // namespace

// Every string with its length, arrays with their size, so no two values hash alike by
// concatenation.
void KeyReading::hashValue(QCryptographicHash *hash, const RespValue &value)
{
    if (value.isArray()) {
        feedLength(hash, '*', value.elements().size());
        for (const RespValue &e : value.elements())
            hashValue(hash, e);
        return;
    }
    if (value.isNil()) {
        feedLength(hash, '_', 0);
        return;
    }
    const QByteArray bytes = value.bytes();
    feedLength(hash, '$', bytes.size());
    hash->addData(bytes);
}

QList<QByteArrayList> KeyReading::commands(const QByteArray &key, Form form, const QByteArray &type)
{
    QList<QByteArrayList> out{{"TYPE", key}};
    if (form == Form::Existence)
        return out;
    if (form == Form::Dump)
        out.append(QByteArrayList{"DUMP", key});
    else if (type == "string")
        out.append(QByteArrayList{"GET", key});
    else if (type == "hash")
        out.append(QByteArrayList{"HGETALL", key});
    else if (type == "set")
        out.append(QByteArrayList{"SMEMBERS", key});
    else if (type == "zset")
        out.append(QByteArrayList{"ZRANGE", key, "0", "-1", "WITHSCORES"});
    else if (type == "list")
        out.append(QByteArrayList{"LRANGE", key, "0", "-1"});
    else if (type == "stream")
        out.append(QByteArrayList{"XRANGE", key, "-", "+"});
    else
        out.append(QByteArrayList{"DUMP", key});
    out.append(QByteArrayList{"PTTL", key});
    return out;
}

bool KeyReading::canCanonicalize(const QByteArray &type)
{
    static const QByteArrayList types{"string", "hash", "set", "zset", "list", "stream"};
    return types.contains(type);
}

KeyReading KeyReading::parse(const QList<RespValue> &replies, qsizetype at, Form form, const QByteArray &type)
{
    KeyReading r;
    if (at + commandCount(form) > replies.size())
        return r;
    const RespValue &t = replies.at(at);
    r.type = t.isError() ? QByteArray("E") + t.bytes() : t.bytes();
    if (form == Form::Existence) {
        r.pttl = r.exists() ? -1 : -2;
        return r;
    }
    const RespValue &v = replies.at(at + 1);
    if (v.isError())
        r.fingerprint = QByteArray("E") + v.bytes();
    else if (!r.exists())
        r.fingerprint.clear();
    else if (form == Form::Dump || !canCanonicalize(type))
        r.fingerprint = v.isNil() ? QByteArray() : QCryptographicHash::hash(v.bytes(), QCryptographicHash::Sha1);
    else
        r.fingerprint = canonicalDigest(type, v);
    const RespValue &p = replies.at(at + 2);
    r.pttl = p.type() == RespValue::Type::Integer ? p.toInteger() : -2;
    return r;
}

bool KeyReading::ttlClose(qint64 a, qint64 b, int toleranceMs)
{
    if (a < 0 || b < 0)
        return a == b;
    return std::llabs(a - b) <= toleranceMs;
}

bool KeyReading::same(const KeyReading &a, const KeyReading &b, int toleranceMs)
{
    if (!a.exists() && !b.exists())
        return true;
    return a.type == b.type && a.fingerprint == b.fingerprint && ttlClose(a.pttl, b.pttl, toleranceMs);
}

QString KeyReading::describe(const KeyReading &source, const KeyReading &target, int toleranceMs)
{
    if (same(source, target, toleranceMs))
        return {};
    if (!source.exists())
        return QStringLiteral("only on the target");
    if (!target.exists())
        return QStringLiteral("missing on the target");
    if (source.type != target.type)
        return QStringLiteral("type %1 vs %2").arg(QString::fromUtf8(source.type), QString::fromUtf8(target.type));
    QStringList parts;
    if (source.fingerprint != target.fingerprint)
        parts.append(QStringLiteral("payload differs"));
    if (!ttlClose(source.pttl, target.pttl, toleranceMs))
        parts.append(QStringLiteral("TTL %1 vs %2").arg(ttlText(source.pttl), ttlText(target.pttl)));
    return parts.join(QStringLiteral("; "));
}
