#include "NetNamespace.h"

#include "TestEnv.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <sys/types.h>
#include <unistd.h>

NetNamespace::NetNamespace()
    : m_dir(std::make_unique<QTemporaryDir>())
{
}

NetNamespace::~NetNamespace()
{
    closeBridges();
    if (!m_created)
        return;
    // Kill whatever is still inside (servers whose fixtures outlive us, socat children), or
    // the namespace would linger after `ip netns del` as long as they run.
    const QDeadlineTimer deadline(5000);
    while (!pids().isEmpty() && !deadline.hasExpired()) {
        signalAll(SIGKILL);
        QThread::msleep(20);
    }
    TestEnv::run(m_ip, {QStringLiteral("netns"), QStringLiteral("del"), m_name});
}

bool NetNamespace::create()
{
    m_ip = TestEnv::requireBinary(QStringLiteral("ip"), QStringLiteral("iproute2"));
    m_socat = TestEnv::requireBinary(QStringLiteral("socat"), QStringLiteral("socat"));
    if (m_ip.isEmpty() || m_socat.isEmpty()) {
        m_error = QStringLiteral("ip (iproute2) and socat are required");
        return false;
    }
    if (::geteuid() != 0) {
        m_error = QStringLiteral("network namespaces need root (run the integration tests as root)");
        return false;
    }
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    m_name = QStringLiteral("tandem-%1").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    QString output;
    if (TestEnv::run(m_ip, {QStringLiteral("netns"), QStringLiteral("add"), m_name}, &output) != 0) {
        m_error = QStringLiteral("ip netns add %1 failed: %2").arg(m_name, output);
        return false;
    }
    m_created = true;
    if (run(m_ip, {QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up")},
            &output)
        != 0) {
        m_error = QStringLiteral("cannot bring up lo in %1: %2").arg(m_name, output);
        return false;
    }
    return true;
}

QStringList NetNamespace::execPrefix() const
{
    return {m_ip, QStringLiteral("netns"), QStringLiteral("exec"), m_name};
}

int NetNamespace::run(const QString &program, const QStringList &args, QString *output,
                      int timeoutMs) const
{
    QStringList all = execPrefix().mid(1);
    all << program << args;
    return TestEnv::run(m_ip, all, output, timeoutMs);
}

quint16 NetNamespace::bridgeTcpPort(quint16 innerPort)
{
    const QString socketPath = m_dir->filePath(QStringLiteral("bridge-%1.sock").arg(innerPort));
    auto inner = std::make_unique<QProcess>();
    inner->setProcessChannelMode(QProcess::MergedChannels);
    QStringList innerArgs = execPrefix().mid(1);
    innerArgs << m_socat << QStringLiteral("UNIX-LISTEN:%1,fork").arg(socketPath)
              << QStringLiteral("TCP:127.0.0.1:%1").arg(innerPort);
    inner->start(m_ip, innerArgs);
    if (!inner->waitForStarted(5000) || !waitForPath(socketPath, 5000)) {
        m_error = QStringLiteral("inner socat did not start: %1").arg(QString::fromUtf8(inner->readAll()));
        return 0;
    }
    m_bridges.push_back(std::move(inner));

    const quint16 hostPort = TestEnv::freePort();
    auto outer = std::make_unique<QProcess>();
    outer->setProcessChannelMode(QProcess::MergedChannels);
    outer->start(m_socat, {QStringLiteral("TCP-LISTEN:%1,bind=127.0.0.1,reuseaddr,fork").arg(hostPort),
                           QStringLiteral("UNIX-CONNECT:%1").arg(socketPath)});
    if (!outer->waitForStarted(5000) || !waitForTcp(hostPort, 5000)) {
        m_error = QStringLiteral("host socat did not start: %1").arg(QString::fromUtf8(outer->readAll()));
        return 0;
    }
    m_bridges.push_back(std::move(outer));
    return hostPort;
}

void NetNamespace::closeBridges()
{
    for (const std::unique_ptr<QProcess> &bridge : m_bridges) {
        if (bridge->state() != QProcess::NotRunning) {
            bridge->kill();
            bridge->waitForFinished(3000);
        }
    }
    m_bridges.clear();
}

QList<qint64> NetNamespace::pids() const
{
    QList<qint64> result;
    if (!m_created)
        return result;
    QString output;
    if (TestEnv::run(m_ip, {QStringLiteral("netns"), QStringLiteral("pids"), m_name}, &output) != 0)
        return result;
    for (const QString &line : output.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 pid = line.trimmed().toLongLong(&ok);
        if (ok && pid > 0)
            result << pid;
    }
    return result;
}

void NetNamespace::signalAll(int signal) const
{
    for (qint64 pid : pids())
        ::kill(pid_t(pid), signal);
}

bool NetNamespace::waitForPath(const QString &path, int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (QFileInfo::exists(path))
            return true;
        QThread::msleep(10);
    }
    return false;
}

bool NetNamespace::waitForTcp(quint16 port, int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        if (probe.waitForConnected(200))
            return true;
        QThread::msleep(10);
    }
    return false;
}
