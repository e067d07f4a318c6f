#pragma once

#include "SshSessionPool.h"

#include <QDeadlineTimer>
#include <QPointer>

#include <atomic>
#include <memory>

// One openForward() call in flight, shared by the pool (caller's thread) and a session worker.
// Whoever finishes it first wins: a late fd is closed, never leaked, and the handler runs at
// most once, on the dispatcher's thread, and only while its context object is alive.
class SshForwardRequest : public std::enable_shared_from_this<SshForwardRequest>
{
public:
    SshForwardRequest(const QString &host, quint16 port, QObject *context,
                      SshSessionPool::ForwardHandler handler, QObject *dispatcher, int timeoutMs);

    const QString &host() const { return m_host; }
    quint16 port() const { return m_port; }
    QDeadlineTimer deadline() const { return m_deadline; }
    // True once a result was claimed (delivered, queued for delivery, or abandoned).
    bool isFinished() const { return m_claimed.load(); }

    // Thread-safe. Takes ownership of `fd` (-1 with an error). Returns false, closing `fd`,
    // when the request was already finished.
    bool finish(int fd, const NetError &error);

private:
    void deliver(int fd, const NetError &error);

    QString m_host;
    quint16 m_port;
    QPointer<QObject> m_context;
    bool m_hasContext;
    SshSessionPool::ForwardHandler m_handler;
    QObject *m_dispatcher;  // outlives every request: the pool joins its workers first
    QDeadlineTimer m_deadline;
    std::atomic<bool> m_claimed{false};
};
