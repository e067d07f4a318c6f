#pragma once

#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <QDeadlineTimer>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include <libssh/libssh.h>

class QThread;
class SshChannelPump;
class SshForwardRequest;
class SshJob;

// One SSH connection to one bastion, owned by its own worker thread (libssh sessions and
// their channels belong to one thread). The worker connects, then serves forward requests
// and pumps every channel in a single poll() loop: the session socket, each channel's local
// socket end, and a wake fd for new requests/stop. It sends keepalives while it lives and
// fails every channel (closing their fds) when the server stops answering.
// Thread-safe public API; everything else runs on the worker.
class SshSession
{
public:
    SshSession(const SshOptions &options, int idleTimeoutMs);
    ~SshSession();  // stops and joins the worker; open channels are closed
    SshSession(const SshSession &) = delete;
    SshSession &operator=(const SshSession &) = delete;

    // Queues a request; false when the worker has already finished (make a new session).
    bool enqueue(const std::shared_ptr<SshForwardRequest> &request);
    // Queues blocking work (SFTP, remote commands); run one at a time between pump rounds.
    bool enqueue(const std::shared_ptr<SshJob> &job);
    void start();
    void stop();           // asynchronous; wait() joins
    void wait();
    bool isFinished() const;
    bool isIdle() const;   // no channel open or being opened, nothing queued

private:
    struct Opening
    {
        std::shared_ptr<SshForwardRequest> request;
        ssh_channel channel;
        bool counted;  // still in m_busy: the request waits for this channel
    };

    void run();
    NetError connectSession();
    void serve();
    bool acceptRequests();
    bool runJobs();
    void runJob(SshJob &job);
    bool advanceOpenings();
    void completeOpening(Opening &opening);
    bool pumpChannels();
    bool sendKeepalive();
    bool sessionAlive() const;
    int pollOnce(int timeoutMs);
    void finishWith(const NetError &error);
    void teardown();
    void wake() const;
    QString target() const;

    SshOptions m_options;  // secrets are wiped once logged in
    int m_idleTimeoutMs;
    std::unique_ptr<QThread> m_thread;
    int m_wakeFd = -1;

    mutable std::mutex m_mutex;  // guards m_queue, m_jobs and m_finished
    std::deque<std::shared_ptr<SshForwardRequest>> m_queue;
    std::deque<std::shared_ptr<SshJob>> m_jobs;
    bool m_finished = false;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_busy{0};  // channels open or opening, jobs taken (worker writes)

    // Worker-thread state.
    ssh_session m_session = nullptr;
    ssh_event m_event = nullptr;
    std::vector<std::unique_ptr<SshChannelPump>> m_pumps;
    std::vector<Opening> m_openings;
    bool m_activity = false;
    ssh_counter_struct m_socketCounter{};
    ssh_counter_struct m_rawCounter{};
    quint64 m_lastInBytes = 0;
    int m_missedKeepalives = 0;
    QDeadlineTimer m_nextKeepalive;
    QDeadlineTimer m_idleDeadline;
};
