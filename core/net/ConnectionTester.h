#pragma once

#include "ConnectionProfile.h"
#include "NetError.h"
#include "Transport.h"

#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>

class RespClient;
class SshSessionPool;

// "Test connection": connects with a profile exactly as the monitor would (SSH, TLS, AUTH,
// SELECT), asks INFO server + replication, reports what answered and disconnects. Nothing is
// changed on the server. finished() fires once; deleting the tester first drops it.
class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        NetError error;          // None when the node answered
        qint64 elapsedMs = 0;    // connect + handshake + INFO
        QString version;         // redis_version
        QString role;            // "master", "replica", "sentinel"
        QString master;          // for a replica: host:port it follows
        bool ok() const { return !error.isError(); }
        // One line for a status label: "Redis 7.0.15, master — answered in 3 ms" or the error.
        QString summary() const;
    };

    ConnectionTester(const ConnectionProfile &profile, SshSessionPool *ssh, QObject *parent = nullptr,
                     TransportFactory factory = {});
    void start();

Q_SIGNALS:
    void finished(const ConnectionTester::Result &result);

private:
    void done(Result result);

    ConnectionProfile m_profile;
    QPointer<RespClient> m_client;
    bool m_done = false;
};

Q_DECLARE_METATYPE(ConnectionTester::Result)
