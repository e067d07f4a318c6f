#pragma once

#include "ServerProcess.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

// A real redis-sentinel for one test: own temp dir with a generated sentinel.conf that
// monitors one master (quorum 1), random loopback port, stopped when the object goes away.
class SentinelServer
{
public:
    SentinelServer();
    ~SentinelServer();
    SentinelServer(const SentinelServer &) = delete;
    SentinelServer &operator=(const SentinelServer &) = delete;

    // Failover after this much silence from the master; long by default so that tests which
    // stop nodes on purpose do not race a failover.
    void setDownAfterMs(int ms) { m_downAfterMs = ms; }
    void setMasterPassword(const QString &password) { m_masterPassword = password; }

    // Writes sentinel.conf and starts; ready once the sentinel logs "+monitor".
    bool start(const QString &masterName, const QString &masterHost, quint16 masterPort,
               int timeoutMs = 15000);
    void stop();

    quint16 port() const { return m_port; }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    QString dir() const { return m_dir->path(); }
    QString log() const;
    QString errorString() const { return m_error; }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    ServerProcess m_process;
    quint16 m_port = 0;
    int m_downAfterMs = 60000;
    QString m_masterPassword;
    QString m_error;
};
