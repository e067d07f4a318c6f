#include "SentinelPoller.h"

#include "DiscoveryRules.h"
#include "NodeMonitor.h"
#include "net/RespClient.h"

#include <QHash>

namespace {

// SENTINEL MASTERS/REPLICAS/SENTINELS answer one flat name/value array per entry.
QHash<QByteArray, QByteArray> fieldsOf(const RespValue &entry)
{
    QHash<QByteArray, QByteArray> fields;
    const QList<RespValue> &e = entry.elements();
    for (qsizetype i = 0; i + 1 < e.size(); i += 2)
        fields.insert(e.at(i).bytes(), e.at(i + 1).bytes());
    return fields;
}

QString addressOf(const QHash<QByteArray, QByteArray> &fields)
{
    const QString host = QString::fromUtf8(fields.value("ip"));
    const uint port = fields.value("port").toUInt();
    if (host.isEmpty() || port == 0 || port > 65535)
        return {};
    return DiscoveryRules::address(host, quint16(port));
}

} // namespace

SentinelPoller::SentinelPoller(NodeMonitor *monitor, QObject *parent)
    : QObject(parent)
    , m_monitor(monitor)
{
}

bool SentinelPoller::poll()
{
    if (m_busy)
        return true;
    const quint64 round = ++m_round;
    const bool sent = m_monitor->send({QByteArrayLiteral("SENTINEL"), QByteArrayLiteral("MASTERS")}, this,
                                      [this, round](const RespResult &r) {
        if (round != m_round)
            return;
        if (!r.ok() || !r.value.isArray()) {
            m_busy = false;  // try again with the next poll
            ++m_roundsFinished;
            Q_EMIT roundFailed();
            return;
        }
        onMasters(r.value);
    });
    m_busy = sent;
    return sent;
}

void SentinelPoller::abort()
{
    ++m_round;
    m_busy = false;
    m_pending = 0;
}

void SentinelPoller::onMasters(const RespValue &reply)
{
    m_next = {};
    for (const RespValue &entry : reply.elements()) {
        const auto fields = fieldsOf(entry);
        SentinelReport::Master m;
        m.name = QString::fromUtf8(fields.value("name"));
        m.address = addressOf(fields);
        if (!m.name.isEmpty() && !m.address.isEmpty())
            m_next.masters.append(m);
    }
    m_pending = 1;  // held until every query is out, so an early reply cannot finish the round
    for (int i = 0; i < m_next.masters.size(); ++i) {
        queryMaster(i, QByteArrayLiteral("REPLICAS"));
        queryMaster(i, QByteArrayLiteral("SENTINELS"));
    }
    finishOne();
}

void SentinelPoller::queryMaster(int index, const QByteArray &subcommand)
{
    const quint64 round = m_round;
    const QByteArray name = m_next.masters.at(index).name.toUtf8();
    const bool sent = m_monitor->send({QByteArrayLiteral("SENTINEL"), subcommand, name}, this,
                                      [this, round, index, subcommand](const RespResult &r) {
        if (round != m_round)
            return;
        if (!r.ok() && subcommand == "REPLICAS") {
            // Sentinels before 5.0 only know the old name.
            queryMaster(index, QByteArrayLiteral("SLAVES"));
            finishOne();
            return;
        }
        SentinelReport::Master &m = m_next.masters[index];
        QStringList &list = subcommand == "SENTINELS" ? m.sentinels : m.replicas;
        for (const RespValue &entry : r.value.elements()) {
            const QString address = addressOf(fieldsOf(entry));
            if (!address.isEmpty())
                list.append(address);
        }
        finishOne();
    });
    if (sent)
        ++m_pending;
}

void SentinelPoller::finishOne()
{
    if (--m_pending > 0)
        return;
    m_busy = false;
    m_report = m_next;
    m_hasReport = true;
    ++m_roundsFinished;
    Q_EMIT reportReady(m_report);
}
