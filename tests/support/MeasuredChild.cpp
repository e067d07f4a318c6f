#include "MeasuredChild.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

// Appends whatever the pipe holds; complete lines go to `result` with the time they came.
void readChildLines(int fd, QByteArray *pending, double ms, double rssMb, MeasuredChild::Result *result)
{
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
        pending->append(buffer, qsizetype(n));
    for (qsizetype eol = pending->indexOf('\n'); eol >= 0; eol = pending->indexOf('\n')) {
        result->lines.append({ms, rssMb, pending->left(eol)});
        pending->remove(0, eol + 1);
    }
}

} // namespace

double MeasuredChild::vmMb(qint64 pid, const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(field.size()).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

MeasuredChild::Result MeasuredChild::run(const QString &program, const QStringList &args, int timeoutMs,
                                         const std::function<void(double)> &poll, int pollMs)
{
    Result result;
    QTemporaryDir dir;
    const QByteArray errPath = dir.filePath(QStringLiteral("stderr.txt")).toLocal8Bit();
    QList<QByteArray> argBytes{program.toLocal8Bit()};
    for (const QString &a : args)
        argBytes << a.toLocal8Bit();
    std::vector<char *> argv;
    for (QByteArray &a : argBytes)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) {
        result.error = QStringLiteral("pipe: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return result;
    }
    ::fcntl(pipeFds[0], F_SETFL, O_NONBLOCK);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, errPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    QElapsedTimer clock;
    clock.start();
    result.startNs = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argBytes.first().constData(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[1]);
    if (spawned != 0) {
        ::close(pipeFds[0]);
        result.error = QStringLiteral("cannot start %1: %2").arg(program, QString::fromLocal8Bit(strerror(spawned)));
        return result;
    }
    QByteArray pending;
    for (;;) {
        int status = 0;
        rusage usage{};
        const pid_t done = wait4(pid, &status, WNOHANG, &usage);
        readChildLines(pipeFds[0], &pending, double(clock.nsecsElapsed()) / 1e6, vmMb(pid, "VmRSS:"), &result);
        if (done == pid) {
            result.ms = double(clock.nsecsElapsed()) / 1e6;
            result.peakRssMb = std::max(result.peakRssMb, double(usage.ru_maxrss) / 1024.0);
            result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            break;
        }
        const double hwm = vmMb(pid, "VmHWM:");
        if (hwm >= (result.rssRises.isEmpty() ? 0 : result.rssRises.last().second) + 4)
            result.rssRises.append({double(clock.nsecsElapsed()) / 1e6, hwm});
        result.peakRssMb = std::max(result.peakRssMb, hwm);
        if (poll)
            poll(double(clock.nsecsElapsed()) / 1e6);
        if (clock.elapsed() > timeoutMs) {
            ::kill(pid, SIGTERM);
            waitpid(pid, &status, 0);
            result.error = QStringLiteral("%1 did not finish within %2 s").arg(program).arg(timeoutMs / 1000);
            break;
        }
        QThread::usleep(1000 * unsigned(std::max(1, pollMs)));
    }
    ::close(pipeFds[0]);
    QFile errors(QString::fromLocal8Bit(errPath));
    if (errors.open(QIODevice::ReadOnly))
        result.errorOutput = QString::fromUtf8(errors.readAll());
    return result;
}
