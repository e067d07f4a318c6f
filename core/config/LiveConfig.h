#pragma once

#include "ConfigDocument.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

class RespValue;

// A node's running configuration (the CONFIG GET * reply) as a redis.conf document, written
// the way CONFIG REWRITE would: canonical names only, one directive per line, sorted by name,
// multi-line directives (save, client-output-buffer-limit) split into one line per entry.
// Secrets are masked unless the caller explicitly asks for them, so that printing or logging
// the result is safe by default.
class LiveConfig
{
public:
    enum class Secrets { Hide, Show };

    // Stands in for a non-empty sensitive value. Empty ones stay empty: "no password" is not
    // a secret, and hiding it would hide a real misconfiguration.
    static QByteArray placeholder();

    // `reply` must be the flat array name, value, name, value, ... of CONFIG GET *.
    // Returns false (and an empty document) with a reason when the reply has another shape.
    static bool fromReply(const RespValue &reply, ConfigDocument *doc, QString *error,
                          Secrets secrets = Secrets::Hide);
    static ConfigDocument fromPairs(const QList<QPair<QByteArray, QByteArray>> &pairs,
                                    Secrets secrets = Secrets::Hide);

    // The CONFIG GET * pairs by canonical lower-case name, sorted: 7.0 answers with old alias
    // names too (slaveof, slave-read-only...); the canonical name's value wins.
    static QMap<QByteArray, QByteArray> canonicalValues(const QList<QPair<QByteArray, QByteArray>> &pairs);
    // One redis.conf line: the name and its arguments, quoted as CONFIG REWRITE would.
    static QByteArray directiveLine(const QByteArray &name, const QList<QByteArray> &args);
    // Whether the schema marks `name` a secret (requirepass, masterauth, tls-*-pass...).
    static bool isSecret(const QByteArray &name);

    // The argument lists (one per file line) CONFIG REWRITE writes for `value` of `name`.
    static QList<QList<QByteArray>> linesFor(const QByteArray &name, const QByteArray &value);
};
