#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QTcpSocket;

// Stands in for an SSH direct-tcpip forward: hands out one end of a connected AF_UNIX
// socketpair and relays the other end to a TCP port on loopback, byte for byte.
class SocketPairRelay : public QObject
{
    Q_OBJECT
public:
    explicit SocketPairRelay(QObject *parent = nullptr);
    ~SocketPairRelay() override;

    // Returns the fd for the client (the caller owns it), or -1 with *error set.
    int open(quint16 targetPort, QString *error);
    qint64 bytesRelayed() const { return m_bytes; }

private:
    void flushPending();

    QTcpSocket *m_local = nullptr;   // our end of the socketpair
    QTcpSocket *m_remote = nullptr;  // TCP to the target
    QByteArray m_pending;            // client bytes that arrived before the TCP connect finished
    qint64 m_bytes = 0;
};
