#include "FakeRedisServer.h"

#include "net/RespReader.h"

#include <QPointer>
#include <QTcpSocket>

#include <memory>

FakeRedisServer::FakeRedisServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeRedisServer::onNewConnection);
}

FakeRedisServer::~FakeRedisServer() = default;

bool FakeRedisServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void FakeRedisServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        ++m_connections;
        socket->setParent(this);
        auto reader = std::make_shared<RespReader>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QIODevice::readyRead, this, [this, socket, reader] {
            reader->feed(socket->readAll());
            RespValue value;
            const QPointer<QTcpSocket> alive(socket);
            while (alive && socket->state() == QAbstractSocket::ConnectedState
                   && reader->next(&value) == RespReader::Status::Reply) {
                QByteArrayList command;
                for (const RespValue &arg : value.elements())
                    command << arg.bytes();
                m_commands << command;
                if (m_script)
                    m_script(socket, command);
            }
        });
    }
}

FakeRedisServer::Script FakeRedisServer::handshakeThen(Script then)
{
    return [then](QTcpSocket *socket, const QByteArrayList &command) {
        const QByteArray name = command.value(0).toUpper();
        if (name == "AUTH" || name == "SELECT" || name == "CLIENT")
            socket->write("+OK\r\n");
        else if (name == "PING")
            socket->write("+PONG\r\n");
        else if (then)
            then(socket, command);
    };
}
