#pragma once

#include <vector>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

// Moves bytes between one open direct-tcpip channel and our end of a local socketpair, both
// ways, never blocking. EOF travels both ways (channel EOF -> shutdown(SHUT_WR) on the socket,
// socket EOF -> channel EOF); the caller closing its end closes the channel.
// Owned by the session worker; all calls on its thread.
class SshChannelPump
{
public:
    // Takes ownership of `channel` (open) and `fd` (non-blocking). `activity` is set by libssh
    // callbacks whenever data/EOF/window space arrives for this channel while the worker is
    // busy with something else, so the worker knows not to sleep on data libssh already read.
    SshChannelPump(ssh_channel channel, int fd, bool *activity);
    ~SshChannelPump();
    SshChannelPump(const SshChannelPump &) = delete;
    SshChannelPump &operator=(const SshChannelPump &) = delete;

    // The fd to poll, or -1 once the caller hung up: POLLHUP would then fire on every poll
    // while we wait for window space to forward the caller's last bytes.
    int pollFd() const { return m_hangup ? -1 : m_fd; }
    short pollEvents() const;      // what to poll our socket end for
    void setRevents(short revents);
    bool pump();                   // true when anything moved
    bool isFinished() const;

private:
    bool pumpToLocal();
    bool pumpToRemote();
    void hangUp();

    static int onData(ssh_session, ssh_channel, void *, uint32_t, int, void *userdata);
    static void onEvent(ssh_session, ssh_channel, void *userdata);
    static int onWindow(ssh_session, ssh_channel, uint32_t, void *userdata);

    ssh_channel m_channel;
    int m_fd;
    ssh_channel_callbacks_struct m_callbacks{};
    std::vector<char> m_toLocal;
    size_t m_toLocalPos = 0;
    std::vector<char> m_toRemote;
    size_t m_toRemotePos = 0;
    bool m_remoteEof = false;     // channel said EOF (or closed)
    bool m_localShutdown = false; // we passed that EOF on: shutdown(SHUT_WR)
    bool m_localEof = false;      // the local side said EOF; we sent channel EOF
    bool m_hangup = false;        // the local side is gone entirely
    bool m_failed = false;        // channel error
};
