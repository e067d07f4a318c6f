#include "DatasetCompare.h"

#include "BigValueCompare.h"
#include "DatasetKeyFeed.h"
#include "KeyReading.h"
#include "RespBatch.h"

#include "info/InfoParser.h"
#include "net/RespClient.h"
#include "ssh/SshSessionPool.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <deque>

namespace {

constexpr int kLiveRounds = 3;               // the first read and two more
constexpr int kCatchUpMs = 10000;            // how long the target may take to reach an offset
constexpr int kCatchUpPollMs = 5;
constexpr int kReadTimeoutMs = 60000;        // one batch's MULTI (DUMPs of big keys take time)
constexpr qint64 kGroupBytes = 8'000'000;      // MEMORY USAGE of the values one read may return
constexpr qint64 kCanonicalLimit = 10'000'000;  // larger values are not read canonically
constexpr int kProgressMs = 100;

} // namespace

struct DatasetCompare::Key
{
    QByteArray name;
    KeyReading::Form form = KeyReading::Form::Dump;
    QByteArray type;          // Form::Canonical reads by this type
    qint64 size = -1;         // MEMORY USAGE, the larger side; -1 = not measured yet
    int rounds = 0;
    bool unstable = false;    // a side read differently in two rounds: written meanwhile
    bool fromTarget = false;  // found by the target's SCAN (only there?)
    bool hasLast = false;
    KeyReading lastSource;
    KeyReading lastTarget;
    KeyReading dumpSource;    // the settled DUMP readings that made it Canonical
    KeyReading dumpTarget;
};

struct DatasetCompare::Group
{
    int db = 0;
    QList<Key> keys;
    bool big = false;         // one value too big to read at once
};

struct DatasetCompare::Run
{
    bool live = true;
    DatasetKeyFeed feed;
    std::deque<Group> queue;  // groups to read next, front first
    bool fetching = false;    // a SCAN / RANDOMKEY batch (and its sizes) is under way
    bool awaitingFetch = false;   // next() waits for it
    Group group;              // the group being read
    QList<RespValue> sourceReplies;
    qint64 offset = 0;        // the source's master_repl_offset of the group's read
    QString replId;           // and its master_replid
    QElapsedTimer catchUp;

    int sourceDb = -1;
    int targetDb = -1;
    qint64 processed = 0;
    qint64 total = 0;
    int changing = 0;
    Result result;
    QElapsedTimer sinceProgress;
    QPointer<BigValueCompare> big;
};

DatasetCompare::DatasetCompare(const ConnectionProfile &source, const ConnectionProfile &target, SshSessionPool *ssh,
                               QObject *parent)
    : QObject(parent)
    , m_sourceProfile(source)
    , m_targetProfile(target)
    , m_ssh(ssh)
{
    qRegisterMetaType<DatasetCompare::Result>();
}

DatasetCompare::~DatasetCompare() = default;

void DatasetCompare::compareLive(Mode mode, int sample, const QList<QPair<int, qint64>> &dbs)
{
    auto run = std::make_unique<Run>();
    run->live = true;
    run->feed.setBatchSize(m_batch);
    qint64 keys = 0;
    QList<int> sourceDbs;
    for (const auto &db : dbs) {
        if (db.second > 0) {
            sourceDbs.append(db.first);
            keys += db.second;
        }
    }
    run->total = mode == Mode::Full ? keys : qBound(qint64(0), qint64(sample), keys);
    if (mode == Mode::Sample)
        run->feed.sample(dbs, sample);
    begin(std::move(run));
    if (mode == Mode::Sample)
        return startLater();
    // The target's own dbs, for the keys only it has.
    pipeline(m_target, {{"INFO", "keyspace"}}, [this, sourceDbs](const QList<RespValue> &r) {
        if (r.first().isError())
            return fail(tr("target: INFO keyspace: %1").arg(r.first().text()));
        QList<int> targetDbs;
        for (const QByteArray &line : r.first().bytes().split('\n')) {
            if (!line.startsWith("db"))
                continue;
            const qsizetype colon = line.indexOf(':');
            const QByteArray fields = line.mid(colon + 1).trimmed();
            targetDbs.append(line.mid(2, colon - 2).toInt());
            m_run->total += fields.mid(5, fields.indexOf(',') - 5).toLongLong();   // keys=N,
        }
        m_run->feed.full(sourceDbs, targetDbs);
        next();
    });
}

