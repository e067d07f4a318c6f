#include "SshSession.h"

#include "KnownHosts.h"
#include "SshChannelPump.h"
#include "SshConnector.h"
#include "SshForwardRequest.h"
#include "SshJob.h"
#include "SshStepRunner.h"

#include <QThread>

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <libssh/server.h>  // declares ssh_send_keepalive, which is not server-only

namespace {

constexpr int kMaxKeepaliveMisses = 3;  // like OpenSSH's ServerAliveCountMax
// Safety net only: every real event (socket, request, deadline) wakes the loop by itself.
constexpr int kMaxSleepMs = 1000;
constexpr int kDefaultConnectTimeoutMs = 10000;

void wipe(QString &secret)
{
    secret.fill(QChar(0));
    secret.clear();
}

} // namespace

SshSession::SshSession(const SshOptions &options, int idleTimeoutMs)
    : m_options(options)
    , m_idleTimeoutMs(idleTimeoutMs)
    , m_thread(QThread::create([this] { run(); }))
    , m_wakeFd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
{
    m_thread->setObjectName(QStringLiteral("ssh ") + target());
}

SshSession::~SshSession()
{
    stop();
    wait();
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

QString SshSession::target() const
{
    return KnownHosts::hostPattern(m_options.host, m_options.port);
}

bool SshSession::enqueue(const std::shared_ptr<SshForwardRequest> &request)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_finished)
            return false;
        m_queue.push_back(request);
    }
    wake();
    return true;
}

bool SshSession::enqueue(const std::shared_ptr<SshJob> &job)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_finished)
            return false;
        m_jobs.push_back(job);
    }
    wake();
    return true;
}

void SshSession::start()
{
    m_thread->start();
}

void SshSession::stop()
{
    m_stop = true;
    wake();
}

void SshSession::wait()
{
    m_thread->wait();
}

bool SshSession::isFinished() const
{
    std::lock_guard lock(m_mutex);
    return m_finished;
}

bool SshSession::isIdle() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.empty() && m_jobs.empty() && m_busy.load() == 0;
}

void SshSession::wake() const
{
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t n = ::write(m_wakeFd, &one, sizeof one);
}

void SshSession::run()
{
    const NetError error = connectSession();
    if (error.isError())
        finishWith(error);
    else
        serve();
    teardown();
}

NetError SshSession::connectSession()
{
    if (m_wakeFd < 0)
        return NetError::make(NetError::Kind::Ssh,
                              QStringLiteral("Cannot create an event fd: %1")
                                  .arg(QString::fromLocal8Bit(std::strerror(errno))));
    m_session = ssh_new();
    if (!m_session)
        return NetError::make(NetError::Kind::Ssh, QStringLiteral("Cannot create an SSH session."));

    QDeadlineTimer deadline(kDefaultConnectTimeoutMs);
    {
        std::lock_guard lock(m_mutex);
        if (!m_queue.empty())
            deadline = m_queue.front()->deadline();
        else if (!m_jobs.empty())
            deadline = m_jobs.front()->deadline();
    }
    // The socket counter tells the keepalive logic whether the server said anything at all.
    ssh_set_counters(m_session, &m_socketCounter, &m_rawCounter);
    SshStepRunner runner(m_session, m_wakeFd, m_stop, deadline);
    const NetError error = SshConnector(m_session, m_options, &runner).connect();
    // The session stays logged in; nothing needs the secrets any more.
    wipe(m_options.password);
    wipe(m_options.keyPassphrase);
    if (error.isError())
        return error;

    m_event = ssh_event_new();
    if (!m_event || ssh_event_add_session(m_event, m_session) != SSH_OK)
        return NetError::make(NetError::Kind::Ssh, QStringLiteral("Cannot watch the SSH session."));
    m_lastInBytes = m_socketCounter.in_bytes;
    m_nextKeepalive = m_options.keepaliveSeconds > 0
        ? QDeadlineTimer(qint64(m_options.keepaliveSeconds) * 1000)
        : QDeadlineTimer(QDeadlineTimer::Forever);
    m_idleDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
    return {};
}

