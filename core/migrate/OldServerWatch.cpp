#include "OldServerWatch.h"

#include "info/InfoParser.h"
#include "net/RespClient.h"
#include "ssh/SshSessionPool.h"

#include <QTimer>

namespace {

constexpr int kWatchIntervalMs = 1000;

// errorstat_READONLY:count=N (6.2+); 0 when no write was ever refused (the line is absent).
qint64 readOnlyErrors(const QByteArray &info)
{
    const QString value = InfoParser::parse(info).raw(QStringLiteral("errorstats"), QStringLiteral("errorstat_READONLY"));
    for (const QString &field : value.split(QLatin1Char(','))) {
        if (field.startsWith(QLatin1String("count=")))
            return field.mid(6).toLongLong();
    }
    return 0;
}

} // namespace

OldServerWatch::OldServerWatch(const ConnectionProfile &oldServer, SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_profile(oldServer)
    , m_ssh(ssh)
{
}

OldServerWatch::~OldServerWatch() = default;

void OldServerWatch::start(int quietSeconds)
{
    stop();
    m_quietSeconds = quietSeconds;
    m_quietFor = 0;
    m_total = 0;
    m_last = -1;
    m_unreachable = false;
    m_inFlight = false;
    if (!m_ssh && m_profile.ssh.enabled)
        m_ssh = new SshSessionPool(this);
    m_client = new RespClient(m_profile, m_ssh, this);
    m_client->setAutoReconnect(true, 500, 5000);
    connect(m_client, &RespClient::connectFailed, this, [this](const NetError &e) { fail(e.message); });
    connect(m_client, &RespClient::connectionLost, this, [this](const NetError &e) { fail(e.message); });
    m_client->connectToServer();
    m_timer = new QTimer(this);
    m_timer->setInterval(kWatchIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &OldServerWatch::poll);
    m_timer->start();
    poll();   // the baseline
}

void OldServerWatch::stop()
{
    if (m_timer) {
        m_timer->stop();
        m_timer->deleteLater();
        m_timer = nullptr;
    }
    if (m_client) {
        m_client->disconnect(this);
        m_client->disconnectFromServer();
        m_client->deleteLater();
        m_client = nullptr;
    }
}

void OldServerWatch::poll()
{
    // A reply that has not come yet (slow server) is waited for, not stacked.
    if (!m_client || m_inFlight)
        return;
    m_inFlight = true;
    RespClient *client = m_client;
    client->send({"INFO", "errorstats"}, client, [this, client](const RespResult &r) {
        if (client != m_client)
            return;   // stopped meanwhile
        m_inFlight = false;
        if (!r.ok())
            return fail(r.errorText());
        const qint64 count = readOnlyErrors(r.value.bytes());
        m_unreachable = false;
        if (m_last < 0) {
            m_last = count;
            return;
        }
        // The counter restarts with the server and with CONFIG RESETSTAT.
        const qint64 fresh = count >= m_last ? count - m_last : count;
        m_last = count;
        m_total += fresh;
        Q_EMIT attempts(m_total, fresh);
        m_quietFor = fresh == 0 ? m_quietFor + 1 : 0;
        if (m_quietSeconds > 0 && m_quietFor >= m_quietSeconds) {
            stop();
            Q_EMIT quiet();
        }
    }, kWatchIntervalMs * 5);
}

void OldServerWatch::fail(const QString &reason)
{
    if (m_unreachable)
        return;
    m_unreachable = true;
    Q_EMIT unreachable(reason.isEmpty() ? tr("The old server did not answer.") : reason);
}
