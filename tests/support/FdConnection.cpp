#include "FdConnection.h"

#include <QtGlobal>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

void FdConnection::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool FdConnection::send(const QByteArray &data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        pollfd p{m_fd, POLLOUT, 0};
        if (::poll(&p, 1, 5000) <= 0)
            return false;
        const ssize_t n = ::send(m_fd, data.constData() + done, size_t(data.size() - done), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

QByteArray FdConnection::command(const QByteArrayList &args)
{
    QByteArray out = '*' + QByteArray::number(args.size()) + "\r\n";
    for (const QByteArray &a : args)
        out += '$' + QByteArray::number(a.size()) + "\r\n" + a + "\r\n";
    return out;
}

QByteArray FdConnection::reply(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        const qsizetype eol = m_buffer.indexOf("\r\n");
        if (eol >= 0) {
            qsizetype total = eol + 2;
            if (m_buffer.startsWith('$')) {
                const qsizetype len = m_buffer.mid(1, eol - 1).toLongLong();
                total = len < 0 ? eol + 2 : eol + 2 + len + 2;
            }
            if (m_buffer.size() >= total) {
                const QByteArray r = m_buffer.left(total);
                m_buffer.remove(0, total);
                return r;
            }
        }
        if (!fill(deadline))
            return {};
    }
}

bool FdConnection::waitForEof(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (fill(deadline)) {
    }
    return m_eof;
}

bool FdConnection::fill(const QDeadlineTimer &deadline)
{
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, int(qMax<qint64>(0, deadline.remainingTime()))) <= 0)
        return false;
    char chunk[65536];
    const ssize_t n = ::read(m_fd, chunk, sizeof chunk);
    if (n <= 0) {
        m_eof = true;
        return false;
    }
    m_buffer.append(chunk, n);
    return true;
}
