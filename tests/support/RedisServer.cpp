#include "RedisServer.h"

#include "TestEnv.h"

#include <QFile>

RedisServer::RedisServer()
    : m_dir(std::make_unique<QTemporaryDir>())
{
}

RedisServer::~RedisServer()
{
    stop();
}

void RedisServer::setTls(const QString &certFile, const QString &keyFile, const QString &caFile,
                         bool requireClientCert)
{
    m_certFile = certFile;
    m_keyFile = keyFile;
    m_caFile = caFile;
    m_requireClientCert = requireClientCert;
}

QString RedisServer::dir() const
{
    return m_dir->path();
}

QString RedisServer::logFile() const
{
    return m_dir->filePath(QStringLiteral("redis.log"));
}

QString RedisServer::log() const
{
    QFile f(logFile());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

bool RedisServer::isRunning() const
{
    return m_process.isRunning();
}

bool RedisServer::start(const QStringList &extraArgs, int timeoutMs)
{
    const QString binary = TestEnv::findBinary(QStringLiteral("redis-server"));
    if (binary.isEmpty()) {
        m_error = QStringLiteral("redis-server is not installed (apt-get install redis-server)");
        return false;
    }
    if (m_port == 0)
        m_port = TestEnv::freePort();

    QStringList args{binary};
    if (!m_configFile.isEmpty())
        args << m_configFile;
    args << QStringList{QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                     QStringLiteral("--dir"), dir(),
                     QStringLiteral("--logfile"), logFile(),
                     QStringLiteral("--save"), QString(),
                     QStringLiteral("--appendonly"), QStringLiteral("no"),
                     QStringLiteral("--daemonize"), QStringLiteral("no")};
    if (m_certFile.isEmpty()) {
        args << QStringLiteral("--port") << QString::number(m_port);
    } else {
        args << QStringLiteral("--port") << QStringLiteral("0")
             << QStringLiteral("--tls-port") << QString::number(m_port)
             << QStringLiteral("--tls-cert-file") << m_certFile
             << QStringLiteral("--tls-key-file") << m_keyFile
             << QStringLiteral("--tls-ca-cert-file") << m_caFile
             << QStringLiteral("--tls-auth-clients")
             << (m_requireClientCert ? QStringLiteral("yes") : QStringLiteral("no"));
    }
    args << extraArgs;
    args = m_prefix + args;

    // A restarted server must not be taken as ready from the previous run's log.
    QFile::remove(logFile());
    return m_process.start(args, [this] { return log(); }, QStringLiteral("Ready to accept connections"),
                           QStringLiteral("redis-server"), timeoutMs, &m_error);
}

void RedisServer::stop()
{
    m_process.stop();
}
