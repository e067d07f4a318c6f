#include "DatasetFiller.h"

#include "BlockingRedis.h"

#include <QElapsedTimer>

#include <algorithm>

namespace {

// splitmix64: tiny, fast and good enough for picking sizes and slices.
class FillRng
{
public:
    explicit FillRng(quint64 seed) : m_state(seed) {}
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    qint64 between(qint64 lo, qint64 hi) { return lo + qint64(next() % quint64(hi - lo + 1)); }   // inclusive
    double unit() { return double(next() >> 11) / double(1ull << 53); }

private:
    quint64 m_state;
};

constexpr int kPoolBytes = 4 << 20;        // values are slices of this (random alphanumerics)
constexpr double kBigShare = 1.0 / 500;    // keys with many elements (non-compact encodings)
constexpr double kBigFactor = 40;          // their share of the byte budget
constexpr int kBatchCommands = 1000;
constexpr qint64 kBatchBytes = 4 << 20;

QByteArray makePool(quint64 seed)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    FillRng rng(seed ^ 0x5eedf111ull);
    QByteArray pool(kPoolBytes, Qt::Uninitialized);
    for (char &c : pool)
        c = alphabet[rng.next() % (sizeof(alphabet) - 1)];
    return pool;
}

// Writes one key's commands into the pipeline and counts what was written.
class KeyWriter
{
public:
    KeyWriter(BlockingRedis *redis, const DatasetFiller::Spec &spec, const QByteArray &pool)
        : m_redis(redis), m_spec(spec), m_pool(pool)
    {
        const double weightSum = std::max(1, [&] {
            int s = 0;
            for (int w : spec.typeWeights)
                s += std::max(0, w);
            return s;
        }());
        double acc = 0;
        for (int t = 0; t < DatasetFiller::TypeCount; ++t) {
            acc += std::max(0, spec.typeWeights[size_t(t)]) / weightSum;
            m_cumulative[size_t(t)] = acc;
        }
        // The budget of an average key, so that big keys do not push the total over.
        const double perKey = double(spec.bytes) / double(std::max<qint64>(1, spec.keys));
        m_baseBudget = perKey / ((1 - kBigShare) + kBigShare * kBigFactor);
    }

    qint64 commands = 0;       // appended since the last drain
    qint64 pendingBytes = 0;

    void write(qint64 index, DatasetFiller::Result *result)
    {
        FillRng rng(m_spec.seed * 0x2545F4914F6CDD1Dull + quint64(index) + 1);
        const double pick = rng.unit();
        int type = 0;
        while (type < DatasetFiller::TypeCount - 1 && pick >= m_cumulative[size_t(type)])
            ++type;
        const bool big = rng.unit() < kBigShare;
        const QByteArray name = m_spec.prefix + DatasetFiller::typeName(DatasetFiller::Type(type)) + ':'
                                + QByteArray::number(index);
        qint64 elements = 1;
        if (type == DatasetFiller::Stream)
            elements = 2 * (big ? rng.between(32, 128) : rng.between(1, 4));   // entries of two fields
        else if (type != DatasetFiller::String)
            elements = big ? rng.between(64, 256) : rng.between(2, 8);
        const double budget = m_baseBudget * (big ? kBigFactor : 1.0) * (0.5 + rng.unit());
        const qint64 valueLen = std::clamp<qint64>(qint64((budget - double(name.size())) / double(elements)) - 3, 1,
                                                   kPoolBytes / 2);
        qint64 bytes = name.size();
        auto value = [&]() {
            const qint64 offset = qint64(rng.next() % quint64(kPoolBytes - valueLen));
            bytes += valueLen;
            return QByteArray::fromRawData(m_pool.constData() + offset, valueLen);
        };
        auto member = [&](qint64 j, char tag) {   // distinct within the key
            const QByteArray m = tag + QByteArray::number(j);
            bytes += m.size();
            return m;
        };

        const double ttlPick = rng.unit();
        qint64 ttl = 0;
        if (ttlPick < m_spec.ttlFraction) {
            ttl = qint64(double(m_spec.ttlMs) * (0.9 + 0.2 * rng.unit()));
            ++result->withTtl;
        } else if (ttlPick < m_spec.ttlFraction + m_spec.shortTtlFraction) {
            ttl = std::max<qint64>(1, qint64(double(m_spec.shortTtlMs) * (0.5 + rng.unit())));
            ++result->withShortTtl;
        }

        QByteArrayList args;
        switch (type) {
        case DatasetFiller::String:
            args = {QByteArrayLiteral("SET"), name, value()};
            if (ttl > 0)
                args << QByteArrayLiteral("PX") << QByteArray::number(ttl);
            break;
        case DatasetFiller::Hash:
            args = {QByteArrayLiteral("HSET"), name};
            for (qint64 j = 0; j < elements; ++j)
                args << member(j, 'f') << value();
            break;
        case DatasetFiller::List:
            args = {QByteArrayLiteral("RPUSH"), name};
            for (qint64 j = 0; j < elements; ++j)
                args << value();
            break;
        case DatasetFiller::Set:
            args = {QByteArrayLiteral("SADD"), name};
            for (qint64 j = 0; j < elements; ++j)
                args << member(j, 'm') + value();
            break;
        case DatasetFiller::ZSet:
            args = {QByteArrayLiteral("ZADD"), name};
            for (qint64 j = 0; j < elements; ++j)
                args << QByteArray::number(qint64(rng.next() % 1000000)) << member(j, 'm') + value();
            break;
        default:   // Stream: XADD per entry, ids 1-1, 1-2, ... (deterministic, unlike *)
            for (qint64 e = 0; e < elements / 2; ++e) {
                append({QByteArrayLiteral("XADD"), name, QByteArrayLiteral("1-") + QByteArray::number(e + 1),
                        member(0, 'f'), value(), member(1, 'f'), value()});
            }
            break;
        }
        if (!args.isEmpty())
            append(args);
        if (ttl > 0 && type != DatasetFiller::String)
            append({QByteArrayLiteral("PEXPIRE"), name, QByteArray::number(ttl)});
        pendingBytes += bytes;
        result->payloadBytes += bytes;
        ++result->perType[size_t(type)];
        ++result->keys;
    }

private:
    void append(const QByteArrayList &args)
    {
        m_redis->append(args);
        ++commands;
    }

