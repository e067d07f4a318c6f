#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

// A real redis-server that runs from a redis.conf in a temp dir the way a packaged server
// does: daemonized, with a pidfile, restartable by a shell script (restartScript()) so tests
// can deploy a new file and restart the node onto it. The config lives in <dir>/etc with mode
// 0640. Whatever process the pidfile names is stopped on destruction.
class ConfFileRedis
{
public:
    ConfFileRedis();
    ~ConfFileRedis();
    ConfFileRedis(const ConfFileRedis &) = delete;
    ConfFileRedis &operator=(const ConfFileRedis &) = delete;

    // Writes the config (port, bind, dir, no persistence, then `extraConf`) and starts the
    // server from it; waits until it answers PING.
    bool start(const QByteArray &extraConf = {}, int timeoutMs = 10000);
    void stop();

    quint16 port() const { return m_port; }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    QString confDir() const;   // holds only redis.conf (and what a deploy adds)
    QString confPath() const;
    QString pidFile() const;
    qint64 pid() const;        // from the pidfile, 0 when none
    QString log() const;
    QString errorString() const { return m_error; }

    // A script that shuts the server down (redis-cli SHUTDOWN NOSAVE), waits for it to go,
    // and starts it again from confPath() daemonized. Exits like redis-server does on a bad file.
    QString restartScript() const;
    // redis-cli against this node; returns the trimmed output, or "<failed>".
    QString cli(const QStringList &args) const;
    bool answersPing() const;

private:
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QString m_error;
};
