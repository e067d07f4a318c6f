#pragma once

#include "ConnectionProfile.h"
#include "NetError.h"

#include <QByteArray>
#include <QObject>

#include <functional>

// A byte stream to one Redis node (plain TCP, TLS, either of them through an SSH tunnel).
// All asynchronous on the owning thread's event loop. After failed() the transport is dead:
// make a new one to reconnect.
class Transport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Transport() override = default;

    virtual void open() = 0;                        // -> opened() or failed()
    virtual void write(const QByteArray &data) = 0; // only after opened()
    virtual void close() = 0;                       // quiet: emits nothing

Q_SIGNALS:
    void opened();
    void received(const QByteArray &data);
    void failed(const NetError &error);  // connect failure, peer closed, TLS/SSH error
};

// Creates the transport a profile asks for. Tests substitute a fake for protocol edge cases.
using TransportFactory = std::function<Transport *(const ConnectionProfile &profile, QObject *parent)>;
