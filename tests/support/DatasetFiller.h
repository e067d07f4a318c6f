#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <array>

// Fills a real redis-server fast with a deterministic mixed dataset: N keys of every type
// (string, hash, list, set, zset, stream) spread over some dbs, a share of them with TTLs,
// value sizes chosen so that the whole payload comes to about a given byte size. Blocking
// hiredis, pipelined in batches (1M keys of ~100 bytes take a few seconds on loopback).
//
// Key i (0-based) lives in db dbs[i % dbs.size()] and is named <prefix><type>:<i>, e.g.
// "fill:hash:42"; its type, sizes, content and TTL come from (seed, i) alone, so the same
// spec gives the same data (the same DUMP payloads) on every server and in any order.
// Fill an empty server: collections are added to, not replaced.
class DatasetFiller
{
public:
    enum Type { String, Hash, List, Set, ZSet, Stream, TypeCount };
    static QByteArray typeName(Type type);   // as TYPE answers: "string", "hash", ... "stream"

    struct Spec
    {
        qint64 keys = 1000000;
        // Payload bytes over all keys: key names, fields, members and values (Redis's own
        // per-key overhead comes on top; compare INFO memory's used_memory_dataset).
        qint64 bytes = 100000000;
        QList<int> dbs{0};
        // Relative share of each Type (index = Type). Streams are few: Redis 7.0 gives every
        // new stream node a 4 KB listpack (trimmed only when full), so 100k tiny streams
        // would hold 400 MB on the source (not in the RDB, which stores what is used).
        std::array<int, TypeCount> typeWeights{42, 20, 12, 12, 12, 2};
        double ttlFraction = 0.2;      // keys with a long TTL: ttlMs +-10 %
        qint64 ttlMs = 3600000;
        double shortTtlFraction = 0;   // keys with a short TTL: shortTtlMs x 0.5..1.5 (they expire)
        qint64 shortTtlMs = 30000;
        quint64 seed = 1;
        QByteArray prefix = "fill:";
    };

    struct Result
    {
        qint64 keys = 0;
        qint64 payloadBytes = 0;
        qint64 withTtl = 0;            // long TTLs
        qint64 withShortTtl = 0;
        std::array<qint64, TypeCount> perType{};
        qint64 elapsedMs = 0;
        QString error;                 // empty on success
        bool ok() const { return error.isEmpty(); }
    };

    static Result fill(const QString &address, const Spec &spec, const QString &password = {});

    // INFO keyspace: the dbs holding keys, ascending. Empty when unreachable.
    struct DbKeys
    {
        int db = 0;
        qint64 keys = 0;
        qint64 expires = 0;            // keys with a TTL
    };
    static QList<DbKeys> keyspace(const QString &address, const QString &password = {});
    static qint64 totalKeys(const QList<DbKeys> &dbs);
};
