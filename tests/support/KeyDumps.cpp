#include "KeyDumps.h"

#include "BlockingRedis.h"
#include "DatasetFiller.h"

#include <QElapsedTimer>
#include <QList>

#include <algorithm>
#include <map>

namespace {

constexpr int kDumpTimeoutMs = 60000;
constexpr int kMaxExamples = 10;
// compare() reads absolute expiry times (7.0+): equal on a replica however long apart the two
// reads are, where PTTLs read a second apart differ by that second.
const QByteArray kExpiry = QByteArrayLiteral("PEXPIRETIME");

struct DumpedKey
{
    QByteArray key;
    QByteArray payload;
    bool exists = false;
    qint64 ttl = -2;   // PTTL (ms left) or PEXPIRETIME (unix ms); -1 none, -2 no key
};

// One SCAN page of the selected db; `cursor` moves on ("0" at the end).
bool scanPage(BlockingRedis &redis, QByteArray *cursor, int count, QByteArrayList *keys, QString *error)
{
    const BlockingRedis::Reply page = redis.call({QByteArrayLiteral("SCAN"), *cursor, QByteArrayLiteral("COUNT"),
                                                  QByteArray::number(count)});
    if (!page.ok || page.elements.isEmpty()) {
        *error = QStringLiteral("SCAN on %1: %2").arg(redis.address(), page.error ? QString::fromUtf8(page.text) : redis.errorString());
        return false;
    }
    *cursor = page.elements.first();
    *keys = page.arrays.value(0);
    return true;
}

// DUMP + `ttlCommand` (PTTL or PEXPIRETIME) of every key in one pipeline.
bool readDumps(BlockingRedis &redis, const QByteArrayList &keys, const QByteArray &ttlCommand, QList<DumpedKey> *out,
               QString *error)
{
    out->clear();
    for (const QByteArray &k : keys) {
        redis.append({QByteArrayLiteral("DUMP"), k});
        redis.append({ttlCommand, k});
    }
    bool ok = true;
    for (const QByteArray &k : keys) {
        const BlockingRedis::Reply dump = redis.reply();
        const BlockingRedis::Reply ttl = redis.reply();
        if (!dump.ok || !ttl.ok) {
            const BlockingRedis::Reply &failed = dump.ok ? ttl : dump;
            if (ok)
                *error = QStringLiteral("DUMP/%1 on %2: %3").arg(QString::fromLatin1(ttlCommand), redis.address(),
                                                                 failed.error ? QString::fromUtf8(failed.text) : redis.errorString());
            ok = false;
            continue;
        }
        out->append({k, dump.text, !dump.nil, ttl.text.toLongLong()});
    }
    return ok;
}

bool selectDb(BlockingRedis &redis, int db, QString *error)
{
    const BlockingRedis::Reply r = redis.call({QByteArrayLiteral("SELECT"), QByteArray::number(db)});
    if (!r.ok)
        *error = QStringLiteral("SELECT %1 on %2: %3").arg(db).arg(redis.address(), r.error ? QString::fromUtf8(r.text) : redis.errorString());
    return r.ok;
}

// What each key holds, independent of the server's internal order: TYPE, then a set's
// members or a hash's field/value pairs sorted, or for other types the DUMP payload.
bool contentsOf(BlockingRedis &redis, const QByteArrayList &keys, QList<QByteArrayList> *out, QString *error)
{
    out->clear();
    for (const QByteArray &k : keys)
        redis.append({QByteArrayLiteral("TYPE"), k});
    QByteArrayList types;
    for (qsizetype i = 0; i < keys.size(); ++i)
        types << redis.reply().text;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QByteArray command = types.at(i) == "set" ? QByteArrayLiteral("SMEMBERS")
                                   : types.at(i) == "hash" ? QByteArrayLiteral("HGETALL") : QByteArrayLiteral("DUMP");
        redis.append({command, keys.at(i)});
    }
    bool ok = true;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const BlockingRedis::Reply r = redis.reply();
        if (!r.ok && ok) {
            *error = QStringLiteral("reading %1 on %2: %3").arg(QString::fromUtf8(keys.at(i)), redis.address(),
                                                                r.error ? QString::fromUtf8(r.text) : redis.errorString());
            ok = false;
        }
        QByteArrayList content;
        if (types.at(i) == "hash") {
            for (qsizetype j = 0; j + 1 < r.elements.size(); j += 2)
                content << QByteArray::number(r.elements.at(j).size()) + ':' + r.elements.at(j) + r.elements.at(j + 1);
        } else {
            content = types.at(i) == "set" ? r.elements : QByteArrayList{r.text};
        }
        std::sort(content.begin(), content.end());
        content.prepend(types.at(i));
        out->append(content);
    }
    return ok;
}

// Reads the RESTORE replies still owed; the first error is kept.
bool collectRestores(BlockingRedis &target, qint64 *owed, QString *error)
{
    bool ok = true;
    for (; *owed > 0; --*owed) {
        const BlockingRedis::Reply r = target.reply();
        if (ok && !r.ok) {
            *error = QStringLiteral("RESTORE on %1: %2").arg(target.address(), r.error ? QString::fromUtf8(r.text) : target.errorString());
            ok = false;
        }
    }
    return ok;
}

} // namespace