void SshSession::serve()
{
    for (;;) {
        if (m_stop.load()) {
            finishWith(NetError::make(NetError::Kind::Aborted,
                                      QStringLiteral("The SSH session to %1 was closed.").arg(target())));
            return;
        }
        bool progress = acceptRequests();
        // Reads whatever the server sent into the channels' buffers, flushes our output.
        ssh_event_dopoll(m_event, 0);
        m_activity = false;
        progress = advanceOpenings() || progress;
        progress = pumpChannels() || progress;
        progress = runJobs() || progress;

        if (!sessionAlive()) {
            finishWith(NetError::make(NetError::Kind::Ssh,
                                      QStringLiteral("The SSH connection to %1 was lost: %2")
                                          .arg(target(), QString::fromUtf8(ssh_get_error(m_session)))));
            return;
        }
        if (m_nextKeepalive.hasExpired() && !sendKeepalive()) {
            finishWith(NetError::make(NetError::Kind::Ssh,
                                      QStringLiteral("The SSH server %1 stopped answering (%2 keepalives "
                                                     "without a reply); its tunnels were closed.")
                                          .arg(target())
                                          .arg(kMaxKeepaliveMisses)));
            return;
        }
        if (m_pumps.empty() && m_openings.empty()) {
            if (m_idleDeadline.isForever()) {
                m_idleDeadline = QDeadlineTimer(m_idleTimeoutMs);
            } else if (m_idleDeadline.hasExpired()) {
                std::lock_guard lock(m_mutex);
                if (m_queue.empty() && m_jobs.empty()) {
                    m_finished = true;  // idle too long: nobody may queue on us any more
                    return;
                }
            }
        } else {
            m_idleDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
        }
        // Bytes that libssh read for a channel we had already pumped wait in its buffer.
        if (progress || m_activity)
            continue;

        qint64 sleepMs = kMaxSleepMs;
        sleepMs = std::min(sleepMs, m_nextKeepalive.isForever() ? sleepMs : m_nextKeepalive.remainingTime());
        sleepMs = std::min(sleepMs, m_idleDeadline.isForever() ? sleepMs : m_idleDeadline.remainingTime());
        for (const Opening &opening : m_openings) {
            if (!opening.request->isFinished() && !opening.request->deadline().isForever())
                sleepMs = std::min(sleepMs, opening.request->deadline().remainingTime());
        }
        pollOnce(int(std::max<qint64>(0, sleepMs)));
    }
}

bool SshSession::acceptRequests()
{
    std::deque<std::shared_ptr<SshForwardRequest>> taken;
    {
        std::lock_guard lock(m_mutex);
        taken.swap(m_queue);
        m_busy += int(taken.size());  // under the lock, so isIdle() never sees a gap
    }
    for (const std::shared_ptr<SshForwardRequest> &request : taken) {
        if (request->isFinished()) {  // the caller gave up already
            --m_busy;
            continue;
        }
        if (request->deadline().hasExpired()) {
            request->finish(-1, NetError::make(NetError::Kind::Timeout,
                                               QStringLiteral("No SSH tunnel to %1:%2 within the time limit.")
                                                   .arg(request->host())
                                                   .arg(request->port())));
            --m_busy;
            continue;
        }
        ssh_channel channel = ssh_channel_new(m_session);
        if (!channel) {
            request->finish(-1, NetError::make(NetError::Kind::Ssh,
                                               QStringLiteral("Cannot create an SSH channel: %1")
                                                   .arg(QString::fromUtf8(ssh_get_error(m_session)))));
            --m_busy;
            continue;
        }
        m_openings.push_back({request, channel, true});
    }
    return !taken.empty();
}

bool SshSession::runJobs()
{
    std::deque<std::shared_ptr<SshJob>> taken;
    {
        std::lock_guard lock(m_mutex);
        taken.swap(m_jobs);
        m_busy += int(taken.size());  // under the lock, so isIdle() never sees a gap
    }
    for (const std::shared_ptr<SshJob> &job : taken) {
        runJob(*job);
        --m_busy;
    }
    return !taken.empty();
}

