#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

// What the doctor read on a node's host over SSH in one command (HostFacts::script): kernel
// settings, the redis-server process's limits and huge pages, free disk in dir, free RAM,
// the host clock, and the tail of the server log. -1 / empty: could not be read.
struct HostFacts
{
    QString host;                 // the SSH host
    bool processVisible = false;  // /proc/<process_id> on that host is a redis-server
    int overcommitMemory = -1;
    QString thpEnabled;           // "always [madvise] never"
    qint64 anonHugePagesKb = -1;  // of the redis-server process
    int somaxconn = -1;
    qint64 openFilesLimit = -1;   // soft "Max open files" of the process
    qint64 diskFreeBytes = -1;    // in the server's dir
    qint64 memAvailableBytes = -1;
    // How far the host clock was outside this computer's clock while the command ran (0 when
    // within it): the command's own duration is never counted as skew.
    double clockOffsetSeconds = 0;
    bool clockKnown = false;
    QByteArray log;               // the last lines of the log (logfile, else journalctl)
    QString logSource;            // the path, or "journalctl -u redis-server"

    // The shell script that prints every value as key=value lines, then the log after a
    // separator. `logfile` empty: journalctl.
    static QString script(qint64 pid, const QString &dir, const QString &logfile, int logLines);
    // Parses the script's output; the command ran between localStart and localEnd (seconds
    // since the epoch on this computer).
    static HostFacts parse(const QString &host, const QByteArray &output, double localStart, double localEnd);
};
