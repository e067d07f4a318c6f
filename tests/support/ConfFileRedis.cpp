#include "ConfFileRedis.h"

#include "TestEnv.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QThread>

#include <signal.h>
#include <sys/stat.h>

ConfFileRedis::ConfFileRedis()
{
    // sshd runs as root in these tests, but keep the dir reachable like /etc/redis would be.
    ::chmod(QFile::encodeName(m_dir.path()).constData(), 0755);
    QDir(m_dir.path()).mkdir(QStringLiteral("etc"));
}

ConfFileRedis::~ConfFileRedis()
{
    stop();
}

QString ConfFileRedis::confDir() const
{
    return m_dir.filePath(QStringLiteral("etc"));
}

QString ConfFileRedis::confPath() const
{
    return m_dir.filePath(QStringLiteral("etc/redis.conf"));
}

QString ConfFileRedis::pidFile() const
{
    return m_dir.filePath(QStringLiteral("redis.pid"));
}

qint64 ConfFileRedis::pid() const
{
    QFile f(pidFile());
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readAll().trimmed().toLongLong();
}

QString ConfFileRedis::log() const
{
    QFile f(m_dir.filePath(QStringLiteral("redis.log")));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

bool ConfFileRedis::start(const QByteArray &extraConf, int timeoutMs)
{
    const QString server = TestEnv::findBinary(QStringLiteral("redis-server"));
    if (server.isEmpty() || TestEnv::findBinary(QStringLiteral("redis-cli")).isEmpty()) {
        m_error = QStringLiteral("redis-server and redis-cli are needed (apt-get install redis-server redis-tools)");
        return false;
    }
    m_port = TestEnv::freePort();
    const QByteArray conf = QByteArrayLiteral("# Test node: the comments must survive a deploy.\n")
        + "port " + QByteArray::number(m_port) + "\n"
        + "bind 127.0.0.1\n"
        + "dir " + QFile::encodeName(m_dir.path()) + "\n"
        + "save \"\"\n"
        + "appendonly no\n"
        + extraConf;
    if (TestEnv::writeFile(confPath(), conf).isEmpty()
        || ::chmod(QFile::encodeName(confPath()).constData(), 0640) != 0) {
        m_error = QStringLiteral("cannot write ") + confPath();
        return false;
    }
    QString output;
    const int code = TestEnv::run(QStringLiteral("/bin/sh"), {restartScript()}, &output, timeoutMs);
    if (code != 0) {
        m_error = QStringLiteral("redis-server did not start: ") + output + log();
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (answersPing())
            return true;
        QThread::msleep(50);
    }
    m_error = QStringLiteral("redis-server did not answer PING: ") + log();
    return false;
}

void ConfFileRedis::stop()
{
    const qint64 p = pid();
    if (p <= 0)
        return;
    ::kill(pid_t(p), SIGTERM);
    const QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired() && ::kill(pid_t(p), 0) == 0)
        QThread::msleep(20);
    if (::kill(pid_t(p), 0) == 0)
        ::kill(pid_t(p), SIGKILL);
    QFile::remove(pidFile());
}

QString ConfFileRedis::restartScript() const
{
    const QString path = m_dir.filePath(QStringLiteral("restart.sh"));
    if (QFile::exists(path))
        return path;
    const QByteArray pidfile = QFile::encodeName(pidFile());
    const QByteArray script = QByteArrayLiteral("#!/bin/sh\n")
        + "redis-cli -p " + QByteArray::number(m_port) + " shutdown nosave >/dev/null 2>&1\n"
        + "i=0\n"
        + "while [ -f '" + pidfile + "' ] && kill -0 \"$(cat '" + pidfile + "')\" 2>/dev/null && [ $i -lt 100 ]; do\n"
        + "  sleep 0.05; i=$((i+1))\n"
        + "done\n"
        + "exec redis-server '" + QFile::encodeName(confPath()) + "' --daemonize yes --pidfile '" + pidfile
        + "' --logfile '" + QFile::encodeName(m_dir.filePath(QStringLiteral("redis.log"))) + "'\n";
    TestEnv::writeFile(path, script);
    ::chmod(QFile::encodeName(path).constData(), 0755);
    return path;
}

QString ConfFileRedis::cli(const QStringList &args) const
{
    QString output;
    const int code = TestEnv::run(TestEnv::findBinary(QStringLiteral("redis-cli")),
                                  QStringList{QStringLiteral("-p"), QString::number(m_port)} + args, &output, 5000);
    return code == 0 ? output.trimmed() : QStringLiteral("<failed>");
}

bool ConfFileRedis::answersPing() const
{
    return cli({QStringLiteral("ping")}) == QLatin1String("PONG");
}
