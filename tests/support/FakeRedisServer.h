#pragma once

#include <QByteArrayList>
#include <QList>
#include <QObject>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

// A scripted RESP server on a random loopback port, for what a real redis-server never does:
// stay silent, stop mid-reply, send garbage. Commands are parsed with our RespReader.
class FakeRedisServer : public QObject
{
    Q_OBJECT
public:
    // Runs for every command a client sends, in order; writes an answer to `socket`, or not.
    using Script = std::function<void(QTcpSocket *socket, const QByteArrayList &command)>;

    explicit FakeRedisServer(QObject *parent = nullptr);
    ~FakeRedisServer() override;

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    void setScript(Script script) { m_script = std::move(script); }
    int connectionCount() const { return m_connections; }
    QList<QByteArrayList> commands() const { return m_commands; }

    // A script that completes Tandem's handshake (AUTH, SELECT, CLIENT SETNAME, PING) like a
    // healthy server and passes every other command to `then`.
    static Script handshakeThen(Script then);

private:
    void onNewConnection();

    QTcpServer m_server;
    Script m_script;
    int m_connections = 0;
    QList<QByteArrayList> m_commands;
};
