#pragma once

#include "net/RespValue.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QString>

class QCryptographicHash;

// What DatasetCompare read of one key on one side, in one MULTI: its TYPE, a fingerprint of
// its value and its PTTL. The fingerprint is a SHA-1 so a batch never keeps values around:
// of the DUMP payload (Form::Dump), or of a canonical form of the value (Form::Canonical:
// sorted HGETALL / SMEMBERS, ZRANGE WITHSCORES, LRANGE, GET, XRANGE) for keys whose DUMP
// payloads differ only because the nodes encode them differently (DUMP carries the encoding,
// e.g. listpack vs hashtable, and a hashtable's order depends on the process's hash seed).
// Form::Existence reads only TYPE (is the key there at all).
struct KeyReading
{
    enum class Form { Existence, Dump, Canonical };

    QByteArray type = "none";   // TYPE; "none" when the key does not exist
    QByteArray fingerprint;     // empty when missing; "E<error>" when the read failed
    qint64 pttl = -2;           // -2 missing, -1 no TTL

    bool exists() const { return type != "none"; }

    // The commands that read `key` in `form` (Canonical needs the key's type).
    static QList<QByteArrayList> commands(const QByteArray &key, Form form, const QByteArray &type);
    static int commandCount(Form form) { return form == Form::Existence ? 1 : 3; }
    // The reading from the replies to commands(), starting at `at` in an EXEC reply.
    static KeyReading parse(const QList<RespValue> &replies, qsizetype at, Form form, const QByteArray &type);
    // Adds a reply to a running hash: strings with their length, arrays with their size.
    static void hashValue(QCryptographicHash *hash, const RespValue &value);
    // Whether a canonical form exists for this TYPE.
    static bool canCanonicalize(const QByteArray &type);

    // Both -1, both -2, or both >= 0 and no further apart than the tolerance.
    static bool ttlClose(qint64 a, qint64 b, int toleranceMs);
    static bool same(const KeyReading &a, const KeyReading &b, int toleranceMs);
    // Why the target's reading differs from the source's ("" when they agree):
    // "missing on the target", "only on the target", "type string vs hash", "payload differs",
    // "TTL 5000 ms vs none", or payload and TTL joined by "; ".
    static QString describe(const KeyReading &source, const KeyReading &target, int toleranceMs);
};
