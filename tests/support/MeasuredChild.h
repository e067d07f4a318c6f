#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

// Runs a program as a child process and measures it the way a user's `time` and `top` would:
// wall time from spawn to exit, peak RSS (wait4's ru_maxrss, and /proc VmHWM while it runs),
// each stdout line as it comes with the time and the child's RSS then; stderr is kept for a
// failure's message. `poll` is called every `pollMs` while the child runs (the caller's
// measurements of the system around it, on this thread).
class MeasuredChild
{
public:
    struct Line
    {
        double ms = 0;        // since the spawn
        double rssMb = -1;    // the child's VmRSS then
        QByteArray text;
    };
    struct Result
    {
        int exitCode = -1;    // -1: killed by a signal, timed out or did not start
        double ms = -1;
        double peakRssMb = -1;
        QList<Line> lines;    // stdout
        QList<QPair<double, double>> rssRises;   // (ms, VmHWM MB) each time the peak grew by >= 4 MB
        QString errorOutput;  // stderr
        qint64 startNs = 0;   // CLOCK_MONOTONIC (std::chrono::steady_clock) at the spawn
        QString error;        // could not start, or timed out (then SIGTERM)
    };

    // `poll` gets the ms since the spawn.
    static Result run(const QString &program, const QStringList &args, int timeoutMs,
                      const std::function<void(double ms)> &poll = {}, int pollMs = 2);
    // A Vm* field of /proc/<pid>/status ("VmRSS:", "VmHWM:") in MB, -1 when gone.
    static double vmMb(qint64 pid, const QByteArray &field);
};