void DatasetCompare::compareExact(const QList<Difference> &keys)
{
    auto run = std::make_unique<Run>();
    run->live = false;
    run->feed.setBatchSize(m_batch);
    QList<QPair<int, QByteArray>> list;
    for (const Difference &d : keys)
        list.append({d.db, d.key});
    run->feed.list(list);
    run->total = keys.size();
    begin(std::move(run));
    startLater();
}

void DatasetCompare::startLater()
{
    // From the event loop: finished() never comes from inside compareLive()/compareExact().
    QMetaObject::invokeMethod(this, [this, gen = m_generation] {
        if (gen == m_generation)
            next();
    }, Qt::QueuedConnection);
}

void DatasetCompare::cancel()
{
    if (m_run)
        finish(QStringLiteral("cancelled"));
}

void DatasetCompare::begin(std::unique_ptr<Run> run)
{
    if (m_run) {
        ++m_generation;
        closeClients();
    }
    m_run = std::move(run);
    if (!m_ssh && (m_sourceProfile.ssh.enabled || m_targetProfile.ssh.enabled))
        m_ssh = new SshSessionPool(this);
    m_source = new RespClient(m_sourceProfile, m_ssh, this);
    m_target = new RespClient(m_targetProfile, m_ssh, this);
    const auto watch = [this](RespClient *client, const QString &side) {
        const quint64 gen = m_generation;
        connect(client, &RespClient::connectFailed, this, [this, gen, side, client](const NetError &e) {
            if (gen == m_generation)
                fail(tr("Could not connect to the %1 %2: %3").arg(side, client->profile().displayName(), e.message));
        });
        connect(client, &RespClient::connectionLost, this, [this, gen, side](const NetError &e) {
            if (gen == m_generation)
                fail(tr("Lost the connection to the %1: %2").arg(side, e.message));
        });
        client->connectToServer();
    };
    // Commands sent before ready() wait for it; a failed connect fails them.
    watch(m_source, tr("source"));
    watch(m_target, tr("target"));
}

void DatasetCompare::next()
{
    if (!m_run)
        return;
    if (!m_run->queue.empty()) {
        m_run->group = std::move(m_run->queue.front());
        m_run->queue.pop_front();
        if (m_run->group.big && m_run->fetching) {
            // Its parts are read over many commands without SELECT: no prefetch may switch
            // the db meanwhile.
            m_run->queue.push_front(std::move(m_run->group));
            m_run->awaitingFetch = true;
            return;
        }
        if (m_run->group.big)
            return compareBig();
        if (!needsSizes(m_run->group))
            return readSource();
        return measure(m_run->group, [this](const QList<Group> &groups) {
            for (qsizetype i = groups.size() - 1; i >= 0; --i)
                m_run->queue.push_front(groups.at(i));
            next();
        });
    }
    if (m_run->fetching) {
        m_run->awaitingFetch = true;
        return;
    }
    if (!m_run->feed.atEnd())
        return startFetch(true);
    emitProgress(true);
    finish({});
}

bool DatasetCompare::needsSizes(const Group &group)
{
    for (const Key &k : group.keys) {
        if (k.form != KeyReading::Form::Existence && k.size < 0)
            return true;
    }
    return false;
}

bool DatasetCompare::canFetch() const
{
    return !m_run->fetching && !m_run->feed.atEnd();
}

void DatasetCompare::startFetch(bool awaited)
{
    m_run->fetching = true;
    m_run->awaitingFetch = awaited;
    const auto send = [this](bool onTarget, int db, const QList<QByteArrayList> &commands, Replies done) {
        int &selected = onTarget ? m_run->targetDb : m_run->sourceDb;
        const bool select = selected != db;
        selected = db;
        QList<QByteArrayList> all = commands;
        if (select)
            all.prepend(QByteArrayList{"SELECT", QByteArray::number(db)});
        pipeline(onTarget ? m_target : m_source, all, [this, select, done](const QList<RespValue> &replies) {
            if (select && replies.first().isError())
                return fail(replies.first().text());
            done(select ? replies.mid(1) : replies);
        });
    };
    m_run->feed.next(send, [this](const DatasetKeyFeed::Batch &batch) {
        m_run->processed += batch.repeats;
        Group group{batch.db, {}};
        for (const QByteArray &name : batch.keys) {
            Key key;
            key.name = name;
            key.form = batch.onTarget ? KeyReading::Form::Existence : KeyReading::Form::Dump;
            key.fromTarget = batch.onTarget;
            group.keys.append(key);
        }
        fetched(group);
    }, [this](const QString &error) { fail(error); });
}

