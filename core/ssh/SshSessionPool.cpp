#include "SshSessionPool.h"

#include "KnownHosts.h"
#include "RemoteCommand.h"
#include "SftpConnection.h"
#include "SftpFileReader.h"
#include "SftpFileWriter.h"
#include "SshForwardRequest.h"
#include "SshJob.h"
#include "SshSession.h"

#include <QThread>
#include <QTimer>

#include <map>
#include <memory>

#include <libssh/libssh.h>

namespace {
// The worker enforces the timeout itself; this later guard only covers a worker stuck in a
// call we cannot interrupt (a hanging DNS lookup, an unresponsive agent).
constexpr int kGuardGraceMs = 2000;
constexpr int kDefaultIdleTimeoutMs = 60000;
} // namespace

struct SshSessionPool::Private
{
    std::map<QString, std::unique_ptr<SshSession>> sessions;
    int idleTimeoutMs = kDefaultIdleTimeoutMs;

    void reapFinished()
    {
        for (auto it = sessions.begin(); it != sessions.end();) {
            if (it->second->isFinished()) {
                it->second->wait();  // its loop has ended; this only joins the thread
                it = sessions.erase(it);
            } else {
                ++it;
            }
        }
    }

    // Queues the job on the session for `ssh`, starting one if needed; a guard timer fails it
    // should the worker be stuck in a call it cannot leave.
    void submit(SshSessionPool *pool, const SshOptions &ssh, const std::shared_ptr<SshJob> &job, int timeoutMs)
    {
        if (!ssh.enabled || ssh.host.isEmpty()) {
            job->fail(NetError::make(NetError::Kind::Ssh,
                                     QStringLiteral("No SSH server is configured for this connection.")));
            return;
        }
        reapFinished();
        const QString key = ssh.sessionKey();
        auto it = sessions.find(key);
        if (it == sessions.end() || !it->second->enqueue(job)) {
            if (it != sessions.end()) {
                it->second->wait();
                sessions.erase(it);
            }
            auto session = std::make_unique<SshSession>(ssh, idleTimeoutMs);
            session->enqueue(job);
            session->start();
            sessions.emplace(key, std::move(session));
        }
        if (timeoutMs > 0) {
            const std::weak_ptr<SshJob> weak = job;
            const QString where = KnownHosts::hostPattern(ssh.host, ssh.port);
            QTimer::singleShot(timeoutMs + kGuardGraceMs, pool, [weak, where, timeoutMs] {
                if (const auto pending = weak.lock())
                    pending->fail(NetError::make(NetError::Kind::Timeout,
                                                 QStringLiteral("%1 via %2 did not finish within %3 ms.")
                                                     .arg(pending->what(), where)
                                                     .arg(timeoutMs)));
            });
        }
    }
};

SshSessionPool::SshSessionPool(QObject *parent)
    : QObject(parent)
    , d(new Private)
{
    ssh_init();
}

SshSessionPool::~SshSessionPool()
{
    // Workers post results to this object: stop them all before it goes away. Results still
    // queued are dropped by ~QObject, which closes their fds.
    for (auto &entry : d->sessions)
        entry.second->stop();
    for (auto &entry : d->sessions)
        entry.second->wait();
    delete d;
    ssh_finalize();
}

void SshSessionPool::openForward(const SshOptions &ssh, const QString &host, quint16 port,
                                 QObject *context, ForwardHandler handler, int timeoutMs)
{
    Q_ASSERT_X(QThread::currentThread() == thread(), "SshSessionPool::openForward",
               "call from the pool's thread");
    auto request = std::make_shared<SshForwardRequest>(host, port, context, std::move(handler),
                                                       this, timeoutMs);
    if (!ssh.enabled || ssh.host.isEmpty()) {
        request->finish(-1, NetError::make(NetError::Kind::Ssh,
                                           QStringLiteral("No SSH server is configured for this connection.")));
        return;
    }
    d->reapFinished();
    const QString key = ssh.sessionKey();
    auto it = d->sessions.find(key);
    if (it == d->sessions.end() || !it->second->enqueue(request)) {
        if (it != d->sessions.end()) {  // finished between reap and enqueue
            it->second->wait();
            d->sessions.erase(it);
        }
        auto session = std::make_unique<SshSession>(ssh, d->idleTimeoutMs);
        session->enqueue(request);
        session->start();
        d->sessions.emplace(key, std::move(session));
    }

    if (timeoutMs > 0) {
        const std::weak_ptr<SshForwardRequest> weak = request;
        const QString where = KnownHosts::hostPattern(ssh.host, ssh.port);
        QTimer::singleShot(timeoutMs + kGuardGraceMs, this, [weak, where, host, port, timeoutMs] {
            if (const auto pending = weak.lock())
                pending->finish(-1, NetError::make(NetError::Kind::Timeout,
                                                   QStringLiteral("No SSH tunnel to %1:%2 via %3 within %4 ms.")
                                                       .arg(host)
                                                       .arg(port)
                                                       .arg(where)
                                                       .arg(timeoutMs)));
        });
    }
}

