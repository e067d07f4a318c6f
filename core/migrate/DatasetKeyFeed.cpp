#include "DatasetKeyFeed.h"

#include "net/RespValue.h"

#include <QCoreApplication>

#include <algorithm>

void DatasetKeyFeed::full(const QList<int> &sourceDbs, const QList<int> &targetDbs)
{
    m_sourceDbs.clear();
    for (int db : sourceDbs)
        m_sourceDbs.append({db, 0});
    m_targetDbs = targetDbs;
    m_sample = false;
    m_phase = Phase::Source;
}

void DatasetKeyFeed::sample(const QList<QPair<int, qint64>> &dbs, qint64 sample)
{
    m_sourceDbs.clear();
    m_sampleTotal = 0;
    for (const auto &db : dbs) {
        if (db.second > 0) {
            m_sourceDbs.append(db);
            m_sampleTotal += db.second;
        }
    }
    m_sampleKeys = qMin(sample, m_sampleTotal);
    if (m_sampleKeys <= 0)
        m_sourceDbs.clear();
    m_targetDbs.clear();
    m_sample = true;
    m_phase = Phase::Source;
}

void DatasetKeyFeed::list(const QList<QPair<int, QByteArray>> &keys)
{
    m_list = keys;
    // Read db by db; the order within a db is kept.
    std::stable_sort(m_list.begin(), m_list.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    m_listAt = 0;
    m_phase = Phase::List;
}

void DatasetKeyFeed::settle()
{
    if (m_phase == Phase::Source && m_dbIndex >= m_sourceDbs.size()) {
        m_phase = Phase::Target;
        m_dbIndex = 0;
        m_cursor = "0";
    }
    if (m_phase == Phase::Target && m_dbIndex >= m_targetDbs.size())
        m_phase = Phase::Done;
    if (m_phase == Phase::List && m_listAt >= m_list.size())
        m_phase = Phase::Done;
}

bool DatasetKeyFeed::atEnd()
{
    settle();
    return m_phase == Phase::Done;
}

void DatasetKeyFeed::next(const Sender &send, const Got &got, const Failed &failed)
{
    settle();
    switch (m_phase) {
    case Phase::Source:
        return m_sample ? randomKeys(send, got, failed) : scan(false, send, got, failed);
    case Phase::Target:
        return scan(true, send, got, failed);
    case Phase::List: {
        Batch batch;
        batch.db = m_list.at(m_listAt).first;
        while (m_listAt < m_list.size() && m_list.at(m_listAt).first == batch.db && batch.keys.size() < m_batch)
            batch.keys.append(m_list.at(m_listAt++).second);
        return got(batch);
    }
    case Phase::Done:
        return got({});
    }
}

void DatasetKeyFeed::scan(bool onTarget, const Sender &send, const Got &got, const Failed &failed)
{
    const int db = onTarget ? m_targetDbs.at(m_dbIndex) : m_sourceDbs.at(m_dbIndex).first;
    send(onTarget, db, {QByteArrayList{"SCAN", m_cursor, "COUNT", QByteArray::number(m_batch)}},
         [this, db, onTarget, got, failed](const QList<RespValue> &replies) {
             const RespValue &reply = replies.last();
             if (!reply.isArray() || reply.elements().size() != 2)
                 return failed(QCoreApplication::translate("DatasetKeyFeed", "SCAN in db %1 failed: %2").arg(db).arg(reply.text()));
             m_cursor = reply.elements().at(0).bytes();
             if (m_cursor == "0")
                 ++m_dbIndex;
             Batch batch;
             batch.db = db;
             batch.onTarget = onTarget;
             QSet<QByteArray> inBatch;   // SCAN may return a key twice
             for (const RespValue &k : reply.elements().at(1).elements()) {
                 if (!inBatch.contains(k.bytes())) {
                     inBatch.insert(k.bytes());
                     batch.keys.append(k.bytes());
                 }
             }
             got(batch);
         });
}

void DatasetKeyFeed::randomKeys(const Sender &send, const Got &got, const Failed &failed)
{
    const auto [db, count] = m_sourceDbs.at(m_dbIndex);
    if (m_sampleLeft < 0) {
        const qint64 share = qRound64(double(m_sampleKeys) * double(count) / double(m_sampleTotal));
        m_sampleLeft = qBound<qint64>(1, share, count);
        m_seen.clear();
    }
    const qint64 n = qMin<qint64>(m_sampleLeft, m_batch);
    m_sampleLeft -= n;
    const QList<QByteArrayList> commands(n, QByteArrayList{"RANDOMKEY"});
    send(false, db, commands, [this, db = db, got, failed](const QList<RespValue> &replies) {
        Batch batch;
        batch.db = db;
        for (const RespValue &v : replies) {
            if (v.isError())
                return failed(QCoreApplication::translate("DatasetKeyFeed", "RANDOMKEY in db %1 failed: %2").arg(db).arg(v.text()));
            if (v.type() != RespValue::Type::String)
                continue;   // nil: the db emptied meanwhile
            if (m_seen.contains(v.bytes())) {
                ++batch.repeats;
                continue;
            }
            m_seen.insert(v.bytes());
            batch.keys.append(v.bytes());
        }
        if (m_sampleLeft == 0) {
            m_sampleLeft = -1;
            m_seen.clear();
            ++m_dbIndex;
        }
        got(batch);
    });
}
