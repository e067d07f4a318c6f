#include "SocketPairRelay.h"

#include <QTcpSocket>

#include <sys/socket.h>
#include <unistd.h>

SocketPairRelay::SocketPairRelay(QObject *parent)
    : QObject(parent)
{
}

SocketPairRelay::~SocketPairRelay() = default;

int SocketPairRelay::open(quint16 targetPort, QString *error)
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        *error = QStringLiteral("socketpair failed");
        return -1;
    }
    m_local = new QTcpSocket(this);
    if (!m_local->setSocketDescriptor(fds[1])) {
        *error = QStringLiteral("cannot adopt the socketpair: ") + m_local->errorString();
        ::close(fds[0]);
        ::close(fds[1]);
        return -1;
    }
    m_remote = new QTcpSocket(this);
    connect(m_local, &QIODevice::readyRead, this, [this] {
        const QByteArray data = m_local->readAll();
        m_bytes += data.size();
        m_pending += data;
        flushPending();
    });
    connect(m_remote, &QAbstractSocket::connected, this, &SocketPairRelay::flushPending);
    connect(m_remote, &QIODevice::readyRead, this, [this] {
        const QByteArray data = m_remote->readAll();
        m_bytes += data.size();
        m_local->write(data);
    });
    // Either side hanging up ends the tunnel, like an SSH channel closing.
    connect(m_local, &QAbstractSocket::disconnected, this, [this] { m_remote->disconnectFromHost(); });
    connect(m_remote, &QAbstractSocket::disconnected, this, [this] { m_local->disconnectFromHost(); });
    m_remote->connectToHost(QStringLiteral("127.0.0.1"), targetPort);
    return fds[0];
}

void SocketPairRelay::flushPending()
{
    if (m_remote->state() != QAbstractSocket::ConnectedState || m_pending.isEmpty())
        return;
    m_remote->write(m_pending);
    m_pending.clear();
}