void SshSessionPool::readFile(const SshOptions &ssh, const QString &path, QObject *context, ReadHandler handler,
                              int timeoutMs)
{
    Q_ASSERT_X(QThread::currentThread() == thread(), "SshSessionPool::readFile", "call from the pool's thread");
    auto work = [path, handler](ssh_session session, const SshJob &job) -> SshJob::Delivery {
        SftpConnection sftp(session);
        QByteArray content;
        RemoteFileInfo info;
        NetError error = sftp.open();
        if (!error.isError())
            error = SftpFileReader(sftp, job).read(path, kRemoteFileMaxSize, &content, &info);
        return [handler, content, info, error] { handler(content, info, error); };
    };
    auto failure = [handler](const NetError &error) -> SshJob::Delivery {
        return [handler, error] { handler(QByteArray(), RemoteFileInfo(), error); };
    };
    d->submit(this, ssh,
              std::make_shared<SshJob>(QStringLiteral("Reading %1").arg(path), std::move(work), std::move(failure),
                                       context, this, timeoutMs),
              timeoutMs);
}

void SshSessionPool::writeFile(const SshOptions &ssh, const QString &path, const QByteArray &content,
                               const RemoteWriteOptions &options, QObject *context, WriteHandler handler,
                               int timeoutMs)
{
    Q_ASSERT_X(QThread::currentThread() == thread(), "SshSessionPool::writeFile", "call from the pool's thread");
    auto work = [path, content, options, handler](ssh_session session, const SshJob &job) -> SshJob::Delivery {
        SftpConnection sftp(session);
        RemoteWriteResult result;
        NetError error = sftp.open();
        if (!error.isError())
            error = SftpFileWriter(sftp, job).write(path, content, options, &result);
        return [handler, result, error] { handler(result, error); };
    };
    auto failure = [handler](const NetError &error) -> SshJob::Delivery {
        return [handler, error] { handler(RemoteWriteResult(), error); };
    };
    d->submit(this, ssh,
              std::make_shared<SshJob>(QStringLiteral("Writing %1").arg(path), std::move(work), std::move(failure),
                                       context, this, timeoutMs),
              timeoutMs);
}

void SshSessionPool::runCommand(const SshOptions &ssh, const QString &command, QObject *context,
                                CommandHandler handler, int timeoutMs)
{
    Q_ASSERT_X(QThread::currentThread() == thread(), "SshSessionPool::runCommand", "call from the pool's thread");
    auto work = [command, handler](ssh_session session, const SshJob &job) -> SshJob::Delivery {
        const RemoteCommand::Result r = RemoteCommand(session, job).run(command);
        return [handler, r] { handler(r.exitCode, r.out, r.err, r.error); };
    };
    auto failure = [handler](const NetError &error) -> SshJob::Delivery {
        return [handler, error] { handler(-1, QByteArray(), QByteArray(), error); };
    };
    d->submit(this, ssh,
              std::make_shared<SshJob>(QStringLiteral("Running \"%1\"").arg(command), std::move(work),
                                       std::move(failure), context, this, timeoutMs),
              timeoutMs);
}

void SshSessionPool::closeAll()
{
    std::vector<std::unique_ptr<SshSession>> closing;
    for (auto it = d->sessions.begin(); it != d->sessions.end();) {
        if (it->second->isFinished() || it->second->isIdle()) {
            it->second->stop();
            closing.push_back(std::move(it->second));
            it = d->sessions.erase(it);
        } else {
            ++it;
        }
    }
    closing.clear();  // joins: stopping is prompt, every wait in the worker watches the stop flag
}

void SshSessionPool::setIdleTimeout(int ms)
{
    d->idleTimeoutMs = ms;
}

int SshSessionPool::sessionCount() const
{
    d->reapFinished();
    return int(d->sessions.size());
}