void SshSession::runJob(SshJob &job)
{
    if (job.isFinished())
        return;
    if (m_stop.load()) {
        job.fail(NetError::make(NetError::Kind::Aborted,
                                QStringLiteral("The SSH session to %1 was closed.").arg(target())));
        return;
    }
    if (job.deadline().hasExpired()) {
        job.fail(NetError::make(NetError::Kind::Timeout,
                                QStringLiteral("%1 via %2 did not start within the time limit.").arg(job.what(), target())));
        return;
    }
    // libssh's SFTP calls only exist in blocking form; they are bounded by the session timeout,
    // and the job checks its deadline and our stop flag between chunks. Tunnels wait meanwhile
    // (their data stays buffered in libssh): jobs are meant to be short, like a config file.
    long timeoutSeconds = 30;
    if (!job.deadline().isForever())
        timeoutSeconds = std::max<long>(1, long((job.deadline().remainingTime() + 999) / 1000));
    ssh_options_set(m_session, SSH_OPTIONS_TIMEOUT, &timeoutSeconds);
    job.setStopFlag(&m_stop);
    ssh_set_blocking(m_session, 1);
    job.run(m_session);
    ssh_set_blocking(m_session, 0);
    m_activity = true;  // the job may have read tunnel data into the channels' buffers
}

bool SshSession::advanceOpenings()
{
    bool progress = false;
    for (auto it = m_openings.begin(); it != m_openings.end();) {
        Opening &opening = *it;
        SshForwardRequest &request = *opening.request;
        // A request that ended early (caller's timeout) keeps its channel until the server
        // answers, so a channel that does open can be closed instead of left dangling.
        if (opening.counted && (request.isFinished() || request.deadline().hasExpired())) {
            request.finish(-1, NetError::make(NetError::Kind::Timeout,
                                              QStringLiteral("The SSH server %1 did not open a tunnel to "
                                                             "%2:%3 in time.")
                                                  .arg(target(), request.host())
                                                  .arg(request.port())));
            opening.counted = false;
            --m_busy;
        }
        const QByteArray host = request.host().toUtf8();
        const int rc = ssh_channel_open_forward(opening.channel, host.constData(), request.port(),
                                                "127.0.0.1", 0);
        if (rc == SSH_AGAIN) {
            ++it;
            continue;
        }
        progress = true;
        if (rc == SSH_OK && opening.counted) {
            completeOpening(opening);
        } else {
            if (opening.counted) {
                request.finish(-1, NetError::make(NetError::Kind::Ssh,
                                                  QStringLiteral("The SSH server %1 could not open a "
                                                                 "connection to %2:%3: %4")
                                                      .arg(target(), request.host())
                                                      .arg(request.port())
                                                      .arg(QString::fromUtf8(ssh_get_error(m_session)))));
                --m_busy;
            }
            if (rc == SSH_OK)
                ssh_channel_close(opening.channel);
            ssh_channel_free(opening.channel);
        }
        it = m_openings.erase(it);
    }
    return progress;
}

void SshSession::completeOpening(Opening &opening)
{
    int pair[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
        opening.request->finish(-1, NetError::make(NetError::Kind::Ssh,
                                                   QStringLiteral("Cannot create a local socket pair: %1")
                                                       .arg(QString::fromLocal8Bit(std::strerror(errno)))));
        --m_busy;
        ssh_channel_close(opening.channel);
        ssh_channel_free(opening.channel);
        return;
    }
    ::fcntl(pair[0], F_SETFL, ::fcntl(pair[0], F_GETFL) | O_NONBLOCK);
    m_pumps.push_back(std::make_unique<SshChannelPump>(opening.channel, pair[0], &m_activity));
    // If the caller is gone meanwhile, finish() closes its end; the pump then sees the hangup
    // and closes the channel.
    opening.request->finish(pair[1], {});
}

