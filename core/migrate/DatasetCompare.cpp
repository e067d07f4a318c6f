#include "DatasetCompare.h"

#include "BigValueCompare.h"
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
    enum class Phase { SourceKeys, TargetKeys, Exact, Done };

    Mode mode = Mode::Full;
    bool live = true;
    Phase phase = Phase::SourceKeys;
    QList<QPair<int, qint64>> sourceDbs;
    QList<int> targetDbs;
    qsizetype dbIndex = 0;
    QByteArray cursor = "0";
    qint64 sampleTotal = 0;
    qint64 sampleLeft = -1;   // RANDOMKEYs still to send in the current db; -1 = not started
    QSet<QByteArray> seen;    // Sample: keys of the current db already taken
    QList<Difference> exact;
    qsizetype exactAt = 0;

    std::deque<Group> queue;  // groups to read next, front first
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
    run->mode = mode;
    run->live = true;
    qint64 keys = 0;
    for (const auto &db : dbs) {
        if (db.second > 0) {
            run->sourceDbs.append(db);
            keys += db.second;
        }
    }
    run->sampleTotal = keys;
    run->total = mode == Mode::Full ? keys : qMin<qint64>(sample, keys);
    if (mode == Mode::Sample && sample <= 0)
        run->sourceDbs.clear();
    begin(std::move(run));
    if (!m_run || mode != Mode::Full)
        return next();
    // The target's own dbs, for the keys only it has.
    pipeline(m_target, {{"INFO", "keyspace"}}, [this](const QList<RespValue> &r) {
        if (r.first().isError())
            return fail(tr("target: INFO keyspace: %1").arg(r.first().text()));
        for (const QByteArray &line : r.first().bytes().split('\n')) {
            if (!line.startsWith("db"))
                continue;
            const qsizetype colon = line.indexOf(':');
            const int db = line.mid(2, colon - 2).toInt();
            const QByteArray fields = line.mid(colon + 1).trimmed();
            const qsizetype comma = fields.indexOf(',');
            m_run->targetDbs.append(db);
            m_run->total += fields.mid(5, comma - 5).toLongLong();   // keys=N,
        }
        next();
    });
}

void DatasetCompare::compareExact(const QList<Difference> &keys)
{
    auto run = std::make_unique<Run>();
    run->live = false;
    run->phase = Run::Phase::Exact;
    run->exact = keys;
    // Read db by db; the order within a db is kept.
    std::stable_sort(run->exact.begin(), run->exact.end(),
                     [](const Difference &a, const Difference &b) { return a.db < b.db; });
    run->total = keys.size();
    begin(std::move(run));
    if (m_run)
        next();
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
        if (m_run->group.big)
            return compareBig();
        for (const Key &k : std::as_const(m_run->group.keys)) {
            if (k.form != KeyReading::Form::Existence && k.size < 0)
                return measureSizes();
        }
        return readSource();
    }
    fetch();
}

void DatasetCompare::fetch()
{
    Run &r = *m_run;
    switch (r.phase) {
    case Run::Phase::SourceKeys:
        if (r.dbIndex >= r.sourceDbs.size()) {
            r.phase = r.mode == Mode::Full ? Run::Phase::TargetKeys : Run::Phase::Done;
            r.dbIndex = 0;
            return fetch();
        }
        return r.mode == Mode::Full ? scan(false) : randomKeys();
    case Run::Phase::TargetKeys:
        if (r.dbIndex >= r.targetDbs.size()) {
            r.phase = Run::Phase::Done;
            return fetch();
        }
        return scan(true);
    case Run::Phase::Exact:
        return takeExact();
    case Run::Phase::Done:
        emitProgress(true);
        return finish({});
    }
}

void DatasetCompare::scan(bool onTarget)
{
    const int db = onTarget ? m_run->targetDbs.at(m_run->dbIndex) : m_run->sourceDbs.at(m_run->dbIndex).first;
    QList<QByteArrayList> commands;
    int &selected = onTarget ? m_run->targetDb : m_run->sourceDb;
    if (selected != db)
        commands.append(QByteArrayList{"SELECT", QByteArray::number(db)});
    selected = db;
    commands.append(QByteArrayList{"SCAN", m_run->cursor, "COUNT", QByteArray::number(m_batch)});
    pipeline(onTarget ? m_target : m_source, commands, [this, db, onTarget](const QList<RespValue> &replies) {
        const RespValue &reply = replies.last();
        if (replies.first().isError() || !reply.isArray() || reply.elements().size() != 2)
            return fail(tr("%1: SCAN in db %2 failed: %3")
                            .arg(onTarget ? tr("target") : tr("source"))
                            .arg(db)
                            .arg(replies.first().isError() ? replies.first().text() : reply.text()));
        m_run->cursor = reply.elements().at(0).bytes();
        if (m_run->cursor == "0")
            ++m_run->dbIndex;
        Group group{db, {}};
        QSet<QByteArray> inBatch;
        for (const RespValue &k : reply.elements().at(1).elements()) {
            if (inBatch.contains(k.bytes()))
                continue;
            inBatch.insert(k.bytes());
            Key key;
            key.name = k.bytes();
            key.form = onTarget ? KeyReading::Form::Existence : KeyReading::Form::Dump;
            group.keys.append(key);
        }
        if (!group.keys.isEmpty())
            m_run->queue.push_back(std::move(group));
        next();
    });
}

