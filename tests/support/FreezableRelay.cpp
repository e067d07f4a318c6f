#include "FreezableRelay.h"

#include <QHostAddress>
#include <QTcpSocket>

#include <memory>

FreezableRelay::FreezableRelay(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_target(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FreezableRelay::accept);
}

bool FreezableRelay::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void FreezableRelay::accept()
{
    while (QTcpSocket *in = m_server.nextPendingConnection()) {
        in->setParent(this);
        auto *out = new QTcpSocket(in);
        out->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        in->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto pending = std::make_shared<QByteArray>();
        // Frozen: leave the bytes in the kernel buffers, as a partition would.
        auto forward = [this, in, out, pending] {
            if (m_frozen)
                return;
            if (out->state() != QAbstractSocket::ConnectedState) {
                *pending += in->readAll();
                return;
            }
            out->write(in->readAll());
        };
        connect(in, &QTcpSocket::readyRead, this, forward);
        connect(out, &QTcpSocket::connected, this, [out, pending] {
            out->write(*pending);
            pending->clear();
        });
        connect(out, &QTcpSocket::readyRead, this, [this, in, out] {
            if (!m_frozen)
                in->write(out->readAll());
        });
        connect(in, &QTcpSocket::disconnected, this, [this, in, out] {
            if (m_frozen)
                return;
            out->disconnectFromHost();
            in->deleteLater();
        });
        connect(out, &QTcpSocket::disconnected, this, [this, in] {
            if (!m_frozen)
                in->disconnectFromHost();
        });
        out->connectToHost(QHostAddress::LocalHost, m_target);
    }
}
