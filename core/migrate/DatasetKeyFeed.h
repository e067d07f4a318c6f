#pragma once

#include <QByteArrayList>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

#include <functional>

class RespValue;

// Which keys DatasetCompare reads next, one batch at a time: the source's keys by SCAN
// (Full) or by RANDOMKEY spread over the dbs by their share of the keys (Sample, each key
// once), then the target's own keys by SCAN (Full: keys only the target has), or a given list.
class DatasetKeyFeed
{
public:
    struct Batch
    {
        int db = 0;
        QByteArrayList keys;
        bool onTarget = false;   // from the target's SCAN
        qint64 repeats = 0;      // Sample: keys drawn again (they count as done)
    };
    using Replies = std::function<void(const QList<RespValue> &replies)>;
    // Sends commands on one side with `db` selected; `done` gets the replies in order.
    using Sender = std::function<void(bool onTarget, int db, const QList<QByteArrayList> &commands, Replies done)>;
    using Got = std::function<void(const Batch &batch)>;
    using Failed = std::function<void(const QString &error)>;

    void setBatchSize(int keys) { m_batch = qMax(1, keys); }
    void full(const QList<int> &sourceDbs, const QList<int> &targetDbs);
    // `dbs` with their key counts; `sample` keys in all.
    void sample(const QList<QPair<int, qint64>> &dbs, qint64 sample);
    void list(const QList<QPair<int, QByteArray>> &keys);

    bool atEnd();
    // The next batch (`got` may run before this returns: the list needs no server).
    void next(const Sender &send, const Got &got, const Failed &failed);

private:
    enum class Phase { Source, Target, List, Done };
    void settle();
    void scan(bool onTarget, const Sender &send, const Got &got, const Failed &failed);
    void randomKeys(const Sender &send, const Got &got, const Failed &failed);

    Phase m_phase = Phase::Done;
    bool m_sample = false;
    int m_batch = 500;
    QList<QPair<int, qint64>> m_sourceDbs;
    QList<int> m_targetDbs;
    qsizetype m_dbIndex = 0;
    QByteArray m_cursor = "0";
    qint64 m_sampleKeys = 0;
    qint64 m_sampleTotal = 0;   // keys in the sampled dbs
    qint64 m_sampleLeft = -1;   // RANDOMKEYs still to send in the current db; -1 = not started
    QSet<QByteArray> m_seen;    // keys of the current db already drawn
    QList<QPair<int, QByteArray>> m_list;
    qsizetype m_listAt = 0;
};