KeyDumps::Copied KeyDumps::copy(const QString &source, const QString &target, int batch, const QString &password)
{
    Copied result;
    QElapsedTimer clock;
    clock.start();
    BlockingRedis from(source, password, kDumpTimeoutMs);
    BlockingRedis to(target, password, kDumpTimeoutMs);
    if (!from.isConnected() || !to.isConnected()) {
        result.error = from.isConnected() ? to.errorString() : from.errorString();
        return result;
    }
    for (const DatasetFiller::DbKeys &db : DatasetFiller::keyspace(source, password)) {
        if (!selectDb(from, db.db, &result.error) || !selectDb(to, db.db, &result.error))
            return result;
        QByteArray cursor = "0";
        qint64 owed = 0;
        QByteArrayList keys;
        QList<DumpedKey> dumps;
        do {
            if (!scanPage(from, &cursor, batch, &keys, &result.error) || !readDumps(from, keys, QByteArrayLiteral("PTTL"), &dumps, &result.error)
                || !collectRestores(to, &owed, &result.error))
                return result;
            for (const DumpedKey &d : std::as_const(dumps)) {
                if (!d.exists)
                    continue;   // expired or deleted since the SCAN
                to.append({QByteArrayLiteral("RESTORE"), d.key, QByteArray::number(d.ttl > 0 ? d.ttl : 0), d.payload,
                           QByteArrayLiteral("REPLACE")});
                ++owed;
                ++result.keys;
                result.bytes += d.payload.size();
            }
            if (!to.flush()) {
                result.error = to.errorString();
                return result;
            }
        } while (cursor != "0");
        if (!collectRestores(to, &owed, &result.error))
            return result;
    }
    result.elapsedMs = clock.elapsed();
    return result;
}

KeyDumps::Compared KeyDumps::compare(const QString &a, const QString &b, int ttlToleranceMs, const QString &password)
{
    Compared result;
    BlockingRedis ra(a, password, kDumpTimeoutMs);
    BlockingRedis rb(b, password, kDumpTimeoutMs);
    if (!ra.isConnected() || !rb.isConnected()) {
        result.error = ra.isConnected() ? rb.errorString() : ra.errorString();
        return result;
    }
    auto differs = [&result](int db, const QByteArray &key, const QString &what, qint64 count = 1) {
        result.differing += count;
        if (result.examples.size() < kMaxExamples)
            result.examples << QStringLiteral("db %1 %2: %3").arg(db).arg(QString::fromUtf8(key), what);
    };
    std::map<int, qint64> countsOnB;
    for (const DatasetFiller::DbKeys &db : DatasetFiller::keyspace(b, password))
        countsOnB[db.db] = db.keys;
    const QList<DatasetFiller::DbKeys> dbsOnA = DatasetFiller::keyspace(a, password);
    for (const DatasetFiller::DbKeys &db : dbsOnA) {
        if (!selectDb(ra, db.db, &result.error) || !selectDb(rb, db.db, &result.error))
            return result;
        QByteArray cursor = "0";
        QByteArrayList keys;
        QList<DumpedKey> onA, onB;
        QByteArrayList suspects;   // same TTL, different DUMP payload
        qint64 present = 0;   // keys of this db that b has
        do {
            if (!scanPage(ra, &cursor, 1000, &keys, &result.error) || !readDumps(ra, keys, kExpiry, &onA, &result.error)
                || !readDumps(rb, keys, kExpiry, &onB, &result.error))
                return result;
            for (qsizetype i = 0; i < onA.size(); ++i) {
                const DumpedKey &x = onA.at(i);
                const DumpedKey &y = onB.at(i);
                if (!x.exists)
                    continue;   // gone on a since the SCAN (an expiry)
                ++result.keys;
                present += y.exists ? 1 : 0;
                if (!y.exists)
                    differs(db.db, x.key, QStringLiteral("missing on %1").arg(b));
                else if ((x.ttl < 0) != (y.ttl < 0) || qAbs(x.ttl - y.ttl) > ttlToleranceMs)
                    differs(db.db, x.key, QStringLiteral("expiry %1 vs %2 (unix ms)").arg(x.ttl).arg(y.ttl));
                else if (x.payload != y.payload)
                    suspects << x.key;
            }
            // Hashtable-encoded sets and hashes DUMP in an order each server seeds: compare
            // what they hold instead.
            QList<QByteArrayList> contentA, contentB;
            if (!contentsOf(ra, suspects, &contentA, &result.error) || !contentsOf(rb, suspects, &contentB, &result.error))
                return result;
            for (qsizetype i = 0; i < suspects.size(); ++i) {
                if (contentA.at(i) != contentB.at(i))
                    differs(db.db, suspects.at(i), QStringLiteral("content differs"));
            }
            suspects.clear();
        } while (cursor != "0");
        const auto it = countsOnB.find(db.db);
        const qint64 onlyOnB = (it == countsOnB.end() ? 0 : it->second) - present;
        if (onlyOnB > 0)
            differs(db.db, "*", QStringLiteral("%1 key(s) only on %2").arg(onlyOnB).arg(b), onlyOnB);
        countsOnB.erase(db.db);
    }
    for (const auto &[db, keys] : countsOnB) {
        if (keys > 0)
            differs(db, "*", QStringLiteral("%1 key(s) only on %2").arg(keys).arg(b), keys);
    }
    return result;
}
