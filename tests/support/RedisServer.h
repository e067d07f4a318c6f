#pragma once

#include "ServerProcess.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// A real redis-server for one test: own temp dir, random loopback port, no persistence,
// stopped (SIGTERM, then SIGKILL) when the object goes away.
class RedisServer
{
public:
    RedisServer();
    ~RedisServer();
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;

    // Runs the server through a prefix, e.g. {"ip", "netns", "exec", "ns"}.
    void setCommandPrefix(const QStringList &prefix) { m_prefix = prefix; }
    // Serve TLS only (plain port 0) with these PEM files; clients must present a cert signed
    // by `caFile` when `requireClientCert`.
    void setTls(const QString &certFile, const QString &keyFile, const QString &caFile,
                bool requireClientCert);
    void setPort(quint16 port) { m_port = port; }
    // Start from this redis.conf (passed first, as redis-server wants it) so that CONFIG
    // REWRITE has a file to write; the usual command-line options still follow it.
    void setConfigFile(const QString &path) { m_configFile = path; }

    // Starts and waits until the server logs that it accepts connections.
    // Extra args are passed as redis-server command-line options ("--requirepass", "pw").
    bool start(const QStringList &extraArgs = {}, int timeoutMs = 15000);
    void stop();

    quint16 port() const { return m_port; }
    QString dir() const;
    QString logFile() const;
    QString log() const;
    QString errorString() const { return m_error; }
    bool isRunning() const;

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    ServerProcess m_process;
    QStringList m_prefix;
    QString m_configFile;
    quint16 m_port = 0;
    QString m_error;
    QString m_certFile, m_keyFile, m_caFile;
    bool m_requireClientCert = false;
};
