#include "RespClient.h"

#include "RespCommand.h"
#include "RespReader.h"
#include "TransportFactory.h"
#include "ssh/SshSessionPool.h"

#include <QElapsedTimer>
#include <QTimer>

#include <deque>

namespace {

// What a handshake reply answers; None for the user's commands.
bool startsWith(const QByteArray &text, const char *prefix)
{
    return text.startsWith(prefix);
}

// Error replies that mean "you are not (correctly) logged in", across Redis versions:
// 6+: WRONGPASS ..., NOAUTH ..., "ERR AUTH <password> called without any password configured";
// <6: "ERR invalid password", "ERR Client sent AUTH, but no password is set",
// and "wrong number of arguments" when AUTH user password reaches a server without ACLs.
bool isAuthError(const QByteArray &error)
{
    const QByteArray lower = error.toLower();
    return startsWith(error, "WRONGPASS") || startsWith(error, "NOAUTH")
        || lower.contains("invalid password") || lower.contains("invalid username-password")
        || lower.contains("without any password configured") || lower.contains("no password is set")
        || (lower.contains("wrong number of arguments") && lower.contains("'auth'"));
}

QString errorCode(const QByteArray &error)
{
    const qsizetype space = error.indexOf(' ');
    return QString::fromUtf8(space < 0 ? error : error.left(space));
}

} // namespace

struct RespClient::Private
{
    enum class Step { None, Auth, Select, SetName, Ping };

    struct Command
    {
        Handler handler;
        QPointer<QObject> context;
        bool hasContext = false;
        Step step = Step::None;
        int timeoutMs = 0;    // 0 = none
        qint64 deadline = 0;  // on `clock`, set when written; 0 = none
        QByteArray wire;      // the encoded command until it is written
    };

    explicit Private(RespClient *client) : q(client) {}

    void startConnect();
    void onOpened(Transport *t);
    void onReceived(Transport *t, const QByteArray &data);
    void onTransportFailed(Transport *t, const NetError &error);
    void onHandshakeReply(Step step, const RespValue &reply);
    void onCommandTimer();
    void onConnectTimeout();
    void writeCommand(Command command);
    void armCommandTimer(qint64 deadline);
    // Drops the connection and fails every pending command. `late` (an in-flight index) is the
    // command that timed out: it gets `error`, the others are aborted behind it.
    void fail(const NetError &error, qsizetype late = -1, bool announce = true);
    void releaseTransport();
    void setState(State state);
    void deliverLater(Command command, const NetError &error);
    QString redact(QString text) const;

    RespClient *q;
    QPointer<SshSessionPool> ssh;
    TransportFactory factory;
    Transport *transport = nullptr;
    RespReader reader;
    std::deque<Command> queued;    // sent before ready(): written once the handshake is done
    std::deque<Command> inflight;  // written; replies arrive in this order
    quint64 generation = 0;        // bumped per connection attempt and per drop
    QByteArray handshakeError;     // last error reply seen during the handshake
    QTimer connectTimer;
    QTimer commandTimer;
    QTimer reconnectTimer;
    qint64 armedDeadline = 0;
    QElapsedTimer clock;
    bool autoReconnect = false;
    bool wantConnected = false;
    int minDelayMs = 250;
    int maxDelayMs = 10000;
    int nextDelayMs = 250;
};

