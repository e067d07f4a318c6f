#pragma once

#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

class NetNamespace;
class RedisServer;
class SshServer;
class SshSessionPool;
class TestPki;

// The stage for SSH tunnel tests: a network namespace with a redis-server and an sshd inside,
// the sshd bridged to a host port, and a private HOME whose known_hosts trusts that sshd. The
// redis-server is reachable from the host only through the sshd. Needs root.
class SshTestBed
{
public:
    // What one openForward() produced.
    struct Forward
    {
        int fd = -1;
        NetError error;
        bool done = false;
        qint64 elapsedMs = 0;
    };

    SshTestBed();
    ~SshTestBed();
    SshTestBed(const SshTestBed &) = delete;
    SshTestBed &operator=(const SshTestBed &) = delete;

    // Records a test failure naming the package for every missing program; false if any is.
    static bool requireBinaries();

    // Points HOME at a temp dir (no real ~/.ssh or agent leaks in), then starts everything.
    bool start();
    void stop();

    NetNamespace &ns() const { return *m_ns; }
    RedisServer &redis() const { return *m_redis; }
    SshServer &sshd() const { return *m_sshd; }
    quint16 sshPort() const { return m_sshPort; }  // host side of the bridge to sshd
    QString knownHostsFile() const { return m_knownHosts; }  // trusts sshd()
    QString homePath(const QString &relative) const { return m_home.filePath(relative); }
    // A path in HOME that no one used before (the file is not created).
    QString freshFile(const QString &stem);

    // Key login as sshd().user() through sshPort(), no agent, verified by knownHostsFile().
    SshOptions options() const;

    // Starts `redis` inside the namespace on a port that is free on the host too, so only a
    // tunnel reaches it. Extra args go to redis-server ("--requirepass", "pw").
    bool startRedis(RedisServer *redis, const QStringList &extraArgs = {});
    // startRedis() serving TLS only with pki's server certificate, demanding a client
    // certificate signed by pki's CA.
    bool startTlsRedis(RedisServer *redis, const TestPki &pki);

    // Starts `server` inside the namespace on innerPort with the bed's settings and bridges
    // it to the host; *hostPort receives the host side.
    bool startSshd(SshServer *server, quint16 innerPort, quint16 *hostPort);

    // "[127.0.0.1]:<hostPort> <type> <base64>", the known_hosts line trusting `server`.
    static QByteArray knownHostsEntry(const SshServer &server, quint16 hostPort);

    // openForward() waited for on the event loop.
    static Forward open(SshSessionPool &pool, const SshOptions &ssh, quint16 port, int timeoutMs = 10000,
                        const QString &host = QStringLiteral("127.0.0.1"));

    QString errorString() const { return m_error; }

private:
    bool fail(const QString &error);

    QTemporaryDir m_home;
    std::unique_ptr<NetNamespace> m_ns;
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<SshServer> m_sshd;
    quint16 m_sshPort = 0;
    QString m_knownHosts;
    int m_fileCounter = 0;
    QString m_error;
};
