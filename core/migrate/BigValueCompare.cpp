#include "BigValueCompare.h"

#include "net/RespClient.h"

#include <QCryptographicHash>

namespace {

constexpr qint64 kPartBytes = 1'000'000;   // about this much of the value per command
constexpr qint64 kMaxPartElements = 1000;

QByteArray lengthCommand(const QByteArray &type)
{
    if (type == "string")
        return "STRLEN";
    if (type == "list")
        return "LLEN";
    if (type == "zset")
        return "ZCARD";
    if (type == "stream")
        return "XLEN";
    if (type == "hash")
        return "HLEN";
    if (type == "set")
        return "SCARD";
    return {};
}

} // namespace

BigValueCompare::BigValueCompare(RespClient *source, RespClient *target, const QByteArray &key, qint64 size,
                                 QObject *parent)
    : QObject(parent)
    , m_key(key)
    , m_size(size)
{
    m_sides[0].client = source;
    m_sides[1].client = target;
}

void BigValueCompare::start(bool live, const KeyReading &source, const KeyReading &target, int toleranceMs, Done done)
{
    m_live = live;
    m_source = source;
    m_target = target;
    m_type = source.type;
    m_toleranceMs = toleranceMs;
    m_done = std::move(done);
    if (lengthCommand(m_type).isEmpty())
        return finish({QStringLiteral("payload differs"), {}});
    pass();
}

void BigValueCompare::pass()
{
    ++m_passes;
    m_pending = 2;
    for (Side &side : m_sides) {
        side.previous = side.digest;
        side.previousIncomplete = side.incomplete;
        side.digest.clear();
        side.length = side.at = side.seen = 0;
        side.cursor = m_type == "stream" ? QByteArray("-") : QByteArray("0");
        side.sum = {};
        side.ordered = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha1);
        side.incomplete = false;
        side.done = false;
        Side *s = &side;
        send(s, {lengthCommand(m_type), m_key}, [this, s](const RespValue &v) {
            s->length = v.toInteger();
            readPart(s);
        });
    }
}

void BigValueCompare::send(Side *side, const QByteArrayList &command, const std::function<void(const RespValue &)> &handle)
{
    side->client->send(command, this, [this, side, handle](const RespResult &r) {
        if (m_finished)
            return;
        if (!r.ok() && r.error.kind != NetError::Kind::ServerError)
            return finish({{}, r.errorText()});
        if (r.value.isError()) {
            // The key changed type or went away in between: this pass cannot say.
            side->incomplete = true;
            return sideDone(side);
        }
        handle(r.value);
    });
}

qint64 BigValueCompare::partCount(const Side &side) const
{
    if (m_size <= 0 || side.length <= 0)
        return kMaxPartElements;
    return qBound<qint64>(1, kPartBytes * side.length / m_size, kMaxPartElements);
}

void BigValueCompare::addUnordered(Side *side, const QByteArray &element)
{
    const QByteArray h = QCryptographicHash::hash(element, QCryptographicHash::Sha1);
    for (int i = 0; i < 5; ++i) {
        quint32 lane = 0;
        for (int b = 0; b < 4; ++b)
            lane = (lane << 8) | quint8(h.at(i * 4 + b));
        side->sum[i] += lane;   // wraps: a sum does not depend on the order
    }
    ++side->seen;
}

void BigValueCompare::readPart(Side *side)
{
    const qint64 count = partCount(*side);
    const QByteArray from = QByteArray::number(side->at);
    if (m_type == "string") {
        if (side->at >= side->length)
            return sideDone(side);
        send(side, {"GETRANGE", m_key, from, QByteArray::number(side->at + kPartBytes - 1)}, [this, side](const RespValue &v) {
            side->ordered->addData(v.bytes());
            side->at += v.bytes().size();
            side->seen = side->at;
            v.bytes().isEmpty() ? sideDone(side) : readPart(side);
        });
    } else if (m_type == "list" || m_type == "zset") {
        QByteArrayList command{m_type == "list" ? QByteArray("LRANGE") : QByteArray("ZRANGE"), m_key, from,
                               QByteArray::number(side->at + count - 1)};
        if (m_type == "zset")
            command << "WITHSCORES";
        const qsizetype perElement = m_type == "zset" ? 2 : 1;
        send(side, command, [this, side, count, perElement](const RespValue &v) {
            KeyReading::hashValue(side->ordered.get(), v);
            const qint64 n = v.elements().size() / perElement;
            side->at += n;
            side->seen += n;
            n < count ? sideDone(side) : readPart(side);
        });
    } else if (m_type == "stream") {
        send(side, {"XRANGE", m_key, side->cursor, "+", "COUNT", QByteArray::number(count)}, [this, side, count](const RespValue &v) {
            KeyReading::hashValue(side->ordered.get(), v);
            const qint64 n = v.elements().size();
            side->seen += n;
            if (n > 0 && v.elements().last().isArray() && !v.elements().last().elements().isEmpty())
                side->cursor = "(" + v.elements().last().elements().first().bytes();   // exclusive (6.2+)
            n < count ? sideDone(side) : readPart(side);
        });
    } else {
        const bool hash = m_type == "hash";
        send(side, {hash ? QByteArray("HSCAN") : QByteArray("SSCAN"), m_key, side->cursor, "COUNT", QByteArray::number(count)},
             [this, side, hash](const RespValue &v) {
                 if (v.elements().size() != 2)
                     return finish({{}, tr("Unexpected reply to a SCAN of %1").arg(QString::fromUtf8(m_key))});
                 side->cursor = v.elements().at(0).bytes();
                 const QList<RespValue> &items = v.elements().at(1).elements();
                 for (qsizetype i = 0; i < items.size(); i += hash ? 2 : 1) {
                     QByteArray element = items.at(i).bytes();
                     if (hash && i + 1 < items.size())
                         element = QByteArray::number(element.size()) + ':' + element + items.at(i + 1).bytes();
                     addUnordered(side, element);
                 }
                 side->cursor == "0" ? sideDone(side) : readPart(side);
             });
    }
}

void BigValueCompare::sideDone(Side *side)
{
    if (side->done)
        return;
    side->done = true;
    // A SCAN may return an element twice (the table was resized meanwhile): then the count
    // is off and the sum says nothing.
    if (side->seen != side->length)
        side->incomplete = true;
    if (m_type == "hash" || m_type == "set") {
        for (quint32 lane : side->sum)
            side->digest.append(QByteArray::number(lane, 16)).append(':');
        side->digest.append(QByteArray::number(side->seen));
    } else {
        side->digest = side->ordered->result();
    }
    side->ordered.reset();
    if (--m_pending > 0)
        return;
    const Side &s = m_sides[0];
    const Side &t = m_sides[1];
    const bool same = !s.incomplete && !t.incomplete && s.digest == t.digest;
    if (same || !m_live)
        return finish({describe(same), {}});
    if (m_passes < 2)
        return pass();
    // The same on each side in both passes: a real difference, not a write in between.
    const bool stable = !s.incomplete && !t.incomplete && !s.previousIncomplete && !t.previousIncomplete
                        && s.digest == s.previous && t.digest == t.previous;
    finish({stable ? describe(false) : QStringLiteral("changing"), {}});
}

QString BigValueCompare::describe(bool same) const
{
    KeyReading s = m_source;
    KeyReading t = m_target;
    s.fingerprint = "value";
    t.fingerprint = same ? "value" : "other";
    return KeyReading::describe(s, t, m_toleranceMs);
}

void BigValueCompare::finish(const Outcome &outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_done)
        m_done(outcome);
}