bool SshSession::pumpChannels()
{
    bool progress = false;
    for (const std::unique_ptr<SshChannelPump> &pump : m_pumps)
        progress = pump->pump() || progress;
    const auto finished = std::remove_if(m_pumps.begin(), m_pumps.end(),
                                         [](const std::unique_ptr<SshChannelPump> &pump) {
                                             return pump->isFinished();
                                         });
    const auto count = std::distance(finished, m_pumps.end());
    if (count > 0) {
        m_pumps.erase(finished, m_pumps.end());
        m_busy -= int(count);
        progress = true;
    }
    return progress;
}

bool SshSession::sendKeepalive()
{
    // Any byte from the server since the last tick proves it alive: the reply to our last
    // keepalive, or plain channel data.
    const quint64 inBytes = m_socketCounter.in_bytes;
    m_missedKeepalives = inBytes == m_lastInBytes ? m_missedKeepalives + 1 : 0;
    m_lastInBytes = inBytes;
    if (m_missedKeepalives >= kMaxKeepaliveMisses)
        return false;
    // keepalive@openssh.com with want_reply. libssh tracks one global request at a time: a call
    // while the previous reply is unread only collects that reply, so the second call makes
    // sure a fresh request is on the wire whenever the previous one was answered.
    ssh_send_keepalive(m_session);
    ssh_send_keepalive(m_session);
    m_nextKeepalive = QDeadlineTimer(qint64(m_options.keepaliveSeconds) * 1000);
    return true;
}

bool SshSession::sessionAlive() const
{
    return ssh_is_connected(m_session) && !(ssh_get_status(m_session) & (SSH_CLOSED | SSH_CLOSED_ERROR));
}

int SshSession::pollOnce(int timeoutMs)
{
    std::vector<pollfd> fds;
    fds.reserve(m_pumps.size() + 2);
    fds.push_back({m_wakeFd, POLLIN, 0});
    short sessionEvents = POLLIN;
    if (ssh_get_poll_flags(m_session) & SSH_WRITE_PENDING)
        sessionEvents |= POLLOUT;
    fds.push_back({ssh_get_fd(m_session), sessionEvents, 0});
    for (const std::unique_ptr<SshChannelPump> &pump : m_pumps)
        fds.push_back({pump->pollFd(), pump->pollEvents(), 0});

    const int rc = ::poll(fds.data(), nfds_t(fds.size()), timeoutMs);
    if (rc <= 0)
        return rc;
    if (fds[0].revents & POLLIN) {
        quint64 value = 0;
        [[maybe_unused]] const ssize_t n = ::read(m_wakeFd, &value, sizeof value);
    }
    for (size_t i = 0; i < m_pumps.size(); ++i)
        m_pumps[i]->setRevents(fds[i + 2].revents);
    return rc;
}

void SshSession::finishWith(const NetError &error)
{
    std::deque<std::shared_ptr<SshForwardRequest>> queued;
    std::deque<std::shared_ptr<SshJob>> jobs;
    {
        // First refuse new work, so callers reacting to the closed tunnels get a new session.
        std::lock_guard lock(m_mutex);
        m_finished = true;
        queued.swap(m_queue);
        jobs.swap(m_jobs);
    }
    for (const std::shared_ptr<SshForwardRequest> &request : queued)
        request->finish(-1, error);
    for (const std::shared_ptr<SshJob> &job : jobs)
        job->fail(error);
    for (const Opening &opening : m_openings)
        opening.request->finish(-1, error);
}

void SshSession::teardown()
{
    finishWith(NetError::make(NetError::Kind::Aborted,
                              QStringLiteral("The SSH session to %1 was closed.").arg(target())));
    for (const Opening &opening : m_openings)
        ssh_channel_free(opening.channel);
    m_openings.clear();
    m_pumps.clear();  // closes channels and our socket ends: callers read EOF
    m_busy = 0;
    if (m_event) {
        ssh_event_remove_session(m_event, m_session);
        ssh_event_free(m_event);
        m_event = nullptr;
    }
    if (m_session) {
        if (ssh_is_connected(m_session))
            ssh_disconnect(m_session);
        ssh_free(m_session);
        m_session = nullptr;
    }
}
