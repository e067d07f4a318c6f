#pragma once

#include "ConnectionProfile.h"
#include "NetError.h"
#include "RespValue.h"
#include "Transport.h"

#include <QByteArrayList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class SshSessionPool;

// The outcome of one command: a value, or why there is none. A server error reply is both:
// value() holds the -ERR reply and error() has kind ServerError.
struct RespResult
{
    RespValue value;
    NetError error;
    bool ok() const { return !error.isError(); }
    // The server's own words when it answered -ERR, else the connection-level reason.
    QString errorText() const { return value.isError() ? value.text() : error.message; }
};

// A Redis connection over our own Transport. hiredis only parses and formats.
// Commands are pipelined; replies are matched in order. A command that times out poisons
// the pipeline (its reply may still come), so the connection is dropped and every pending
// command fails: timeout for the late one, aborted for those behind it.
// After connecting it sends AUTH (user + password, or password), SELECT db, CLIENT SETNAME
// and PING, pipelined, before reporting ready(); commands sent meanwhile are queued. The
// connect timeout covers everything up to ready() (TCP, SSH, TLS and this handshake).
class RespClient : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Handshaking, Ready, WaitingToReconnect };
    Q_ENUM(State)

    using Handler = std::function<void(const RespResult &result)>;

    // `ssh` may be null when no profile of this client uses SSH.
    explicit RespClient(const ConnectionProfile &profile, SshSessionPool *ssh = nullptr,
                        QObject *parent = nullptr);
    ~RespClient() override;

    void setTransportFactory(TransportFactory factory);
    // Monitors reconnect by themselves; the delay doubles from minMs to maxMs.
    void setAutoReconnect(bool enabled, int minMs = 250, int maxMs = 10000);

    const ConnectionProfile &profile() const { return m_profile; }
    // The credentials the next (re)connect AUTHs with, after the server's password changed
    // (CONFIG SET requirepass): the live connection stays authenticated as it is.
    void setCredentials(const QString &user, const QString &password);
    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Ready; }
    // Why the last connection failed or dropped; cleared by the next ready().
    NetError lastError() const { return m_lastError; }

    void connectToServer();
    // Fails pending commands with Aborted and stops reconnecting; emits no connectionLost.
    void disconnectFromServer();

    // Queues one command. `handler` runs once on this thread, unless `context` was destroyed
    // (a null context means "always") or this client is deleted first (pending handlers are
    // then dropped, not called). While disconnected or waiting to reconnect the handler fails
    // from the event loop, never from inside send(), with the last connect error's kind.
    // timeoutMs < 0 uses the profile's commandTimeoutMs; 0 means no timeout. The clock starts
    // when the command is written, i.e. after the handshake for commands queued before it.
    void send(const QByteArrayList &args, QObject *context, Handler handler, int timeoutMs = -1);

Q_SIGNALS:
    void stateChanged(RespClient::State state);
    void ready();
    void connectFailed(const NetError &error);  // could not connect, handshake or auth failed
    void connectionLost(const NetError &error); // dropped after ready()

private:
    struct Private;
    std::unique_ptr<Private> d;
    ConnectionProfile m_profile;
    State m_state = State::Disconnected;
    NetError m_lastError;
};
