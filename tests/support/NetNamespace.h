#pragma once

#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <vector>

// A private network namespace (`ip netns add tandem-<random>`) with only a loopback inside:
// whatever listens in there is unreachable from the host, except through bridges we open on
// purpose (socat over a unix socket on the shared filesystem, so the namespace needs no
// addresses or routes). Everything started inside is killed and the namespace deleted on
// destruction. Needs root, `ip` (iproute2) and `socat`.
class NetNamespace
{
public:
    NetNamespace();
    ~NetNamespace();
    NetNamespace(const NetNamespace &) = delete;
    NetNamespace &operator=(const NetNamespace &) = delete;

    // Creates the namespace and brings its loopback up.
    bool create();
    QString name() const { return m_name; }
    // Prefix that runs a command inside: {"ip", "netns", "exec", name}.
    QStringList execPrefix() const;
    // Runs a program inside to completion; exit code, or -1.
    int run(const QString &program, const QStringList &args, QString *output = nullptr,
            int timeoutMs = 30000) const;

    // Makes 127.0.0.1:innerPort inside reachable on the host at 127.0.0.1:<returned port>.
    // Returns 0 on failure (see errorString()).
    quint16 bridgeTcpPort(quint16 innerPort);
    // Stops the bridges (the host then reaches nothing inside at all).
    void closeBridges();

    // PIDs of every process inside the namespace.
    QList<qint64> pids() const;
    // Sends `signal` to every process inside (SIGSTOP freezes a server without closing sockets).
    void signalAll(int signal) const;

    QString errorString() const { return m_error; }

private:
    bool waitForPath(const QString &path, int timeoutMs) const;
    bool waitForTcp(quint16 port, int timeoutMs) const;

    QString m_name;
    QString m_ip;
    QString m_socat;
    bool m_created = false;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::vector<std::unique_ptr<QProcess>> m_bridges;
    QString m_error;
};
