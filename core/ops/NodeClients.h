#pragma once

#include "net/ConnectionProfile.h"
#include "net/RespClient.h"
#include "net/Transport.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class SshSessionPool;

// The connections an operation uses: one dedicated RespClient per node, separate from the
// topology monitor's, so an operation's commands never queue behind polling. Connect them all
// before the first step that changes anything: a switchover must not wait for a TCP/TLS/SSH
// handshake while writes are paused.
class NodeClients : public QObject
{
    Q_OBJECT
public:
    using ProfileLookup = std::function<ConnectionProfile(const QString &address)>;
    using ConnectHandler = std::function<void(const QHash<QString, NetError> &failures)>;

    NodeClients(SshSessionPool *ssh, ProfileLookup profileFor, QObject *parent = nullptr);
    ~NodeClients() override;

    void setTransportFactory(TransportFactory factory);
    // Per-command timeout for commands sent through send() (default 2000 ms).
    void setCommandTimeout(int ms) { m_commandTimeoutMs = ms; }
    int commandTimeout() const { return m_commandTimeoutMs; }

    // Connects every address (in parallel); `done` gets the ones that failed (empty = all
    // ready). Already-ready clients count as ready at once.
    void connectAll(const QStringList &addresses, int timeoutMs, QObject *context, ConnectHandler done);

    // The client for `address`, created (and connecting) on first use.
    RespClient *client(const QString &address);
    // The profile `address` is reached with: the lookup's, with the credentials given by
    // setCredentials() when a step changed them.
    ConnectionProfile profile(const QString &address) const;
    // A step changed `address`'s password (CONFIG SET requirepass): later connections and
    // reconnects AUTH with these; the open connection stays authenticated.
    void setCredentials(const QString &address, const QString &user, const QString &password);
    // The pool for SSH tunnels and for steps that work on files over SSH (may be null).
    SshSessionPool *ssh() const { return m_ssh; }
    // host and port as Redis wants them in REPLICAOF (the profile's, not an SSH tunnel's).
    static QPair<QString, quint16> splitAddress(const QString &address);

    // client(address)->send(args, context, handler, timeout) with the default timeout.
    void send(const QString &address, const QByteArrayList &args, QObject *context,
              RespClient::Handler handler, int timeoutMs = -1);

    void closeAll();

private:
    SshSessionPool *m_ssh;
    ProfileLookup m_profileFor;
    TransportFactory m_factory;
    QHash<QString, RespClient *> m_clients;
    struct Credentials
    {
        QString user;
        QString password;
    };
    QHash<QString, Credentials> m_credentials;
    int m_commandTimeoutMs = 2000;
};
