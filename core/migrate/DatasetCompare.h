#pragma once

#include "net/ConnectionProfile.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class RespClient;
class RespValue;
class SshSessionPool;

// Compares the data of a source master and its replica (the migration's target) key by key,
// on connections of its own (it SELECTs dbs). A key is equal when TYPE, the DUMP payload and
// the TTL agree (PTTL within the tolerance; both -1 = no TTL; both missing = equal, e.g. it
// expired). DUMP carries the encoding (listpack vs hashtable...) and a hashtable's order
// follows each process's hash seed, so when only the payloads differ the values themselves
// are compared (sorted HGETALL / SMEMBERS, ZRANGE, LRANGE, GET, XRANGE; values over 10 MB
// in parts: BigValueCompare). It never holds more than one batch of keys in memory, and a
// batch's values are read in parts of at most ~8 MB (MEMORY USAGE on the source first; a
// bigger value is read on its own).
//
// compareLive() runs while writes continue: the source's reads of each batch are done in one
// MULTI with INFO replication (the offset they reflect), the target's once it has applied
// that offset; a key still different then was written in between, so it is read again the
// same way (twice); what still differs after that is reported with what="changing" (the
// caller compares those exactly once writes are paused). The target must replicate from the
// source (same replication id), else compareLive() ends with an error. compareExact() reads
// the given keys now on both sides and reports every difference (call it with both sides
// frozen). Full also SCANs the target's dbs for keys only it has.
class DatasetCompare : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Sample, Full };
    struct Difference
    {
        int db = 0;
        QByteArray key;
        // "missing on the target", "only on the target", "type string vs hash",
        // "payload differs", "TTL 5000 ms vs none", "changing" (compareLive only)
        QString what;
    };
    struct Result
    {
        qint64 compared = 0;            // keys compared
        QList<Difference> differences;
        QString error;                  // a connection or command failed: nothing decided
        bool ok() const { return error.isEmpty(); }
    };

    DatasetCompare(const ConnectionProfile &source, const ConnectionProfile &target, SshSessionPool *ssh,
                   QObject *parent = nullptr);
    ~DatasetCompare() override;

    void setTtlTolerance(int ms) { m_ttlToleranceMs = ms; }
    void setBatchSize(int keys) { m_batch = keys; }   // default 500
    // compareLive() gives up (error) when more keys than this keep changing (default 1000).
    void setChangingLimit(int keys) { m_changingLimit = keys; }

    // `dbs`: the db numbers holding keys on the source, with their key counts (Sample spreads
    // `sample` keys over them in proportion, RANDOMKEY; Full SCANs every key).
    void compareLive(Mode mode, int sample, const QList<QPair<int, qint64>> &dbs);
    void compareExact(const QList<Difference> &keys);
    void cancel();   // finished() comes with error "cancelled"

Q_SIGNALS:
    void progress(qint64 compared, qint64 total);
    void finished(const DatasetCompare::Result &result);

private:
    struct Key;
    struct Group;
    struct Run;
    using Replies = std::function<void(const QList<RespValue> &replies)>;
    using Failed = std::function<void(const QString &error)>;

    void begin(std::unique_ptr<Run> run);
    void startLater();
    void next();
    using Measured = std::function<void(const QList<Group> &groups)>;
    static bool needsSizes(const Group &group);
    bool canFetch() const;
    // The feed's next batch; `awaited`: next() waits for it (else a prefetch).
    void startFetch(bool awaited);
    void fetched(const Group &group);
    // MEMORY USAGE of the keys not measured yet, then the group in parts of bounded size.
    void measure(const Group &group, const Measured &done);
    static QList<Group> splitBySize(const Group &group);
    void readSource();
    void waitForTarget();
    void readTarget();
    void evaluate(const QList<RespValue> &targetReplies);
    // Records the verdict on a key; false when that ended the run (too many changing).
    bool resolve(const Key &key, const QString &what);
    void compareBig();
    void emitProgress(bool force);
    void fail(const QString &error);
    void finish(const QString &error);
    void closeClients();
    // Callbacks that do nothing once this run has ended.
    Replies guarded(Replies done);
    Failed failure(bool onTarget);
    // Sends the commands pipelined; `done` gets every reply in order (server errors included);
    // a connection failure ends the run.
    void pipeline(RespClient *client, const QList<QByteArrayList> &commands, Replies done);
    // SELECT (when needed), MULTI, the commands, EXEC; `done` gets EXEC's elements.
    void transaction(bool onTarget, int db, const QList<QByteArrayList> &commands, Replies done);
    QList<QByteArrayList> readCommands() const;

    ConnectionProfile m_sourceProfile;
    ConnectionProfile m_targetProfile;
    SshSessionPool *m_ssh;
    RespClient *m_source = nullptr;
    RespClient *m_target = nullptr;
    int m_ttlToleranceMs = 2000;
    int m_batch = 500;
    int m_changingLimit = 1000;
    std::unique_ptr<Run> m_run;
    quint64 m_generation = 0;   // bumped when a run ends: replies to older runs are ignored
};

Q_DECLARE_METATYPE(DatasetCompare::Result)
