#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// Linux process inspection and termination through /proc and signals, for lab servers that
// were started daemonized (so they are not our children and QProcess cannot manage them).
class LocalProcess
{
public:
    // Exists and is not a zombie.
    static bool isAlive(qint64 pid);
    // argv joined by spaces (after redis' setproctitle: "redis-server 127.0.0.1:6379").
    static QByteArray commandLine(qint64 pid);
    // Resolved working directory; empty when unreadable (other user, gone).
    static QString workingDirectory(qint64 pid);
    // Live processes whose command line contains `nameHint` and whose working directory is
    // `dir`; how a lab finds servers whose pid it never learned.
    static QList<qint64> findByWorkingDirectory(const QString &dir, const QByteArray &nameHint);
    // The pid in a pidfile, or 0.
    static qint64 readPidFile(const QString &path);
    // SIGTERM to each, SIGKILL to those still alive after graceMs; blocks until they are gone
    // or killMs more passed. Returns true when none is left. Never signals pid <= 1 or us.
    static bool terminate(const QList<qint64> &pids, int graceMs, int killMs);
};