void DatasetCompare::fetched(const Group &group)
{
    const auto done = [this](const QList<Group> &groups) {
        for (const Group &g : groups) {
            if (!g.keys.isEmpty())
                m_run->queue.push_back(g);
        }
        m_run->fetching = false;
        if (m_run->awaitingFetch) {
            m_run->awaitingFetch = false;
            next();
        }
    };
    if (needsSizes(group))
        measure(group, done);
    else
        done({group});
}

void DatasetCompare::measure(const Group &group, const Measured &done)
{
    auto measured = std::make_shared<Group>(group);
    QList<QByteArrayList> commands{QByteArrayList{"SELECT", QByteArray::number(group.db)}};
    QList<qsizetype> unmeasured;
    // Keys new to the comparison are measured on the source (the replica holds the same
    // values, unless it diverged); keys only the target has and values to read canonically
    // on both sides.
    bool both = false;
    for (qsizetype i = 0; i < group.keys.size(); ++i) {
        const Key &k = group.keys.at(i);
        if (k.form != KeyReading::Form::Existence && k.size < 0) {
            unmeasured.append(i);
            commands.append(QByteArrayList{"MEMORY", "USAGE", k.name});
            both = both || k.form == KeyReading::Form::Canonical || k.fromTarget;
        }
    }
    m_run->sourceDb = group.db;
    if (both)
        m_run->targetDb = group.db;
    auto sides = std::make_shared<int>(both ? 2 : 1);
    const auto apply = [this, measured, unmeasured, sides, done](const QList<RespValue> &replies) {
        for (const RespValue &v : replies) {
            if (v.isError())
                return fail(tr("MEMORY USAGE failed: %1").arg(v.text()));
        }
        for (qsizetype i = 0; i < unmeasured.size(); ++i) {
            Key &k = measured->keys[unmeasured.at(i)];
            const RespValue &v = replies.at(i + 1);
            k.size = qMax(k.size, v.isNil() ? 0 : v.toInteger());
        }
        if (--*sides == 0)
            done(splitBySize(*measured));
    };
    pipeline(m_source, commands, apply);
    if (both)
        pipeline(m_target, commands, apply);
}

QList<DatasetCompare::Group> DatasetCompare::splitBySize(const Group &group)
{
    // At most kGroupBytes of values per read (a key bigger than that alone); a value too
    // big to read canonically at once is read in parts (after the others).
    QList<Group> groups{Group{group.db, {}}};
    QList<Group> big;
    qint64 used = 0;
    for (const Key &k : group.keys) {
        if (k.form == KeyReading::Form::Canonical && k.size > kCanonicalLimit) {
            big.append(Group{group.db, {k}, true});
            continue;
        }
        const qint64 size = qMax<qint64>(0, k.size);
        if (used + size > kGroupBytes && !groups.last().keys.isEmpty()) {
            groups.append(Group{group.db, {}});
            used = 0;
        }
        used += size;
        groups.last().keys.append(k);
    }
    if (groups.last().keys.isEmpty())
        groups.removeLast();
    return groups + big;
}

QList<QByteArrayList> DatasetCompare::readCommands() const
{
    QList<QByteArrayList> commands;
    for (const Key &k : m_run->group.keys)
        commands.append(KeyReading::commands(k.name, k.form, k.type));
    return commands;
}

void DatasetCompare::readSource()
{
    QList<QByteArrayList> commands = readCommands();
    if (m_run->live)
        commands.append(QByteArrayList{"INFO", "replication"});
    transaction(false, m_run->group.db, commands, [this](const QList<RespValue> &replies) {
        m_run->sourceReplies = replies;
        // The next batch's keys and sizes while the target catches up and is read.
        if (m_run->queue.empty() && canFetch())
            startFetch(false);
        if (!m_run->live)
            return readTarget();
        const NodeSnapshot info = InfoParser::parse(replies.last().bytes());
        m_run->offset = info.masterReplOffset;
        m_run->replId = info.masterReplId;
        m_run->catchUp.start();
        waitForTarget();
    });
}

