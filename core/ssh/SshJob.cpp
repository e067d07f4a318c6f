#include "SshJob.h"

#include <QMetaObject>

SshJob::SshJob(const QString &what, Work work, Failure failure, QObject *context, QObject *dispatcher,
               int timeoutMs)
    : m_what(what)
    , m_work(std::move(work))
    , m_failure(std::move(failure))
    , m_context(context)
    , m_hasContext(context != nullptr)
    , m_dispatcher(dispatcher)
    , m_deadline(timeoutMs > 0 ? QDeadlineTimer(timeoutMs) : QDeadlineTimer(QDeadlineTimer::Forever))
{
}

bool SshJob::shouldStop() const
{
    return m_claimed.load() || (m_stop && m_stop->load()) || m_deadline.hasExpired();
}

void SshJob::run(ssh_session session)
{
    if (isFinished())
        return;
    Delivery delivery = m_work(session, *this);
    post(std::move(delivery));
}

bool SshJob::fail(const NetError &error)
{
    if (isFinished())
        return false;
    return post(m_failure(error));
}

bool SshJob::post(Delivery delivery)
{
    if (m_claimed.exchange(true))
        return false;
    QMetaObject::invokeMethod(
        m_dispatcher,
        [self = shared_from_this(), delivery = std::move(delivery)] {
            if (self->m_hasContext && self->m_context.isNull())
                return;
            if (delivery)
                delivery();
        },
        Qt::QueuedConnection);
    return true;
}