RespClient::RespClient(const ConnectionProfile &profile, SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
    , m_profile(profile)
{
    d->ssh = ssh;
    d->factory = defaultTransportFactory(ssh);
    d->clock.start();
    d->connectTimer.setSingleShot(true);
    d->connectTimer.setTimerType(Qt::PreciseTimer);  // a bound must never fire early
    d->commandTimer.setSingleShot(true);
    d->commandTimer.setTimerType(Qt::PreciseTimer);
    d->reconnectTimer.setSingleShot(true);
    connect(&d->connectTimer, &QTimer::timeout, this, [this] { d->onConnectTimeout(); });
    connect(&d->commandTimer, &QTimer::timeout, this, [this] { d->onCommandTimer(); });
    connect(&d->reconnectTimer, &QTimer::timeout, this, [this] { d->startConnect(); });
}

RespClient::~RespClient()
{
    // Pending handlers are dropped, not called: their owner is tearing this client down.
    d->releaseTransport();
}

void RespClient::setTransportFactory(TransportFactory factory)
{
    d->factory = factory ? std::move(factory) : defaultTransportFactory(d->ssh);
}

void RespClient::setAutoReconnect(bool enabled, int minMs, int maxMs)
{
    d->autoReconnect = enabled;
    d->minDelayMs = qMax(1, minMs);
    d->maxDelayMs = qMax(d->minDelayMs, maxMs);
    d->nextDelayMs = d->minDelayMs;
    if (!enabled && m_state == State::WaitingToReconnect) {
        d->reconnectTimer.stop();
        d->setState(State::Disconnected);
    }
}

void RespClient::connectToServer()
{
    if (m_state == State::Connecting || m_state == State::Handshaking || m_state == State::Ready)
        return;
    d->wantConnected = true;
    d->reconnectTimer.stop();
    d->startConnect();
}

void RespClient::disconnectFromServer()
{
    d->wantConnected = false;
    d->reconnectTimer.stop();
    if (m_state == State::Disconnected && d->inflight.empty() && d->queued.empty())
        return;
    d->fail(NetError::make(NetError::Kind::Aborted,
                           QStringLiteral("disconnected from %1").arg(m_profile.displayName())),
            -1, false);
}

void RespClient::send(const QByteArrayList &args, QObject *context, Handler handler, int timeoutMs)
{
    Private::Command command;
    command.handler = std::move(handler);
    command.context = context;
    command.hasContext = context != nullptr;
    command.timeoutMs = timeoutMs < 0 ? qMax(0, m_profile.commandTimeoutMs) : timeoutMs;
    command.wire = RespCommand::format(args);
    if (command.wire.isEmpty()) {
        d->deliverLater(std::move(command),
                        NetError::make(NetError::Kind::Other, QStringLiteral("empty command")));
        return;
    }
    switch (m_state) {
    case State::Ready:
        d->writeCommand(std::move(command));
        return;
    case State::Connecting:
    case State::Handshaking:
        d->queued.push_back(std::move(command));
        return;
    case State::Disconnected:
    case State::WaitingToReconnect:
        break;
    }
    NetError error = m_lastError;
    if (!error.isError())
        error = NetError::make(NetError::Kind::Closed, QString());
    error.message = QStringLiteral("not connected to %1").arg(m_profile.displayName())
        + (m_lastError.isError() ? QStringLiteral(": ") + m_lastError.message : QString());
    d->deliverLater(std::move(command), error);
}

void RespClient::Private::setState(State state)
{
    if (q->m_state == state)
        return;
    q->m_state = state;
    Q_EMIT q->stateChanged(state);
}

void RespClient::Private::startConnect()
{
    const quint64 gen = ++generation;
    reader.reset();
    handshakeError.clear();
    releaseTransport();
    const QPointer<RespClient> self(q);
    setState(State::Connecting);
    if (!self || generation != gen)  // a stateChanged handler deleted or disconnected us
        return;
    if (q->m_profile.connectTimeoutMs > 0)
        connectTimer.start(q->m_profile.connectTimeoutMs);

    Transport *t = factory ? factory(q->m_profile, q) : nullptr;
    if (!t) {
        fail(NetError::make(NetError::Kind::Other,
                            QStringLiteral("no transport for %1").arg(q->m_profile.displayName())));
        return;
    }
    transport = t;
    QObject::connect(t, &Transport::opened, q, [this, t] { onOpened(t); });
    QObject::connect(t, &Transport::received, q,
                     [this, t](const QByteArray &data) { onReceived(t, data); });
    QObject::connect(t, &Transport::failed, q,
                     [this, t](const NetError &error) { onTransportFailed(t, error); });
    t->open();
}

void RespClient::Private::releaseTransport()
{
    if (!transport)
        return;
    Transport *t = transport;
    transport = nullptr;
    QObject::disconnect(t, nullptr, q, nullptr);
    t->close();
    // We may be inside one of its signals (or its socket's): never delete it synchronously,
    // and keep it from being deleted with us as a child.
    t->setParent(nullptr);
    t->deleteLater();
}

void RespClient::Private::onOpened(Transport *t)
{
    if (t != transport || q->m_state != State::Connecting)
        return;
    const ConnectionProfile &p = q->m_profile;
    QList<std::pair<Step, QByteArrayList>> steps;
    // A user without a password is still a login (ACL users may be "nopass").
    if (!p.user.isEmpty())
        steps.append({Step::Auth, {"AUTH", p.user.toUtf8(), p.password.toUtf8()}});
    else if (!p.password.isEmpty())
        steps.append({Step::Auth, {"AUTH", p.password.toUtf8()}});
    if (p.db != 0)
        steps.append({Step::Select, {"SELECT", QByteArray::number(p.db)}});
    steps.append({Step::SetName, {"CLIENT", "SETNAME", "tandem"}});
    steps.append({Step::Ping, {"PING"}});

    // Pipelined in one write: a tunnel or a far-away node costs one round trip, not four.
    QByteArray wire;
    for (const auto &[step, args] : steps) {
        Command c;
        c.step = step;
        inflight.push_back(std::move(c));
        wire += RespCommand::format(args);
    }
    const QPointer<RespClient> self(q);
    setState(State::Handshaking);
    if (!self || t != transport)
        return;
    t->write(wire);
}

void RespClient::Private::onReceived(Transport *t, const QByteArray &data)
{
    if (t != transport)
        return;
    reader.feed(data);
    const quint64 gen = generation;
    const QPointer<RespClient> self(q);
    for (;;) {
        RespValue value;
        const RespReader::Status status = reader.next(&value);
        if (status == RespReader::Status::NeedMore)
            return;
        if (status == RespReader::Status::Error) {
            fail(NetError::make(NetError::Kind::Protocol,
                                QStringLiteral("%1 sent data that is not RESP (%2)")
                                    .arg(q->m_profile.displayName(), reader.errorString())));
            return;
        }
        if (inflight.empty()) {
            fail(NetError::make(NetError::Kind::Protocol,
                                QStringLiteral("%1 sent a reply nobody asked for: %2")
                                    .arg(q->m_profile.displayName(),
                                         value.toDisplayString().left(200))));
            return;
        }
        Command command = std::move(inflight.front());
        inflight.pop_front();
        if (command.step != Step::None) {
            onHandshakeReply(command.step, value);
        } else if (!command.hasContext || command.context) {
            RespResult result;
            result.value = value;
            if (value.isError())
                result.error = NetError::make(NetError::Kind::ServerError, value.text(),
                                              errorCode(value.bytes()));
            if (command.handler)
                command.handler(result);
        }
        // A handler may have deleted us, disconnected, or reconnected.
        if (!self || generation != gen)
            return;
    }
}

void RespClient::Private::onHandshakeReply(Step step, const RespValue &reply)
{
    const QString who = q->m_profile.displayName();
    if (reply.isError()) {
        const QByteArray text = reply.bytes();
        handshakeError = text;
        const bool authError = isAuthError(text);
        if (authError || step == Step::Auth) {
            fail(NetError::make(authError ? NetError::Kind::AuthFailed : NetError::Kind::ServerError,
                                QStringLiteral("authentication failed at %1: %2")
                                    .arg(who, redact(QString::fromUtf8(text))),
                                errorCode(text)));
            return;
        }
        if (step == Step::Select) {
            fail(NetError::make(NetError::Kind::ServerError,
                                QStringLiteral("cannot select database %1 on %2: %3")
                                    .arg(q->m_profile.db).arg(who, QString::fromUtf8(text)),
                                errorCode(text)));
            return;
        }
        // CLIENT SETNAME is missing on old servers; PING may answer -LOADING or -BUSY while the
        // connection itself is fine: the commands that follow will report those errors.
    }
    if (step != Step::Ping)
        return;

    connectTimer.stop();
    nextDelayMs = minDelayMs;
    q->m_lastError = NetError();
    const quint64 gen = generation;
    const QPointer<RespClient> self(q);
    setState(State::Ready);
    if (!self || generation != gen)
        return;
    // Queued commands go first, so that whatever ready() handlers send comes after them.
    while (!queued.empty() && q->m_state == State::Ready) {
        Command c = std::move(queued.front());
        queued.pop_front();
        writeCommand(std::move(c));
    }
    Q_EMIT q->ready();
}

void RespClient::Private::writeCommand(Command command)
{
    if (command.timeoutMs > 0) {
        command.deadline = clock.elapsed() + command.timeoutMs;
        armCommandTimer(command.deadline);
    }
    const QByteArray wire = std::move(command.wire);
    command.wire.clear();
    inflight.push_back(std::move(command));
    transport->write(wire);
}

void RespClient::Private::armCommandTimer(qint64 deadline)
{
    if (commandTimer.isActive() && armedDeadline <= deadline)
        return;
    armedDeadline = deadline;
    commandTimer.start(int(qMax<qint64>(0, deadline - clock.elapsed())));
}

void RespClient::Private::onCommandTimer()
{
    const qint64 now = clock.elapsed();
    qint64 earliest = 0;
    for (qsizetype i = 0; i < qsizetype(inflight.size()); ++i) {
        const Command &c = inflight[size_t(i)];
        if (c.deadline == 0)
            continue;
        if (c.deadline <= now) {
            fail(NetError::make(NetError::Kind::Timeout,
                                QStringLiteral("%1 did not answer within %2 ms")
                                    .arg(q->m_profile.displayName())
                                    .arg(c.timeoutMs)),
                 i);
            return;
        }
        if (earliest == 0 || c.deadline < earliest)
            earliest = c.deadline;
    }
    // The commands that armed the timer were answered in time; watch the next one.
    if (earliest != 0)
        armCommandTimer(earliest);
}

void RespClient::Private::onConnectTimeout()
{
    const QString who = q->m_profile.displayName();
    const int ms = q->m_profile.connectTimeoutMs;
    if (q->m_state == State::Handshaking)
        fail(NetError::make(NetError::Kind::Timeout,
                            QStringLiteral("%1 accepted the connection but did not answer within %2 ms")
                                .arg(who)
                                .arg(ms)));
    else if (q->m_state == State::Connecting)
        fail(NetError::make(NetError::Kind::Timeout,
                            QStringLiteral("could not connect to %1 within %2 ms%3")
                                .arg(who)
                                .arg(ms)
                                // A plain port reads a ClientHello as a half inline command and waits.
                                .arg(q->m_profile.tls.enabled
                                         ? QStringLiteral(" (the TLS handshake did not finish; is it a TLS port?)")
                                         : QString())));
}

void RespClient::Private::onTransportFailed(Transport *t, const NetError &error)
{
    if (t != transport)
        return;
    NetError e = error;
    // A server that refuses us (max clients, protected mode...) says why, then hangs up.
    if (q->m_state == State::Handshaking && e.kind == NetError::Kind::Closed) {
        if (!handshakeError.isEmpty())
            e.message += QStringLiteral(" (it said: %1)").arg(redact(QString::fromUtf8(handshakeError)));
        else if (!q->m_profile.tls.enabled)  // what a TLS-only port does to plain text
            e.message += QStringLiteral(" without answering; is it a TLS port?");
    }
    fail(e);
}

void RespClient::Private::fail(const NetError &error, qsizetype late, bool announce)
{
    const bool wasReady = q->m_state == State::Ready;
    releaseTransport();
    ++generation;
    connectTimer.stop();
    commandTimer.stop();
    std::deque<Command> lost = std::move(inflight);
    std::deque<Command> waiting = std::move(queued);
    inflight.clear();
    queued.clear();
    if (announce)
        q->m_lastError = error;

    State next = State::Disconnected;
    if (announce && autoReconnect && wantConnected) {
        next = State::WaitingToReconnect;
        reconnectTimer.start(nextDelayMs);
        nextDelayMs = qMin(maxDelayMs, nextDelayMs * 2);
    }
    const QPointer<RespClient> self(q);
    setState(next);

    NetError aborted = error;
    if (late >= 0)
        aborted = NetError::make(NetError::Kind::Aborted,
                                 QStringLiteral("cancelled: an earlier command on the same "
                                                "connection timed out (%1)").arg(error.message));
    auto deliver = [&](std::deque<Command> &commands, qsizetype lateIndex) {
        for (qsizetype i = 0; i < qsizetype(commands.size()) && self; ++i) {
            Command &c = commands[size_t(i)];
            if (c.step != Step::None || !c.handler || (c.hasContext && !c.context))
                continue;
            RespResult result;
            result.error = i == lateIndex ? error : aborted;
            c.handler(result);
        }
    };
    deliver(lost, late);
    deliver(waiting, -1);
    if (!self || !announce)
        return;
    if (wasReady)
        Q_EMIT q->connectionLost(error);
    else
        Q_EMIT q->connectFailed(error);
}

void RespClient::Private::deliverLater(Command command, const NetError &error)
{
    QMetaObject::invokeMethod(
        q,
        [c = std::move(command), error] {
            if (!c.handler || (c.hasContext && !c.context))
                return;
            RespResult result;
            result.error = error;
            c.handler(result);
        },
        Qt::QueuedConnection);
}

void RespClient::setCredentials(const QString &user, const QString &password)
{
    m_profile.user = user;
    m_profile.password = password;
}

QString RespClient::Private::redact(QString text) const
{
    // Servers do not echo passwords today; make sure a future one cannot leak it into a log.
    const QString &password = q->m_profile.password;
    if (password.size() >= 4)
        text.replace(password, QStringLiteral("***"));
    return text;
}