void DatasetCompare::waitForTarget()
{
    const quint64 gen = m_generation;
    pipeline(m_target, {{"INFO", "replication"}}, [this, gen](const QList<RespValue> &replies) {
        const NodeSnapshot info = InfoParser::parse(replies.first().bytes());
        if (!info.replicaReplOffset)
            return fail(tr("The target is not a replica: its INFO replication has no slave_repl_offset."));
        // A replica reports the replication id it follows: the source's, or the offsets
        // mean nothing to each other.
        if (!m_run->replId.isEmpty() && !info.masterReplId.isEmpty() && info.masterReplId != m_run->replId)
            return fail(tr("The target does not replicate from the source (replication id %1, the source's is %2).")
                            .arg(info.masterReplId, m_run->replId));
        if (*info.replicaReplOffset >= m_run->offset)
            return readTarget();
        if (m_run->catchUp.elapsed() > kCatchUpMs)
            return fail(tr("The target did not reach the source's replication offset %1 within %2 s (it is at %3).")
                            .arg(m_run->offset)
                            .arg(kCatchUpMs / 1000)
                            .arg(*info.replicaReplOffset));
        QTimer::singleShot(kCatchUpPollMs, this, [this, gen] {
            if (gen == m_generation)
                waitForTarget();
        });
    });
}

void DatasetCompare::readTarget()
{
    transaction(true, m_run->group.db, readCommands(), [this](const QList<RespValue> &replies) { evaluate(replies); });
}

void DatasetCompare::evaluate(const QList<RespValue> &targetReplies)
{
    Run &r = *m_run;
    Group again{r.group.db, {}};
    qsizetype at = 0;
    for (Key &k : r.group.keys) {
        const KeyReading s = KeyReading::parse(r.sourceReplies, at, k.form, k.type);
        const KeyReading t = KeyReading::parse(targetReplies, at, k.form, k.type);
        at += KeyReading::commandCount(k.form);
        if (k.form == KeyReading::Form::Existence) {
            // Keys on both sides were compared from the source's side.
            ++r.processed;
            if (!s.exists() && t.exists()) {
                k.form = KeyReading::Form::Dump;
                again.keys.append(k);
            }
            continue;
        }
        if (KeyReading::same(s, t, m_ttlToleranceMs)) {
            resolve(k, {});
            continue;
        }
        // Both sides read as in the round before (live), or frozen (exact).
        const bool settled = !r.live
                             || (k.hasLast && KeyReading::same(k.lastSource, s, m_ttlToleranceMs)
                                 && KeyReading::same(k.lastTarget, t, m_ttlToleranceMs));
        if (k.form == KeyReading::Form::Dump && settled && s.exists() && s.type == t.type
            && s.fingerprint != t.fingerprint && KeyReading::canCanonicalize(s.type)) {
            // Same type, other bytes: maybe only the encoding differs. Compare the values
            // (only once the difference holds still: a key being written is just changing).
            k.form = KeyReading::Form::Canonical;
            k.type = s.type;
            k.dumpSource = s;
            k.dumpTarget = t;
            k.rounds = 0;
            k.hasLast = false;
            k.unstable = false;
            again.keys.append(k);
            continue;
        }
        if (k.hasLast)
            k.unstable = k.unstable || !KeyReading::same(k.lastSource, s, m_ttlToleranceMs)
                         || !KeyReading::same(k.lastTarget, t, m_ttlToleranceMs);
        k.lastSource = s;
        k.lastTarget = t;
        k.hasLast = true;
        ++k.rounds;
        if (r.live && k.rounds < kLiveRounds) {
            again.keys.append(k);
            continue;
        }
        // Frozen sides, or the same difference in every round: a real one.
        if (!resolve(k, r.live && k.unstable ? QStringLiteral("changing") : KeyReading::describe(s, t, m_ttlToleranceMs)))
            return;
    }
    if (!again.keys.isEmpty())
        r.queue.push_front(std::move(again));
    r.sourceReplies.clear();
    r.group = {};
    emitProgress(false);
    next();
}

