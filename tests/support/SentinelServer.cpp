#include "SentinelServer.h"

#include "TestEnv.h"

#include <QFile>

SentinelServer::SentinelServer()
    : m_dir(std::make_unique<QTemporaryDir>())
{
}

SentinelServer::~SentinelServer()
{
    stop();
}

QString SentinelServer::log() const
{
    QFile f(m_dir->filePath(QStringLiteral("sentinel.log")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

bool SentinelServer::start(const QString &masterName, const QString &masterHost, quint16 masterPort,
                           int timeoutMs)
{
    const QString binary = TestEnv::findBinary(QStringLiteral("redis-sentinel"));
    if (binary.isEmpty()) {
        m_error = QStringLiteral("redis-sentinel is not installed (apt-get install redis-sentinel)");
        return false;
    }
    if (m_port == 0)
        m_port = TestEnv::freePort();
    // Sentinel rewrites its config file at run time: it must be writable and its own.
    const QString confPath = m_dir->filePath(QStringLiteral("sentinel.conf"));
    QFile conf(confPath);
    if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_error = QStringLiteral("cannot write ") + confPath;
        return false;
    }
    QByteArray text;
    text += "port " + QByteArray::number(m_port) + "\n";
    text += "bind 127.0.0.1\n";
    text += "daemonize no\n";
    text += "dir " + m_dir->path().toUtf8() + "\n";
    text += "logfile " + m_dir->filePath(QStringLiteral("sentinel.log")).toUtf8() + "\n";
    const QByteArray name = masterName.toUtf8();
    text += "sentinel monitor " + name + " " + masterHost.toUtf8() + " " + QByteArray::number(masterPort)
        + " 1\n";
    text += "sentinel down-after-milliseconds " + name + " " + QByteArray::number(m_downAfterMs) + "\n";
    if (!m_masterPassword.isEmpty())
        text += "sentinel auth-pass " + name + " " + m_masterPassword.toUtf8() + "\n";
    conf.write(text);
    conf.close();

    return m_process.start({binary, confPath}, [this] { return log(); }, QStringLiteral("+monitor master"),
                           QStringLiteral("redis-sentinel"), timeoutMs, &m_error);
}

void SentinelServer::stop()
{
    m_process.stop();
}
