#pragma once

#include <QString>
#include <QStringList>

// Whole-server work key by key with SCAN and DUMP, on blocking connections of its own, in
// pipelined batches: copy() moves data the way copy tools do (a baseline for migrations),
// compare() checks two servers hold the same data.
class KeyDumps
{
public:
    struct Copied
    {
        qint64 keys = 0;            // keys restored on the target
        qint64 bytes = 0;           // DUMP payload bytes moved
        qint64 elapsedMs = 0;
        QString error;
        bool ok() const { return error.isEmpty(); }
    };
    // Every db of `source` holding keys: SCAN (COUNT batch), DUMP + PTTL of the page in one
    // pipeline, RESTORE key ttl payload REPLACE on `target` in one pipeline that the target
    // works through while the next page is read. A key gone between SCAN and DUMP is skipped.
    static Copied copy(const QString &source, const QString &target, int batch = 1000, const QString &password = {});

    struct Compared
    {
        qint64 keys = 0;            // keys of `a` compared
        qint64 differing = 0;       // keys that differ, are missing on `b` or exist only on `b`
        QStringList examples;       // the first few, "db 3 fill:hash:42: payload differs"
        QString error;
        bool ok() const { return error.isEmpty(); }
    };
    // Every key of every db of `a` against `b`: the DUMP payload (for sets and hashes whose
    // payloads differ, what they hold: a hashtable DUMPs in an order each server seeds, so
    // equal data may DUMP differently on a replica), and the expiry (PEXPIRETIME, Redis 7.0+) within
    // `ttlToleranceMs` (no TTL on both sides counts as equal); then each db's key count on `b`,
    // so keys only `b` has are counted too. Call with both sides quiet.
    static Compared compare(const QString &a, const QString &b, int ttlToleranceMs = 1000, const QString &password = {});
};
