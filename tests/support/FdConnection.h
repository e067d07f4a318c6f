#pragma once

#include <QByteArray>
#include <QByteArrayList>
#include <QDeadlineTimer>

// A blocking RESP exchange over a tunnel fd, for tests only (the tunnel itself is pumped on
// the session's worker thread, so blocking here is harmless). Owns and closes the fd.
class FdConnection
{
public:
    explicit FdConnection(int fd) : m_fd(fd) {}
    ~FdConnection() { close(); }
    FdConnection(const FdConnection &) = delete;
    FdConnection &operator=(const FdConnection &) = delete;

    void close();
    int fd() const { return m_fd; }

    bool send(const QByteArray &data);
    static QByteArray command(const QByteArrayList &args);
    // One reply: simple string, error, integer or bulk string. Empty on timeout/EOF.
    QByteArray reply(int timeoutMs = 5000);
    // True when the peer closed (read returns 0) within the timeout.
    bool waitForEof(int timeoutMs);
    QByteArray call(const QByteArrayList &args) { return send(command(args)) ? reply() : QByteArray(); }

private:
    bool fill(const QDeadlineTimer &deadline);

    int m_fd;
    QByteArray m_buffer;
    bool m_eof = false;
};
