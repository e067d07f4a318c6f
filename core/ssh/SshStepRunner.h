#pragma once

#include <QDeadlineTimer>

#include <atomic>
#include <functional>

#include <libssh/libssh.h>

// Drives one non-blocking libssh call (connect, auth...) to completion on the worker thread:
// calls it, and while it answers "again" waits for the session socket, the stop signal or the
// deadline. Non-blocking mode is what lets a worker stop promptly instead of sitting in a
// blocking libssh call until its own timeout.
class SshStepRunner
{
public:
    enum class Outcome { Finished, TimedOut, Stopped };

    SshStepRunner(ssh_session session, int wakeFd, const std::atomic<bool> &stop,
                  QDeadlineTimer deadline);

    // Calls `step` until it returns something other than `againCode`; *rc gets its last result.
    Outcome run(const std::function<int()> &step, int againCode, int *rc);
    QDeadlineTimer deadline() const { return m_deadline; }

private:
    void waitForSocket(int maxMs);

    ssh_session m_session;
    int m_wakeFd;
    const std::atomic<bool> &m_stop;
    QDeadlineTimer m_deadline;
};
