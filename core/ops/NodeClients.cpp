#include "NodeClients.h"

#include "net/TransportFactory.h"

#include <QTimer>

#include <memory>

NodeClients::NodeClients(SshSessionPool *ssh, ProfileLookup profileFor, QObject *parent)
    : QObject(parent)
    , m_ssh(ssh)
    , m_profileFor(std::move(profileFor))
{
}

NodeClients::~NodeClients()
{
    closeAll();
}

void NodeClients::setTransportFactory(TransportFactory factory)
{
    m_factory = std::move(factory);
}

RespClient *NodeClients::client(const QString &address)
{
    if (RespClient *c = m_clients.value(address)) {
        // Dropped (a timeout, or CLIENT KILL as Sentinel sends when it promotes): reconnect
        // on use, so a step that retries is not stuck with a dead client.
        if (c->state() == RespClient::State::Disconnected)
            c->connectToServer();
        return c;
    }
    auto *c = new RespClient(profile(address), m_ssh, this);
    if (m_factory)
        c->setTransportFactory(m_factory);
    m_clients.insert(address, c);
    c->connectToServer();
    return c;
}

ConnectionProfile NodeClients::profile(const QString &address) const
{
    ConnectionProfile p = m_profileFor(address);
    const auto it = m_credentials.constFind(address);
    if (it != m_credentials.cend()) {
        p.user = it->user;
        p.password = it->password;
    }
    return p;
}

void NodeClients::setCredentials(const QString &address, const QString &user, const QString &password)
{
    m_credentials.insert(address, Credentials{user, password});
    if (RespClient *c = m_clients.value(address))
        c->setCredentials(user, password);
}

QPair<QString, quint16> NodeClients::splitAddress(const QString &address)
{
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return {address, quint16(6379)};
    QString host = address.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    return {host, quint16(address.mid(colon + 1).toUInt())};
}

void NodeClients::connectAll(const QStringList &addresses, int timeoutMs, QObject *context, ConnectHandler done)
{
    struct State
    {
        QHash<QString, NetError> failures;
        int pending = 0;
        bool reported = false;
    };
    auto state = std::make_shared<State>();
    auto guard = new QObject(this);
    auto report = [state, guard, context = QPointer<QObject>(context), done]() {
        if (state->reported)
            return;
        state->reported = true;
        guard->deleteLater();
        if (context)
            done(state->failures);
    };
    for (const QString &address : addresses) {
        RespClient *c = client(address);
        if (c->isReady())
            continue;
        ++state->pending;
        state->failures.insert(address, NetError::make(NetError::Kind::Timeout,
                                                       QStringLiteral("%1 did not answer within %2 ms").arg(address).arg(timeoutMs)));
        connect(c, &RespClient::ready, guard, [state, address, report] {
            state->failures.remove(address);
            if (--state->pending == 0)
                report();
        });
        connect(c, &RespClient::connectFailed, guard, [state, address, report](const NetError &error) {
            state->failures.insert(address, error);
            if (--state->pending == 0)
                report();
        });
        if (c->state() == RespClient::State::Disconnected)
            c->connectToServer();
    }
    if (state->pending == 0) {
        QTimer::singleShot(0, guard, report);
        return;
    }
    QTimer::singleShot(timeoutMs, guard, report);
}

void NodeClients::send(const QString &address, const QByteArrayList &args, QObject *context,
                       RespClient::Handler handler, int timeoutMs)
{
    client(address)->send(args, context, std::move(handler), timeoutMs < 0 ? m_commandTimeoutMs : timeoutMs);
}

void NodeClients::closeAll()
{
    for (RespClient *c : std::as_const(m_clients)) {
        c->disconnectFromServer();
        c->deleteLater();
    }
    m_clients.clear();
}