bool DatasetCompare::resolve(const Key &key, const QString &what)
{
    Run &r = *m_run;
    ++r.result.compared;
    if (!key.fromTarget)
        ++r.processed;   // counted when the target's SCAN found it
    if (!what.isEmpty())
        r.result.differences.append({r.group.db, key.name, what});
    if (what == QLatin1String("changing") && ++r.changing > m_changingLimit) {
        fail(tr("More than %1 keys kept changing while they were compared.").arg(m_changingLimit));
        return false;
    }
    return true;
}

void DatasetCompare::compareBig()
{
    const Key key = m_run->group.keys.first();
    const int db = m_run->group.db;
    const quint64 gen = m_generation;
    for (bool onTarget : {false, true}) {
        int &selected = onTarget ? m_run->targetDb : m_run->sourceDb;
        if (selected == db)
            continue;
        selected = db;
        // Sent before the value's parts, so they read this db.
        pipeline(onTarget ? m_target : m_source, {QByteArrayList{"SELECT", QByteArray::number(db)}},
                 [this](const QList<RespValue> &r) {
                     if (r.first().isError())
                         fail(r.first().text());
                 });
    }
    m_run->big = new BigValueCompare(m_source, m_target, key.name, key.size, this);
    m_run->big->start(m_run->live, key.dumpSource, key.dumpTarget, m_ttlToleranceMs,
                      [this, gen, key, big = m_run->big](const BigValueCompare::Outcome &outcome) {
                          big->deleteLater();
                          if (gen != m_generation)
                              return;   // the run ended meanwhile
                          if (!outcome.error.isEmpty())
                              return fail(outcome.error);
                          if (!resolve(key, outcome.what))
                              return;
                          emitProgress(false);
                          next();
                      });
}

void DatasetCompare::emitProgress(bool force)
{
    // The first batch at once, then at most every kProgressMs.
    if (!force && m_run->sinceProgress.isValid() && m_run->sinceProgress.elapsed() < kProgressMs)
        return;
    m_run->sinceProgress.restart();
    Q_EMIT progress(m_run->processed, qMax(m_run->total, m_run->processed));
}

void DatasetCompare::fail(const QString &error)
{
    finish(error.isEmpty() ? tr("The comparison failed.") : error);
}

void DatasetCompare::finish(const QString &error)
{
    if (!m_run)
        return;
    Result result = std::move(m_run->result);
    result.error = error;
    if (m_run->big)
        m_run->big->deleteLater();
    ++m_generation;
    m_run.reset();
    closeClients();
    Q_EMIT finished(result);
}

void DatasetCompare::closeClients()
{
    for (RespClient *c : {m_source, m_target}) {
        if (!c)
            continue;
        c->disconnect(this);
        c->disconnectFromServer();
        c->deleteLater();
    }
    m_source = m_target = nullptr;
}

DatasetCompare::Replies DatasetCompare::guarded(Replies done)
{
    return [this, gen = m_generation, done](const QList<RespValue> &replies) {
        if (gen == m_generation)
            done(replies);
    };
}

DatasetCompare::Failed DatasetCompare::failure(bool onTarget)
{
    return [this, gen = m_generation, side = onTarget ? tr("target") : tr("source")](const QString &error) {
        if (gen == m_generation)
            fail(tr("%1: %2").arg(side, error));
    };
}

void DatasetCompare::pipeline(RespClient *client, const QList<QByteArrayList> &commands, Replies done)
{
    RespBatch::send(client, this, commands, kReadTimeoutMs, guarded(done), failure(client == m_target));
}

void DatasetCompare::transaction(bool onTarget, int db, const QList<QByteArrayList> &commands, Replies done)
{
    int &selected = onTarget ? m_run->targetDb : m_run->sourceDb;
    QList<QByteArrayList> prefix;
    if (selected != db)
        prefix.append(QByteArrayList{"SELECT", QByteArray::number(db)});
    selected = db;
    RespBatch::transaction(onTarget ? m_target : m_source, this, prefix, commands, kReadTimeoutMs, guarded(done),
                           failure(onTarget));
}
