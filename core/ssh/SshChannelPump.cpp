#include "SshChannelPump.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace {
constexpr size_t kPumpChunk = 64 * 1024;
// Per pump() call and direction, so one busy channel cannot starve the others.
constexpr size_t kBudget = 256 * 1024;
} // namespace

SshChannelPump::SshChannelPump(ssh_channel channel, int fd, bool *activity)
    : m_channel(channel)
    , m_fd(fd)
{
    ssh_callbacks_init(&m_callbacks);
    m_callbacks.userdata = activity;
    m_callbacks.channel_data_function = &SshChannelPump::onData;
    m_callbacks.channel_eof_function = &SshChannelPump::onEvent;
    m_callbacks.channel_close_function = &SshChannelPump::onEvent;
    m_callbacks.channel_write_wontblock_function = &SshChannelPump::onWindow;
    ssh_set_channel_callbacks(m_channel, &m_callbacks);
}

SshChannelPump::~SshChannelPump()
{
    // Remove the callbacks first: libssh may free the channel only when the server's CLOSE
    // arrives later, and would then call into this (gone) object.
    ssh_remove_channel_callbacks(m_channel, &m_callbacks);
    if (ssh_channel_is_open(m_channel))
        ssh_channel_close(m_channel);
    ssh_channel_free(m_channel);
    if (m_fd >= 0)
        ::close(m_fd);
}

int SshChannelPump::onData(ssh_session, ssh_channel, void *, uint32_t, int, void *userdata)
{
    *static_cast<bool *>(userdata) = true;
    return 0;  // consume nothing: the bytes stay buffered for ssh_channel_read_nonblocking
}

void SshChannelPump::onEvent(ssh_session, ssh_channel, void *userdata)
{
    *static_cast<bool *>(userdata) = true;
}

int SshChannelPump::onWindow(ssh_session, ssh_channel, uint32_t, void *userdata)
{
    *static_cast<bool *>(userdata) = true;
    return 0;
}

short SshChannelPump::pollEvents() const
{
    short events = 0;
    if (m_toLocalPos < m_toLocal.size())
        events |= POLLOUT;
    if (!m_localEof && !m_hangup && m_toRemotePos >= m_toRemote.size()
        && ssh_channel_window_size(m_channel) > 0)
        events |= POLLIN;
    return events;  // POLLHUP/POLLERR are always reported
}

void SshChannelPump::setRevents(short revents)
{
    // POLLHUP alone: both directions are shut (the caller closed its end). With POLLIN there
    // may still be bytes to forward first; pumpToRemote reads them before EOF.
    if (revents & (POLLHUP | POLLERR))
        m_hangup = true;
}

bool SshChannelPump::isFinished() const
{
    if (m_failed)
        return true;
    if (m_hangup)
        return m_localEof;  // whatever the caller wrote has been forwarded, EOF sent
    return m_localEof && m_remoteEof && m_localShutdown;
}

bool SshChannelPump::pump()
{
    bool moved = pumpToLocal();
    moved = pumpToRemote() || moved;
    return moved;
}

bool SshChannelPump::pumpToLocal()
{
    bool moved = false;
    size_t budget = kBudget;
    while (!m_failed) {
        if (m_toLocalPos < m_toLocal.size()) {
            if (m_hangup) {  // nobody left to read it
                m_toLocal.clear();
                m_toLocalPos = 0;
                break;
            }
            const ssize_t n = ::send(m_fd, m_toLocal.data() + m_toLocalPos,
                                     m_toLocal.size() - m_toLocalPos, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                m_toLocalPos += size_t(n);
                moved = true;
                if (m_toLocalPos < m_toLocal.size())
                    continue;
                m_toLocal.clear();
                m_toLocalPos = 0;
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                break;
            } else {
                hangUp();
                return true;
            }
        }
        if (m_remoteEof || budget == 0)
            break;
        m_toLocal.resize(kPumpChunk);
        const int n = ssh_channel_read_nonblocking(m_channel, m_toLocal.data(), kPumpChunk, 0);
        if (n > 0) {
            m_toLocal.resize(size_t(n));
            m_toLocalPos = 0;
            budget -= std::min(budget, size_t(n));
            moved = true;
            continue;
        }
        m_toLocal.clear();
        if (n == SSH_EOF || ssh_channel_is_eof(m_channel) || ssh_channel_is_closed(m_channel)) {
            m_remoteEof = true;
            moved = true;
        } else if (n == SSH_ERROR) {
            m_failed = true;
            moved = true;
        }
        break;
    }
    if (m_remoteEof && m_toLocal.empty() && !m_localShutdown && !m_hangup) {
        ::shutdown(m_fd, SHUT_WR);  // the caller reads EOF, like a TCP peer closing
        m_localShutdown = true;
        moved = true;
    }
    return moved;
}

bool SshChannelPump::pumpToRemote()
{
    bool moved = false;
    size_t budget = kBudget;
    while (!m_failed) {
        if (m_toRemotePos < m_toRemote.size()) {
            if (ssh_channel_is_closed(m_channel)) {
                m_failed = true;  // the node side is gone, our bytes cannot follow
                return true;
            }
            const uint32_t window = ssh_channel_window_size(m_channel);
            if (window == 0)
                break;
            // Never more than the window: a larger ssh_channel_write would wait for the server.
            const size_t chunk = std::min<size_t>(m_toRemote.size() - m_toRemotePos, window);
            const int n = ssh_channel_write(m_channel, m_toRemote.data() + m_toRemotePos, uint32_t(chunk));
            if (n < 0) {
                m_failed = true;
                return true;
            }
            m_toRemotePos += size_t(n);
            moved = moved || n > 0;
            if (m_toRemotePos < m_toRemote.size())
                break;
            m_toRemote.clear();
            m_toRemotePos = 0;
        }
        if (m_localEof || budget == 0)
            break;
        if (ssh_channel_window_size(m_channel) == 0 && !m_hangup)
            break;
        m_toRemote.resize(kPumpChunk);
        const ssize_t n = ::recv(m_fd, m_toRemote.data(), kPumpChunk, MSG_DONTWAIT);
        if (n > 0) {
            m_toRemote.resize(size_t(n));
            m_toRemotePos = 0;
            budget -= std::min(budget, size_t(n));
            moved = true;
            continue;
        }
        m_toRemote.clear();
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && !m_hangup)
            break;
        // EOF (or reset): tell the node side the client is done writing.
        m_localEof = true;
        moved = true;
        if (ssh_channel_is_open(m_channel))
            ssh_channel_send_eof(m_channel);
        break;
    }
    return moved;
}

void SshChannelPump::hangUp()
{
    m_hangup = true;
    m_toLocal.clear();
    m_toLocalPos = 0;
}
