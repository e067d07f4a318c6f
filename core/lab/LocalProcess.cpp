#include "LocalProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <climits>

#include <signal.h>
#include <unistd.h>

namespace {

QString procPath(qint64 pid, const char *entry)
{
    return QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(entry));
}

bool isSignalable(qint64 pid)
{
    // kill(0) and kill(-1) address whole process groups: never let a bad pid get there.
    return pid > 1 && pid != qint64(::getpid()) && pid <= qint64(INT_MAX);
}

} // namespace

bool LocalProcess::isAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    QFile f(procPath(pid, "stat"));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    // "pid (comm) S ...": the state follows the last ')' (comm may contain parentheses).
    const QByteArray stat = f.readAll();
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0 || close + 2 >= stat.size())
        return false;
    const char state = stat.at(close + 2);
    return state != 'Z' && state != 'X' && state != 'x';
}

QByteArray LocalProcess::commandLine(qint64 pid)
{
    if (pid <= 0)
        return {};
    QFile f(procPath(pid, "cmdline"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray cmd = f.readAll();
    cmd.replace('\0', ' ');
    return cmd.trimmed();
}

QString LocalProcess::workingDirectory(qint64 pid)
{
    if (pid <= 0)
        return {};
    return QFileInfo(procPath(pid, "cwd")).symLinkTarget();
}

QList<qint64> LocalProcess::findByWorkingDirectory(const QString &dir, const QByteArray &nameHint)
{
    QList<qint64> found;
    const QString wanted = QFileInfo(dir).canonicalFilePath();
    if (wanted.isEmpty())
        return found;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok || !isSignalable(pid))
            continue;
        if (workingDirectory(pid) != wanted || !commandLine(pid).contains(nameHint))
            continue;
        if (isAlive(pid))
            found.append(pid);
    }
    return found;
}

qint64 LocalProcess::readPidFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    bool ok = false;
    const qint64 pid = f.read(32).trimmed().toLongLong(&ok);
    return ok && pid > 0 ? pid : 0;
}

bool LocalProcess::terminate(const QList<qint64> &pids, int graceMs, int killMs)
{
    QList<qint64> left;
    bool refused = false;  // e.g. EPERM: still running, and we cannot change that
    for (const qint64 pid : pids) {
        if (!isSignalable(pid) || !isAlive(pid))
            continue;
        if (::kill(pid_t(pid), SIGTERM) == 0)
            left.append(pid);
        else if (errno != ESRCH)
            refused = true;
    }
    const auto waitFor = [&left](int ms) {
        const QDeadlineTimer deadline(ms);
        while (!left.isEmpty()) {
            left.removeIf([](qint64 pid) { return !isAlive(pid); });
            if (left.isEmpty() || deadline.hasExpired())
                break;
            QThread::msleep(20);
        }
    };
    waitFor(graceMs);
    for (const qint64 pid : std::as_const(left))
        ::kill(pid_t(pid), SIGKILL);
    waitFor(killMs);
    return left.isEmpty() && !refused;
}
