#pragma once

#include <QObject>
#include <QTcpServer>

// A TCP relay on loopback that the test can "cut": after freeze() no byte passes in either
// direction and no close propagates, like a network partition (connections stay open, requests
// go unanswered). Lives on the test's event loop.
class FreezableRelay : public QObject
{
    Q_OBJECT
public:
    explicit FreezableRelay(quint16 targetPort, QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    void freeze() { m_frozen = true; }
    bool isFrozen() const { return m_frozen; }

private:
    void accept();

    QTcpServer m_server;
    quint16 m_target;
    bool m_frozen = false;
};