    BlockingRedis *m_redis;
    const DatasetFiller::Spec &m_spec;
    const QByteArray &m_pool;
    std::array<double, DatasetFiller::TypeCount> m_cumulative{};
    double m_baseBudget = 0;
};

// Reads every reply owed; the first error (or a lost connection) ends the fill.
bool drain(BlockingRedis *redis, KeyWriter *writer, QString *error)
{
    bool ok = true;
    for (qint64 i = 0; i < writer->commands; ++i) {
        const BlockingRedis::Reply r = redis->reply();
        if (ok && !r.ok) {
            *error = r.error ? QString::fromUtf8(r.text) : redis->errorString();
            ok = false;
            if (!r.error)
                break;   // the connection is gone: no more replies
        }
    }
    writer->commands = 0;
    writer->pendingBytes = 0;
    return ok;
}

} // namespace

QByteArray DatasetFiller::typeName(Type type)
{
    static const char *const names[] = {"string", "hash", "list", "set", "zset", "stream"};
    return type >= 0 && type < TypeCount ? QByteArray(names[type]) : QByteArray();
}

DatasetFiller::Result DatasetFiller::fill(const QString &address, const Spec &spec, const QString &password)
{
    Result result;
    QElapsedTimer clock;
    clock.start();
    if (spec.dbs.isEmpty()) {
        result.error = QStringLiteral("no db to fill");
        return result;
    }
    BlockingRedis redis(address, password, 60000);
    if (!redis.isConnected()) {
        result.error = redis.errorString();
        return result;
    }
    const QByteArray pool = makePool(spec.seed);
    KeyWriter writer(&redis, spec, pool);
    const qint64 dbCount = spec.dbs.size();
    for (qint64 slot = 0; slot < dbCount && result.ok(); ++slot) {
        const int db = spec.dbs.at(slot);
        const BlockingRedis::Reply selected = redis.call({QByteArrayLiteral("SELECT"), QByteArray::number(db)});
        if (!selected.ok) {
            result.error = QStringLiteral("SELECT %1: %2").arg(db).arg(QString::fromUtf8(selected.text));
            break;
        }
        for (qint64 i = slot; i < spec.keys; i += dbCount) {
            writer.write(i, &result);
            if (writer.commands >= kBatchCommands || writer.pendingBytes >= kBatchBytes) {
                if (!drain(&redis, &writer, &result.error))
                    break;
            }
        }
        if (result.ok())
            drain(&redis, &writer, &result.error);
    }
    result.elapsedMs = clock.elapsed();
    return result;
}

QList<DatasetFiller::DbKeys> DatasetFiller::keyspace(const QString &address, const QString &password)
{
    QList<DbKeys> out;
    BlockingRedis redis(address, password, 10000);
    const BlockingRedis::Reply info = redis.call({QByteArrayLiteral("INFO"), QByteArrayLiteral("keyspace")});
    if (!info.ok)
        return out;
    // db3:keys=10,expires=2,avg_ttl=3599000
    for (const QByteArray &raw : info.text.split('\n')) {
        const QByteArray line = raw.trimmed();
        const int colon = line.indexOf(':');
        if (!line.startsWith("db") || colon < 0)
            continue;
        DbKeys d;
        d.db = line.mid(2, colon - 2).toInt();
        for (const QByteArray &pair : line.mid(colon + 1).split(',')) {
            const int eq = pair.indexOf('=');
            if (pair.left(eq) == "keys")
                d.keys = pair.mid(eq + 1).toLongLong();
            else if (pair.left(eq) == "expires")
                d.expires = pair.mid(eq + 1).toLongLong();
        }
        out.append(d);
    }
    std::sort(out.begin(), out.end(), [](const DbKeys &a, const DbKeys &b) { return a.db < b.db; });
    return out;
}

qint64 DatasetFiller::totalKeys(const QList<DbKeys> &dbs)
{
    qint64 total = 0;
    for (const DbKeys &d : dbs)
        total += d.keys;
    return total;
}
