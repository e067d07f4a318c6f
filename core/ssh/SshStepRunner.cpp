#include "SshStepRunner.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>

namespace {
// Upper bound for one wait: if libssh wants an event we did not poll for, we only lose this much.
constexpr int kMaxWaitMs = 10;
} // namespace

SshStepRunner::SshStepRunner(ssh_session session, int wakeFd, const std::atomic<bool> &stop,
                             QDeadlineTimer deadline)
    : m_session(session)
    , m_wakeFd(wakeFd)
    , m_stop(stop)
    , m_deadline(deadline)
{
}

SshStepRunner::Outcome SshStepRunner::run(const std::function<int()> &step, int againCode, int *rc)
{
    for (;;) {
        if (m_stop.load())
            return Outcome::Stopped;
        *rc = step();
        if (*rc != againCode)
            return Outcome::Finished;
        if (m_deadline.hasExpired())
            return Outcome::TimedOut;
        const qint64 remaining = m_deadline.isForever() ? kMaxWaitMs : m_deadline.remainingTime();
        waitForSocket(int(std::clamp<qint64>(remaining, 0, kMaxWaitMs)));
    }
}

void SshStepRunner::waitForSocket(int maxMs)
{
    pollfd fds[2] = {};
    fds[0].fd = m_wakeFd;
    fds[0].events = POLLIN;
    nfds_t count = 1;
    const int sock = ssh_get_fd(m_session);
    if (sock >= 0) {
        fds[1].fd = sock;
        fds[1].events = POLLIN;
        if (ssh_get_poll_flags(m_session) & SSH_WRITE_PENDING)
            fds[1].events |= POLLOUT;
        count = 2;
    }
    if (::poll(fds, count, maxMs) > 0 && (fds[0].revents & POLLIN)) {
        // Drained here too, or a request queued meanwhile would turn this wait into a spin;
        // the owner looks at its queue on every turn of its loop anyway.
        quint64 value = 0;
        [[maybe_unused]] const ssize_t n = ::read(m_wakeFd, &value, sizeof value);
    }
}
