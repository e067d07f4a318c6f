#include "SshTestBed.h"

#include "NetNamespace.h"
#include "RedisServer.h"
#include "SshServer.h"
#include "TestEnv.h"
#include "TestPki.h"

#include "ssh/SshSessionPool.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <utility>

namespace {

const quint16 kInnerSshPort = 2222;

} // namespace

SshTestBed::SshTestBed() = default;

SshTestBed::~SshTestBed()
{
    stop();
}

bool SshTestBed::requireBinaries()
{
    bool ok = true;
    for (const auto &[binary, package] : {std::pair{"redis-server", "redis-server"}, {"sshd", "openssh-server"},
                                          {"ssh-keygen", "openssh-client"}, {"ssh-agent", "openssh-client"},
                                          {"ssh-add", "openssh-client"}, {"ip", "iproute2"}, {"socat", "socat"}}) {
        if (TestEnv::requireBinary(QString::fromLatin1(binary), QString::fromLatin1(package)).isEmpty())
            ok = false;
    }
    return ok;
}

bool SshTestBed::fail(const QString &error)
{
    m_error = error;
    return false;
}

bool SshTestBed::start()
{
    if (!m_home.isValid())
        return fail(QStringLiteral("cannot create a temporary HOME"));
    qputenv("HOME", QFile::encodeName(m_home.path()));
    qunsetenv("SSH_AUTH_SOCK");  // a developer's agent must not log the tests in

    m_ns = std::make_unique<NetNamespace>();
    if (!m_ns->create())
        return fail(m_ns->errorString());

    m_redis = std::make_unique<RedisServer>();
    if (!startRedis(m_redis.get()))
        return false;

    m_sshd = std::make_unique<SshServer>();
    if (!startSshd(m_sshd.get(), kInnerSshPort, &m_sshPort))
        return false;

    m_knownHosts = m_home.filePath(QStringLiteral("known_hosts"));
    QFile known(m_knownHosts);
    if (!known.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write ") + m_knownHosts);
    known.write(knownHostsEntry(*m_sshd, m_sshPort) + '\n');
    return true;
}

void SshTestBed::stop()
{
    m_sshd.reset();
    m_redis.reset();
    m_ns.reset();
}

bool SshTestBed::startRedis(RedisServer *redis, const QStringList &extraArgs)
{
    redis->setCommandPrefix(m_ns->execPrefix());
    redis->setPort(TestEnv::freePort());  // free on the host too: a host connect must fail
    return redis->start(extraArgs) || fail(redis->errorString());
}

bool SshTestBed::startTlsRedis(RedisServer *redis, const TestPki &pki)
{
    redis->setTls(pki.serverCert(), pki.serverKey(), pki.caFile(), true);
    return startRedis(redis);
}

bool SshTestBed::startSshd(SshServer *server, quint16 innerPort, quint16 *hostPort)
{
    server->setCommandPrefix(m_ns->execPrefix());
    server->setPort(innerPort);
    // The server probes us too; libssh must answer or idle sessions drop after ~3 s.
    server->setExtraConfig({QStringLiteral("ClientAliveInterval 1"), QStringLiteral("ClientAliveCountMax 3")});
    if (!server->start())
        return fail(server->errorString());
    *hostPort = m_ns->bridgeTcpPort(innerPort);
    return *hostPort != 0 || fail(m_ns->errorString());
}

QByteArray SshTestBed::knownHostsEntry(const SshServer &server, quint16 hostPort)
{
    QFile pub(server.hostPublicKeyFile());
    if (!pub.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> fields = pub.readAll().trimmed().split(' ');
    if (fields.size() < 2)
        return {};
    return "[127.0.0.1]:" + QByteArray::number(hostPort) + ' ' + fields.at(0) + ' ' + fields.at(1);
}

QString SshTestBed::freshFile(const QString &stem)
{
    return m_home.filePath(QStringLiteral("%1-%2").arg(stem).arg(++m_fileCounter));
}

SshOptions SshTestBed::options() const
{
    SshOptions o = m_sshd->clientOptions(m_knownHosts);
    o.port = m_sshPort;  // the host side of the bridge
    return o;
}

SshTestBed::Forward SshTestBed::open(SshSessionPool &pool, const SshOptions &ssh, quint16 port, int timeoutMs,
                                     const QString &host)
{
    auto result = std::make_shared<Forward>();
    QElapsedTimer clock;
    clock.start();
    QObject context;
    pool.openForward(ssh, host, port, &context, [result, clock](int fd, const NetError &error) {
        result->fd = fd;
        result->error = error;
        result->done = true;
        result->elapsedMs = clock.elapsed();
    }, timeoutMs);
    (void)QTest::qWaitFor([&] { return result->done; }, timeoutMs + 5000);
    return *result;
}
