#include "SshForwardRequest.h"

#include <QMetaObject>

#include <unistd.h>

namespace {

// Closes the fd unless someone took it: a queued delivery that Qt drops (dispatcher gone)
// must not leak the socket, and closing it makes the worker close the channel too.
struct FdOwner
{
    explicit FdOwner(int fd) : m_fd(fd) {}
    ~FdOwner()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FdOwner(const FdOwner &) = delete;
    FdOwner &operator=(const FdOwner &) = delete;
    int release()
    {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }
    int m_fd;
};

} // namespace

SshForwardRequest::SshForwardRequest(const QString &host, quint16 port, QObject *context,
                                     SshSessionPool::ForwardHandler handler, QObject *dispatcher,
                                     int timeoutMs)
    : m_host(host)
    , m_port(port)
    , m_context(context)
    , m_hasContext(context != nullptr)
    , m_handler(std::move(handler))
    , m_dispatcher(dispatcher)
    , m_deadline(timeoutMs > 0 ? QDeadlineTimer(timeoutMs) : QDeadlineTimer(QDeadlineTimer::Forever))
{
}

bool SshForwardRequest::finish(int fd, const NetError &error)
{
    auto owner = std::make_shared<FdOwner>(fd);
    if (m_claimed.exchange(true))
        return false;  // owner closes fd
    QMetaObject::invokeMethod(
        m_dispatcher,
        [self = shared_from_this(), owner, error] { self->deliver(owner->release(), error); },
        Qt::QueuedConnection);
    return true;
}

void SshForwardRequest::deliver(int fd, const NetError &error)
{
    SshSessionPool::ForwardHandler handler = std::move(m_handler);
    m_handler = nullptr;
    if ((m_hasContext && m_context.isNull()) || !handler) {
        if (fd >= 0)
            ::close(fd);
        return;
    }
    handler(fd, error);
}
