#pragma once

#include "config/ConfigDocument.h"
#include "config/LiveConfig.h"
#include "net/ConnectionProfile.h"
#include "net/NetError.h"
#include "net/Transport.h"

#include <QObject>
#include <QPair>
#include <QPointer>

class RespClient;
class SshSessionPool;

// Reads one node's running configuration (CONFIG GET *) without blocking — the one reader the
// app and tandemctl share. The real values are kept in memory only, for planning; document()
// masks secrets unless asked otherwise. Exactly one of loaded() / failed() is emitted, from the
// event loop.
class LiveConfigReader : public QObject
{
    Q_OBJECT
public:
    // `ssh` may be null: a profile that goes through SSH then gets a pool of its own.
    LiveConfigReader(const ConnectionProfile &profile, SshSessionPool *ssh, QObject *parent = nullptr);

    void setTransportFactory(TransportFactory factory) { m_factory = std::move(factory); }
    void start();

    const ConnectionProfile &profile() const { return m_profile; }
    ConfigDocument document(LiveConfig::Secrets secrets = LiveConfig::Secrets::Hide) const;
    // One raw value (e.g. requirepass), as CONFIG GET returned it.
    QByteArray value(const QByteArray &name) const;

Q_SIGNALS:
    void loaded();
    void failed(const NetError &error);

private:
    void fail(const NetError &error);
    void closeClient();

    ConnectionProfile m_profile;
    SshSessionPool *m_ssh;
    TransportFactory m_factory;
    QPointer<RespClient> m_client;
    QList<QPair<QByteArray, QByteArray>> m_pairs;
    bool m_done = false;
};
