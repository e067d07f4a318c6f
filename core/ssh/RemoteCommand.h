#pragma once

#include "net/NetError.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <libssh/libssh.h>

class SshJob;

// Runs one command on the SSH server over an exec channel, on the session's worker thread
// (the session is in blocking mode while a job runs; every wait is short so the job's
// deadline and the session's stop flag are honoured between reads).
class RemoteCommand
{
public:
    struct Result
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        NetError error;      // set when the command could not be run or finished
        bool channelRefused = false;  // the server does not allow exec (e.g. an SFTP-only account)
    };

    RemoteCommand(ssh_session session, const SshJob &job);

    // Output beyond maxOutput bytes per stream is dropped (the command still runs to the end).
    Result run(const QString &command, qint64 maxOutput = 4 * 1024 * 1024);

    // One argument for a POSIX shell: single-quoted, embedded quotes as '\''.
    static QString shellQuote(const QString &argument);
    static QString shellCommand(const QStringList &argv);

private:
    NetError sessionError(const QString &doing) const;

    ssh_session m_session;
    const SshJob &m_job;
};
