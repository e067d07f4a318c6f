#include "BlockingRedis.h"

#include "HiredisTimeout.h"

#include <hiredis/hiredis.h>

#include <QElapsedTimer>

#include <chrono>
#include <thread>
#include <vector>

namespace {

QByteArray fieldOf(const QByteArray &info, const QByteArray &key)
{
    const QByteArray prefix = key + ':';
    for (const QByteArray &line : info.split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed();
    }
    return {};
}

} // namespace

BlockingRedis::BlockingRedis(const QString &address, const QString &password, int timeoutMs)
    : m_address(address)
    , m_password(password)
    , m_timeoutMs(timeoutMs)
{
    connectNow();
}

BlockingRedis::~BlockingRedis()
{
    if (m_context)
        redisFree(m_context);
}

bool BlockingRedis::isConnected() const
{
    return m_context && !m_context->err;
}

bool BlockingRedis::connectNow()
{
    if (m_context) {
        redisFree(m_context);
        m_context = nullptr;
    }
    const int colon = m_address.lastIndexOf(QLatin1Char(':'));
    const QByteArray host = m_address.left(colon).toLatin1();
    const int port = m_address.mid(colon + 1).toInt();
    m_context = redisConnectWithTimeout(host.constData(), port, hiredisTimeout(m_timeoutMs));
    if (!m_context || m_context->err) {
        m_error = QStringLiteral("cannot connect to %1: %2")
                      .arg(m_address, m_context ? QString::fromLatin1(m_context->errstr) : QStringLiteral("out of memory"));
        return false;
    }
    redisSetTimeout(m_context, hiredisTimeout(m_timeoutMs));
    if (!m_password.isEmpty()) {
        const Reply r = call({QByteArrayLiteral("AUTH"), m_password.toUtf8()});
        if (!r.ok) {
            m_error = QStringLiteral("AUTH refused by %1").arg(m_address);  // never the password
            return false;
        }
    }
    return true;
}

BlockingRedis::Reply BlockingRedis::call(const QByteArrayList &args)
{
    Reply out;
    if (!isConnected() && !connectNow())
        return out;
    std::vector<const char *> argv;
    std::vector<size_t> lens;
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lens.push_back(size_t(a.size()));
    }
    auto *r = static_cast<redisReply *>(redisCommandArgv(m_context, int(argv.size()), argv.data(), lens.data()));
    if (!r) {
        m_error = QStringLiteral("no reply from %1: %2").arg(m_address, QString::fromLatin1(m_context->errstr));
        return out;
    }
    switch (r->type) {
    case REDIS_REPLY_ERROR:
        out.error = true;
        out.text = QByteArray(r->str, int(r->len));
        break;
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_STRING:
        out.ok = true;
        out.text = QByteArray(r->str, int(r->len));
        break;
    case REDIS_REPLY_INTEGER:
        out.ok = true;
        out.text = QByteArray::number(r->integer);
        break;
    case REDIS_REPLY_ARRAY:
        out.ok = true;
        for (size_t i = 0; i < r->elements; ++i) {
            const redisReply *e = r->element[i];
            if (e->type == REDIS_REPLY_INTEGER)
                out.elements.append(QByteArray::number(e->integer));
            else if (e->type != REDIS_REPLY_ARRAY && e->str)
                out.elements.append(QByteArray(e->str, int(e->len)));
        }
        break;
    default:
        out.ok = true;   // nil
        break;
    }
    freeReplyObject(r);
    return out;
}

QByteArray BlockingRedis::infoField(const QByteArray &section, const QByteArray &key)
{
    const Reply r = call({QByteArrayLiteral("INFO"), section});
    return r.ok ? fieldOf(r.text, key) : QByteArray();
}

bool BlockingRedis::waitConverged(const QString &master, const QStringList &replicas, const QString &password,
                                  int timeoutMs, QString *why)
{
    BlockingRedis m(master, password);
    std::vector<std::unique_ptr<BlockingRedis>> rs;
    for (const QString &r : replicas)
        rs.push_back(std::make_unique<BlockingRedis>(r, password));
    // Labs run on loopback: a replica names its master by port (the host may be spelled otherwise).
    const int colon = master.lastIndexOf(QLatin1Char(':'));
    const QByteArray masterPort = master.mid(colon + 1).toLatin1();
    QString pending;
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        pending.clear();
        const Reply mi = m.call({QByteArrayLiteral("INFO"), QByteArrayLiteral("replication")});
        if (!mi.ok || fieldOf(mi.text, "role") != "master") {
            pending = QStringLiteral("%1 is not a master yet").arg(master);
        } else {
            const QByteArray offset = fieldOf(mi.text, "master_repl_offset");
            for (const auto &r : rs) {
                const Reply ri = r->call({QByteArrayLiteral("INFO"), QByteArrayLiteral("replication")});
                if (!ri.ok || fieldOf(ri.text, "master_port") != masterPort
                    || fieldOf(ri.text, "master_link_status") != "up") {
                    pending = QStringLiteral("%1 does not follow %2 yet").arg(r->address(), master);
                    break;
                }
                const QByteArray applied = fieldOf(ri.text, "slave_repl_offset");
                if (applied != offset) {
                    pending = QStringLiteral("%1 applied %2 of %3")
                                  .arg(r->address(), QString::fromLatin1(applied), QString::fromLatin1(offset));
                    break;
                }
            }
        }
        if (pending.isEmpty())
            return true;
        if (timer.elapsed() > timeoutMs) {
            if (why)
                *why = pending;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

BlockingRedis::ConfigMap BlockingRedis::configAll(const QString &address, const QString &password)
{
    BlockingRedis c(address, password);
    const Reply r = c.call({"CONFIG", "GET", "*"});
    ConfigMap map;
    for (qsizetype i = 0; i + 1 < r.elements.size(); i += 2)
        map.insert(r.elements.at(i), r.elements.at(i + 1));
    return map;
}

QString BlockingRedis::configChanges(const ConfigMap &before, const ConfigMap &after)
{
    QStringList out;
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (after.value(it.key()) != it.value())
            out.append(QString::fromUtf8(it.key() + ": " + it.value() + " -> " + after.value(it.key())));
    }
    return out.join(QLatin1Char('\n'));
}
