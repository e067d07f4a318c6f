#pragma once

#include "KeyReading.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <array>
#include <functional>
#include <memory>

class QCryptographicHash;
class RespClient;
class RespValue;

// Compares one value too big to read at once (DatasetCompare's canonical limit) whose DUMP
// payloads differ, e.g. a large hash whose order follows each process's hash seed: both
// sides are read in parts of a bounded size (GETRANGE, LRANGE, ZRANGE, XRANGE in order;
// HSCAN, SSCAN without one, summed order-independently and checked against HLEN/SCARD)
// into one fingerprint per side. These reads are not atomic: while writes go on, a value
// that reads differently twice is "changing"; the caller compares it again with writes
// paused. Both clients must already have the key's db selected.
class BigValueCompare : public QObject
{
    Q_OBJECT
public:
    struct Outcome
    {
        QString what;    // "" equal, else as KeyReading::describe(), or "changing"
        QString error;   // a command failed: nothing decided
    };
    using Done = std::function<void(const Outcome &outcome)>;

    // `size`: MEMORY USAGE of the value (sizes the parts); `source`/`target`: the key's
    // readings so far (type and TTL).
    BigValueCompare(RespClient *source, RespClient *target, const QByteArray &key, qint64 size, QObject *parent);

    void start(bool live, const KeyReading &source, const KeyReading &target, int toleranceMs, Done done);

private:
    struct Side
    {
        RespClient *client = nullptr;
        QByteArray digest;       // the last complete pass
        QByteArray previous;     // the pass before
        // Per pass:
        qint64 length = 0;       // elements (bytes for strings) the server reports
        qint64 at = 0;           // next index / byte offset
        qint64 seen = 0;         // elements read
        QByteArray cursor;       // HSCAN/SSCAN cursor, XRANGE's next start
        std::array<quint32, 5> sum{};   // order-independent sum of element SHA-1s
        std::shared_ptr<QCryptographicHash> ordered;
        bool incomplete = false;  // a read failed or missed elements: not comparable
        bool previousIncomplete = false;
        bool done = false;
    };

    void pass();
    void send(Side *side, const QByteArrayList &command, const std::function<void(const RespValue &)> &handle);
    void readPart(Side *side);
    void addUnordered(Side *side, const QByteArray &element);
    void sideDone(Side *side);
    QString describe(bool same) const;
    void finish(const Outcome &outcome);
    qint64 partCount(const Side &side) const;

    QByteArray m_key;
    QByteArray m_type;
    qint64 m_size;
    bool m_live = false;
    int m_passes = 0;
    int m_toleranceMs = 0;
    KeyReading m_source;
    KeyReading m_target;
    Side m_sides[2];
    int m_pending = 0;       // sides still reading in this pass
    Done m_done;
    bool m_finished = false;
};
