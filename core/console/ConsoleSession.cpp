#include "ConsoleSession.h"

#include "CommandLineSplitter.h"

#include "ssh/SshSessionPool.h"

ConsoleSession::ConsoleSession(const ConnectionProfile &profile, SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_ssh(ssh)
{
}

ConsoleSession::~ConsoleSession() = default;

void ConsoleSession::setTransportFactory(TransportFactory factory)
{
    m_factory = std::move(factory);
}

QString ConsoleSession::prompt() const
{
    if (m_profile.db == 0)
        return QStringLiteral("%1> ").arg(address());
    return QStringLiteral("%1[%2]> ").arg(address()).arg(m_profile.db);
}

RespClient::State ConsoleSession::connectionState() const
{
    return m_client ? m_client->state() : RespClient::State::Disconnected;
}

ConsoleSession::Request ConsoleSession::prepare(const QString &line) const
{
    Request r;
    r.line = line;
    r.displayLine = ConsoleHistory::redact(line.trimmed());
    if (!CommandLineSplitter::split(line, &r.args, &r.error))
        r.args.clear();
    else
        r.safety = CommandSafety::assess(r.args);
    return r;
}

void ConsoleSession::connectToServer()
{
    ensureConnected();
}

void ConsoleSession::ensureConnected()
{
    if (m_client && m_client->state() != RespClient::State::Disconnected)
        return;
    if (m_client) {
        // A fresh client picks up the database chosen with SELECT since the last one.
        m_client->disconnect(this);
        m_client->deleteLater();
    }
    m_client = new RespClient(m_profile, m_ssh, this);
    if (m_factory)
        m_client->setTransportFactory(m_factory);
    connect(m_client, &RespClient::stateChanged, this, &ConsoleSession::connectionStateChanged);
    connect(m_client, &RespClient::connectionLost, this, [this](const NetError &error) {
        Q_EMIT notice(tr("Connection lost: %1").arg(error.message));
    });
    // A running command reports the failure as its reply; an idle console says it here.
    connect(m_client, &RespClient::connectFailed, this, [this](const NetError &error) {
        if (!m_busy)
            Q_EMIT notice(tr("Could not connect: %1").arg(error.message));
    });
    m_client->connectToServer();
}

bool ConsoleSession::execute(const Request &request)
{
    if (m_busy || !request.canSend())
        return false;
    ensureConnected();
    m_running = request;
    const quint64 serial = ++m_serial;
    setBusy(true);
    // Blocking commands wait as long as they asked to; the user can still cancel.
    const int timeoutMs = CommandSafety::isBlocking(request.args) ? 0 : -1;
    m_client->send(request.args, this, [this, serial, request](const RespResult &result) {
        if (serial == m_serial && m_busy)
            finish(request, result);
    }, timeoutMs);
    return true;
}

void ConsoleSession::cancel()
{
    if (!m_busy)
        return;
    ++m_serial;
    if (m_client)
        m_client->disconnectFromServer();
    RespResult result;
    result.error = NetError::make(NetError::Kind::Aborted, tr("cancelled"));
    finish(m_running, result);
}

void ConsoleSession::finish(const Request &request, const RespResult &result)
{
    if (result.ok() && !request.args.isEmpty() && request.args.first().toUpper() == "SELECT"
        && request.args.size() == 2) {
        bool ok = false;
        const int db = request.args.at(1).toInt(&ok);
        if (ok && db != m_profile.db) {
            m_profile.db = db;
            Q_EMIT promptChanged(prompt());
        }
    }
    m_running = Request();
    setBusy(false);
    Q_EMIT finished(request.displayLine, result);
}

void ConsoleSession::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

QString ConsoleSession::displayText(const RespResult &result, ReplyFormatter::Mode mode)
{
    if (result.ok() || result.value.isError())
        return ReplyFormatter::format(result.value, mode);
    switch (result.error.kind) {
    case NetError::Kind::Aborted:
        return tr("(cancelled)");
    case NetError::Kind::Timeout:
        return tr("(error) no reply in time: %1").arg(result.error.message);
    default:
        break;
    }
    if (result.error.isConnectFailure())
        return tr("Could not connect: %1").arg(result.error.message);
    return tr("(error) %1").arg(result.error.message);
}
