#include "FollowingWriter.h"

#include "HiredisTimeout.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

// Named, not anonymous: FollowingWriter::Private holds these types.
namespace following_writer {

using Clock = std::chrono::steady_clock;

struct Endpoint
{
    std::string host;
    int port = 0;

    bool operator==(const Endpoint &o) const { return port == o.port && host == o.host; }
    QString address() const { return QStringLiteral("%1:%2").arg(QString::fromStdString(host)).arg(port); }
};

Endpoint parseAddress(const QString &address)
{
    const int colon = address.lastIndexOf(QLatin1Char(':'));
    Endpoint e;
    e.host = address.left(colon).toStdString();
    e.port = address.mid(colon + 1).toInt();
    if (e.host.empty())
        e.host = "127.0.0.1";
    return e;
}

struct ReplyDeleter
{
    void operator()(redisReply *r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

struct ContextDeleter
{
    void operator()(redisContext *c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

Reply command(redisContext *c, const std::vector<std::string> &args)
{
    std::vector<const char *> argv;
    std::vector<size_t> lens;
    for (const std::string &a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    return Reply(static_cast<redisReply *>(redisCommandArgv(c, int(argv.size()), argv.data(), lens.data())));
}

// A ready connection (AUTH done) or null.
Context connectTo(const Endpoint &e, const std::string &password, int connectMs, int commandMs)
{
    Context c(redisConnectWithTimeout(e.host.c_str(), e.port, hiredisTimeout(connectMs)));
    if (!c || c->err)
        return {};
    if (redisSetTimeout(c.get(), hiredisTimeout(commandMs)) != REDIS_OK)
        return {};
    if (!password.empty()) {
        const Reply r = command(c.get(), {"AUTH", password});
        if (!r || r->type == REDIS_REPLY_ERROR)
            return {};
    }
    return c;
}

} // namespace following_writer

using namespace following_writer;

struct FollowingWriter::Private
{
    std::vector<Endpoint> known;
    std::string password;
    std::string key;
    int commandTimeoutMs = 2000;

    std::thread thread;
    std::atomic<bool> stopping{false};
    std::atomic<qint64> acked{0};
    std::atomic<qint64> failed{0};
    std::atomic<qint64> longestGapUs{0};
    std::atomic<qint64> longestGapEndNs{0};
    std::atomic<qint64> lastAckNs{0};   // steady clock, 0 = none yet

    mutable std::mutex mutex;           // guards current and ackedValues
    QString current;
    std::vector<qint64> ackedValues;    // in the order they were acknowledged (ascending)
    qint64 nextValue = 1;               // writer thread only (read after join)

    // Healthy connections to nodes the writer left, kept like a client's pool: following
    // the master back there costs no TCP handshake (and no AUTH) inside the measured gap.
    std::vector<std::pair<Endpoint, Context>> pool;

    void run();
    Context take(const Endpoint &node);
    void keep(const Endpoint &node, Context c);
    void recordAck(qint64 value, const Endpoint &node, bool nodeChanged);
    // Finds the node to write to next after a failed write on `at`.
    Context follow(Endpoint &at, Context c);
};

void FollowingWriter::Private::recordAck(qint64 value, const Endpoint &node, bool nodeChanged)
{
    const qint64 now = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
    const qint64 last = lastAckNs.exchange(now, std::memory_order_relaxed);
    if (last != 0) {
        const qint64 gapUs = (now - last) / 1000;
        if (gapUs > longestGapUs.load(std::memory_order_relaxed)) {
            longestGapUs.store(gapUs, std::memory_order_relaxed);
            longestGapEndNs.store(now, std::memory_order_relaxed);
        }
    }
    {
        const std::lock_guard<std::mutex> lock(mutex);
        ackedValues.push_back(value);
        if (nodeChanged)
            current = node.address();
    }
    acked.fetch_add(1, std::memory_order_release);
}

Context FollowingWriter::Private::take(const Endpoint &node)
{
    for (auto it = pool.begin(); it != pool.end(); ++it) {
        if (it->first == node) {
            Context c = std::move(it->second);
            pool.erase(it);
            return c;
        }
    }
    return connectTo(node, password, std::min(commandTimeoutMs, 1000), commandTimeoutMs);
}

void FollowingWriter::Private::keep(const Endpoint &node, Context c)
{
    if (!c || c->err)
        return;
    for (auto &entry : pool) {
        if (entry.first == node) {
            entry.second = std::move(c);
            return;
        }
    }
    pool.emplace_back(node, std::move(c));
}

Context FollowingWriter::Private::follow(Endpoint &at, Context c)
{
    // First ask the node we were on: a demoted master or a replica names the master.
    if (!c)
        c = take(at);
    if (c) {
        const Reply role = command(c.get(), {"ROLE"});
        if (role && role->type == REDIS_REPLY_ARRAY && role->elements >= 1
            && role->element[0]->type == REDIS_REPLY_STRING) {
            const std::string kind(role->element[0]->str, role->element[0]->len);
            if (kind == "master") {
                // Still a master (paused, NOREPLICAS while fenced...): retry here shortly.
                std::this_thread::sleep_for(std::chrono::microseconds(200));
                return c;
            }
            if ((kind == "slave" || kind == "replica") && role->elements >= 3
                && role->element[1]->type == REDIS_REPLY_STRING && role->element[2]->type == REDIS_REPLY_INTEGER) {
                Endpoint master{std::string(role->element[1]->str, role->element[1]->len), int(role->element[2]->integer)};
                if (Context m = take(master)) {
                    keep(at, std::move(c));
                    at = master;
                    return m;
                }
            }
        }
        // A pooled connection may have gone stale: one failure, then a fresh one next time.
        if (c && c->err)
            c.reset();
    }
    // Else the known addresses in turn, starting after the one we were on.
    size_t start = 0;
    for (size_t i = 0; i < known.size(); ++i) {
        if (known[i] == at)
            start = i + 1;
    }
    for (size_t i = 0; i < known.size() && !stopping.load(); ++i) {
        const Endpoint &candidate = known[(start + i) % known.size()];
        if (Context k = candidate == at ? std::move(c) : take(candidate)) {
            keep(at, std::move(c));
            at = candidate;
            return k;   // the next write (or its failure) tells whether it is the master
        }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return {};
}

void FollowingWriter::Private::run()
{
    Endpoint at = known.empty() ? Endpoint{} : known.front();
    Context c = connectTo(at, password, std::min(commandTimeoutMs, 1000), commandTimeoutMs);
    for (const Endpoint &other : known) {
        if (!(other == at))
            keep(other, connectTo(other, password, std::min(commandTimeoutMs, 1000), commandTimeoutMs));
    }
    bool nodeChanged = true;
    std::string valueText;
    while (!stopping.load(std::memory_order_relaxed)) {
        if (!c) {
            c = follow(at, nullptr);
            nodeChanged = true;
            continue;
        }
        const qint64 value = nextValue++;   // never reused, even if this write fails
        valueText = std::to_string(value);
        const char *argv[] = {"RPUSH", key.data(), valueText.data()};
        const size_t lens[] = {5, key.size(), valueText.size()};
        const Reply r(static_cast<redisReply *>(redisCommandArgv(c.get(), 3, argv, lens)));
        if (r && r->type == REDIS_REPLY_INTEGER) {
            recordAck(value, at, nodeChanged);
            nodeChanged = false;
            continue;
        }
        failed.fetch_add(1, std::memory_order_relaxed);
        // No reply (timeout, dropped): the connection is unusable, the write's fate unknown.
        if (!r || c->err)
            c.reset();
        const Endpoint before = at;
        c = follow(at, std::move(c));
        if (!(at == before))
            nodeChanged = true;
    }
}

FollowingWriter::FollowingWriter(const QStringList &addresses, const QString &password, const QByteArray &key)
    : d(std::make_unique<Private>())
{
    for (const QString &a : addresses)
        d->known.push_back(parseAddress(a));
    d->password = password.toStdString();
    d->key = key.toStdString();
}

FollowingWriter::~FollowingWriter()
{
    stop();
}

void FollowingWriter::setCommandTimeout(int ms)
{
    d->commandTimeoutMs = ms;
}

void FollowingWriter::start()
{
    if (d->thread.joinable())
        return;
    d->stopping = false;
    d->thread = std::thread([this] { d->run(); });
}

void FollowingWriter::stop()
{
    d->stopping = true;
    if (d->thread.joinable())
        d->thread.join();
}

qint64 FollowingWriter::acknowledged() const
{
    return d->acked.load(std::memory_order_acquire);
}

qint64 FollowingWriter::failedWrites() const
{
    return d->failed.load();
}

QString FollowingWriter::currentNode() const
{
    const std::lock_guard<std::mutex> lock(d->mutex);
    return d->current;
}

qint64 FollowingWriter::longestGapMs() const
{
    return longestGapUs() / 1000;
}

qint64 FollowingWriter::longestGapUs() const
{
    return d->longestGapUs.load();
}

qint64 FollowingWriter::longestGapEndNs() const
{
    return d->longestGapEndNs.load();
}

void FollowingWriter::resetGap()
{
    // The next gap is still measured from the last acknowledgement before the reset.
    d->longestGapUs.store(0);
}

bool FollowingWriter::waitForMore(qint64 count, int timeoutMs) const
{
    const qint64 target = acknowledged() + count;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    while (acknowledged() < target) {
        if (Clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

bool FollowingWriter::waitForAcksOn(const QString &address, qint64 count, int timeoutMs) const
{
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    qint64 base = -1;
    while (Clock::now() < deadline) {
        if (currentNode() != address) {
            base = -1;
        } else if (base < 0) {
            base = acknowledged();
        } else if (acknowledged() - base >= count) {
            return currentNode() == address;
        }
        // Coarse: the writer thread needs the CPU more than this wait needs precision.
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
}

qint64 FollowingWriter::missingOn(const QString &address) const
{
    Context c = connectTo(parseAddress(address), d->password, 2000, 10000);
    if (!c)
        return -1;
    const Reply r = command(c.get(), {"LRANGE", d->key, "0", "-1"});
    if (!r || r->type != REDIS_REPLY_ARRAY)
        return -1;
    std::vector<qint64> acked;
    {
        const std::lock_guard<std::mutex> lock(d->mutex);
        acked = d->ackedValues;
    }
    const qint64 top = acked.empty() ? 0 : acked.back();
    std::vector<bool> present(size_t(top) + 1, false);
    for (size_t i = 0; i < r->elements; ++i) {
        const redisReply *e = r->element[i];
        if (e->type != REDIS_REPLY_STRING)
            continue;
        const qint64 v = std::strtoll(std::string(e->str, e->len).c_str(), nullptr, 10);
        if (v > 0 && v <= top)
            present[size_t(v)] = true;
    }
    qint64 missing = 0;
    for (const qint64 v : acked)
        missing += present[size_t(v)] ? 0 : 1;
    return missing;
}

QList<qint64> FollowingWriter::acknowledgedValues() const
{
    const std::lock_guard<std::mutex> lock(d->mutex);
    return QList<qint64>(d->ackedValues.begin(), d->ackedValues.end());
}
