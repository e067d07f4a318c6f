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
    double clockOffsetSeconds = 0;  // host clock minus this computer's, at the probe
    bool clockKnown = false;
    QByteArray log;               // the last lines of the log (logfile, else journalctl)
    QString logSource;            // the path, or "journalctl -u redis-server"

    // The shell script that prints every value as key=value lines, then the log after a
    // separator. `logfile` empty: journalctl.
    static QString script(qint64 pid, const QString &dir, const QString &logfile, int logLines);
    // Parses the script's output; `localMidpointSeconds` is this computer's clock halfway
    // through the command (for the clock offset).
    static HostFacts parse(const QString &host, const QByteArray &output, double localMidpointSeconds);
};