void DatasetCompare::randomKeys()
{
    Run &r = *m_run;
    const auto [db, count] = r.sourceDbs.at(r.dbIndex);
    if (r.sampleLeft < 0) {
        const qint64 share = r.sampleTotal > 0 ? qRound64(double(r.total) * double(count) / double(r.sampleTotal)) : 0;
        r.sampleLeft = qBound<qint64>(1, share, count);
        r.seen.clear();
    }
    const qint64 n = qMin<qint64>(r.sampleLeft, m_batch);
    r.sampleLeft -= n;
    QList<QByteArrayList> commands;
    if (r.sourceDb != db)
        commands.append(QByteArrayList{"SELECT", QByteArray::number(db)});
    r.sourceDb = db;
    for (qint64 i = 0; i < n; ++i)
        commands.append(QByteArrayList{"RANDOMKEY"});
    pipeline(m_source, commands, [this, db = db](const QList<RespValue> &replies) {
        Group group{db, {}};
        for (const RespValue &v : replies) {
            if (v.isError())
                return fail(tr("source: RANDOMKEY in db %1 failed: %2").arg(db).arg(v.text()));
            if (v.type() != RespValue::Type::String)
                continue;   // SELECT's OK, or nil: the db emptied meanwhile
            if (m_run->seen.contains(v.bytes())) {
                ++m_run->processed;   // drawn twice: counts toward the sample once
                continue;
            }
            m_run->seen.insert(v.bytes());
            Key key;
            key.name = v.bytes();
            group.keys.append(key);
        }
        if (m_run->sampleLeft == 0) {
            m_run->sampleLeft = -1;
            m_run->seen.clear();
            ++m_run->dbIndex;
        }
        if (!group.keys.isEmpty())
            m_run->queue.push_back(std::move(group));
        next();
    });
}

void DatasetCompare::takeExact()
{
    Run &r = *m_run;
    if (r.exactAt >= r.exact.size()) {
        r.phase = Run::Phase::Done;
        return fetch();
    }
    Group group{r.exact.at(r.exactAt).db, {}};
    while (r.exactAt < r.exact.size() && r.exact.at(r.exactAt).db == group.db && group.keys.size() < m_batch) {
        Key key;
        key.name = r.exact.at(r.exactAt++).key;
        group.keys.append(key);
    }
    r.queue.push_back(std::move(group));
    next();
}

void DatasetCompare::measureSizes()
{
    const int db = m_run->group.db;
    QList<QByteArrayList> commands{QByteArrayList{"SELECT", QByteArray::number(db)}};
    QList<qsizetype> unmeasured;
    for (qsizetype i = 0; i < m_run->group.keys.size(); ++i) {
        const Key &k = m_run->group.keys.at(i);
        if (k.form != KeyReading::Form::Existence && k.size < 0) {
            unmeasured.append(i);
            commands.append(QByteArrayList{"MEMORY", "USAGE", k.name});
        }
    }
    // Keys new to the comparison are measured on the source (the replica holds the same
    // values, unless it diverged); values to read canonically on both sides.
    bool both = false;
    for (qsizetype i : unmeasured)
        both = both || m_run->group.keys.at(i).form == KeyReading::Form::Canonical;
    both = both || m_run->phase == Run::Phase::TargetKeys;   // keys only the target has
    m_run->sourceDb = db;
    if (both)
        m_run->targetDb = db;
    auto sides = std::make_shared<int>(both ? 2 : 1);
    const auto apply = [this, unmeasured, sides](const QList<RespValue> &replies) {
        for (const RespValue &v : replies) {
            if (v.isError())
                return fail(tr("MEMORY USAGE failed: %1").arg(v.text()));
        }
        for (qsizetype i = 0; i < unmeasured.size(); ++i) {
            Key &k = m_run->group.keys[unmeasured.at(i)];
            const RespValue &v = replies.at(i + 1);
            k.size = qMax(k.size, v.isNil() ? 0 : v.toInteger());
        }
        if (--*sides == 0)
            splitBySize();
    };
    pipeline(m_source, commands, apply);
    if (both)
        pipeline(m_target, commands, apply);
}

void DatasetCompare::splitBySize()
{
    // At most kGroupBytes of values per read (a key bigger than that alone); a value too
    // big to read canonically at once is read in parts (after the others).
    QList<Group> groups{Group{m_run->group.db, {}}};
    qint64 used = 0;
    for (const Key &k : std::as_const(m_run->group.keys)) {
        if (k.form == KeyReading::Form::Canonical && k.size > kCanonicalLimit) {
            m_run->queue.push_front(Group{m_run->group.db, {k}, true});
            continue;
        }
        const qint64 size = qMax<qint64>(0, k.size);
        if (used + size > kGroupBytes && !groups.last().keys.isEmpty()) {
            groups.append(Group{m_run->group.db, {}});
            used = 0;
        }
        used += size;
        groups.last().keys.append(k);
    }
    for (qsizetype i = groups.size() - 1; i >= 0; --i) {
        if (!groups.at(i).keys.isEmpty())
            m_run->queue.push_front(groups.at(i));
    }
    next();
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
    if (r.phase == Run::Phase::SourceKeys || r.phase == Run::Phase::Exact)
        ++r.processed;
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
