#include "NodeMonitor.h"

#include "info/InfoParser.h"
#include "net/RespClient.h"

namespace {

// Backoff bounds for reconnecting: quick enough to notice a restarted node within a few
// seconds, slow enough not to hammer a node that is down for longer.
constexpr int kReconnectMinMs = 250;
constexpr int kReconnectMaxMs = 5000;

} // namespace

NodeMonitor::NodeMonitor(const ConnectionProfile &profile, SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_ssh(ssh)
{
    m_pollTimer.setInterval(m_intervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &NodeMonitor::poll);
}

NodeMonitor::~NodeMonitor()
{
    // Delete the client now (not later) and silently: its handlers and signals must not reach
    // a half-destroyed monitor.
    if (RespClient *client = m_client.data()) {
        client->disconnect(this);
        delete client;
    }
}

QString NodeMonitor::displayName() const
{
    if (m_profile.name.isEmpty())
        return m_profile.displayName();
    return m_profile.name + QStringLiteral(" (") + m_profile.displayName() + QLatin1Char(')');
}

void NodeMonitor::setInterval(int ms)
{
    m_intervalMs = qMax(50, ms);
    m_pollTimer.setInterval(m_intervalMs);
}

void NodeMonitor::setAutoPoll(bool enabled)
{
    m_autoPoll = enabled;
    if (!enabled)
        m_pollTimer.stop();
    else if (m_client && m_client->isReady())
        m_pollTimer.start();
}

bool NodeMonitor::send(const QByteArrayList &args, QObject *context,
                       std::function<void(const RespResult &)> handler, int timeoutMs)
{
    if (!m_client || !m_client->isReady())
        return false;
    m_client->send(args, context, std::move(handler), timeoutMs);
    return true;
}

bool NodeMonitor::needsUser(Status status)
{
    return status == Status::AuthFailed || status == Status::HostKeyUnknown
        || status == Status::HostKeyChanged;
}

void NodeMonitor::start()
{
    if (m_client)
        return;
    if (!m_hasSnapshot)
        setStatus(Status::Connecting, {});
    createClient();
}

void NodeMonitor::stop()
{
    dropClient();
}

void NodeMonitor::reconnect()
{
    dropClient();
    if (!m_hasSnapshot)
        setStatus(Status::Connecting, {});
    createClient();
}

void NodeMonitor::acceptHostKey(const QString &fingerprint)
{
    m_profile.ssh.acceptFingerprint = fingerprint;
    reconnect();
}

void NodeMonitor::createClient()
{
    ++m_generation;
    m_pollInFlight = false;
    auto *client = new RespClient(m_profile, m_ssh, this);
    if (m_transportFactory)
        client->setTransportFactory(m_transportFactory);
    client->setAutoReconnect(true, kReconnectMinMs, kReconnectMaxMs);
    connect(client, &RespClient::ready, this, &NodeMonitor::onReady);
    connect(client, &RespClient::connectFailed, this, &NodeMonitor::onConnectFailed);
    connect(client, &RespClient::connectionLost, this, &NodeMonitor::onConnectionLost);
    m_client = client;
    client->connectToServer();
}

void NodeMonitor::dropClient()
{
    ++m_generation;
    m_pollTimer.stop();
    m_pollInFlight = false;
    if (RespClient *client = m_client.data()) {
        m_client.clear();
        client->disconnect(this);
        client->disconnectFromServer();
        // We may be inside one of its signals: let it unwind first.
        client->deleteLater();
    }
}

void NodeMonitor::onReady()
{
    m_pollInFlight = false;
    poll();
    if (m_autoPoll)
        m_pollTimer.start();
}

void NodeMonitor::onConnectFailed(const NetError &error)
{
    const quint64 generation = m_generation;
    const Status status = statusFor(error);
    setStatus(status, error);
    if (generation != m_generation)
        return;  // a statusChanged() receiver already reconnected (e.g. accepted a host key)
    if (needsUser(status)) {
        // Retrying a refused login or an unverified host key only repeats the refusal.
        dropClient();
        return;
    }
    // Anything else: the client retries by itself with backoff.
}

void NodeMonitor::onConnectionLost(const NetError &error)
{
    m_pollTimer.stop();
    m_pollInFlight = false;
    const quint64 generation = m_generation;
    const Status status = statusFor(error);
    setStatus(status, error);
    if (generation == m_generation && needsUser(status))
        dropClient();
}

void NodeMonitor::poll()
{
    if (m_pollInFlight || !m_client || !m_client->isReady())
        return;
    m_pollInFlight = true;
    const quint64 generation = m_generation;
    m_client->send({QByteArrayLiteral("INFO")}, this,
                   [this, generation](const RespResult &result) {
        if (generation != m_generation)
            return;  // reply of a connection we already dropped
        m_pollInFlight = false;
        if (result.ok()) {
            m_snapshot = InfoParser::parse(result.value.bytes());
            m_hasSnapshot = true;
            setStatus(Status::Up, {});
            Q_EMIT snapshotChanged(m_snapshot);
            return;
        }
        if (result.error.kind == NetError::Kind::ServerError) {
            // NOAUTH: the server wants a password we did not give.
            const bool noAuth = result.value.bytes().startsWith("NOAUTH");
            const NetError error = noAuth
                ? NetError::make(NetError::Kind::AuthFailed, result.value.text(),
                                 QStringLiteral("NOAUTH"))
                : result.error;
            setStatus(statusFor(error), error);
            if (noAuth && generation == m_generation)
                dropClient();
            return;
        }
        // Timeouts and drops also arrive as connectionLost(); the client reconnects.
        setStatus(statusFor(result.error), result.error);
    }, m_pollTimeoutMs);
}

void NodeMonitor::setStatus(Status status, const NetError &error)
{
    const bool changed = status != m_status || error.kind != m_lastError.kind
        || error.message != m_lastError.message;
    m_status = status;
    m_lastError = error;
    if (changed)
        Q_EMIT statusChanged(status);
}

NodeMonitor::Status NodeMonitor::statusFor(const NetError &error)
{
    using Kind = NetError::Kind;
    switch (error.kind) {
    case Kind::None:
        return Status::Up;
    case Kind::AuthFailed:
    case Kind::SshAuthFailed:
        return Status::AuthFailed;
    case Kind::SshHostKeyUnknown:
        return Status::HostKeyUnknown;
    case Kind::SshHostKeyChanged:
        return Status::HostKeyChanged;
    case Kind::HostNotFound:
    case Kind::ConnectionRefused:
    case Kind::Timeout:
    case Kind::Closed:
    case Kind::Aborted:
    case Kind::Ssh:
        return Status::Unreachable;
    case Kind::Protocol:
    case Kind::ServerError:
    case Kind::Tls:
    case Kind::Other:
        return Status::Error;
    }
    return Status::Error;
}

NodeReachability NodeMonitor::reachability() const
{
    using S = NodeMonitor::Status;
    switch (status()) {
    case S::Connecting:
        return NodeReachability::Connecting;
    case S::Up:
        return hasSnapshot() && snapshot().loading ? NodeReachability::Loading : NodeReachability::Up;
    case S::Unreachable:
        return NodeReachability::Unreachable;
    case S::AuthFailed:
        return NodeReachability::AuthFailed;
    case S::HostKeyUnknown:
        return NodeReachability::HostKeyUnknown;
    case S::HostKeyChanged:
        return NodeReachability::HostKeyChanged;
    case S::Error:
        break;
    }
    // A node loading its dataset refuses INFO with -LOADING on old versions.
    if (lastError().message.startsWith(QLatin1String("LOADING")))
        return NodeReachability::Loading;
    return NodeReachability::Error;
}
