#pragma once

#include "net/NetError.h"

#include <QDeadlineTimer>
#include <QPointer>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

#include <libssh/libssh.h>

// One piece of blocking work (an SFTP transfer, a remote command) queued on a session's worker
// thread. The work runs there with the logged-in session and returns the delivery: a closure
// that calls the caller's handler with the results. Like SshForwardRequest, whoever finishes
// the job first wins (worker, timeout guard, failed session), and the delivery runs at most
// once, on the dispatcher's thread, and only while the caller's context object lives.
class SshJob : public std::enable_shared_from_this<SshJob>
{
public:
    using Delivery = std::function<void()>;
    using Work = std::function<Delivery(ssh_session session, const SshJob &job)>;
    using Failure = std::function<Delivery(const NetError &error)>;

    SshJob(const QString &what, Work work, Failure failure, QObject *context, QObject *dispatcher,
           int timeoutMs);

    const QString &what() const { return m_what; }  // "reading /etc/redis/redis.conf", for errors
    QDeadlineTimer deadline() const { return m_deadline; }
    bool isFinished() const { return m_claimed.load(); }
    // Work checks this between chunks: the session is stopping or the caller gave up.
    bool shouldStop() const;
    void setStopFlag(const std::atomic<bool> *stop) { m_stop = stop; }

    // Worker thread: runs the work and delivers its result (unless already finished).
    void run(ssh_session session);
    // Any thread: delivers the error unless already finished.
    bool fail(const NetError &error);

private:
    bool post(Delivery delivery);

    QString m_what;
    Work m_work;
    Failure m_failure;
    QPointer<QObject> m_context;
    bool m_hasContext;
    QObject *m_dispatcher;  // outlives every job: the pool joins its workers first
    QDeadlineTimer m_deadline;
    const std::atomic<bool> *m_stop = nullptr;
    std::atomic<bool> m_claimed{false};
};
