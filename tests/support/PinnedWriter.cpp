#include "PinnedWriter.h"

#include "BlockingRedis.h"

#include <QDeadlineTimer>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

struct PinnedWriter::Private
{
    QString address;
    QString password;
    QByteArray key;
    std::thread thread;
    std::atomic<bool> stop{false};
    std::atomic<qint64> refused{0};
    mutable std::mutex mutex;
    QList<qint64> acked;
    QString lastError;

    void run()
    {
        BlockingRedis redis(address, password, 2000);
        qint64 n = 0;
        while (!stop) {
            ++n;
            const BlockingRedis::Reply r = redis.call({"RPUSH", key, QByteArray::number(n)});
            if (r.ok) {
                std::lock_guard<std::mutex> lock(mutex);
                acked.append(n);
                continue;
            }
            if (r.error) {
                ++refused;
                std::lock_guard<std::mutex> lock(mutex);
                lastError = QString::fromUtf8(r.text);
            }
            // Down, loading or refusing: try again soon (no reply means not acknowledged).
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    }
};

PinnedWriter::PinnedWriter(const QString &address, const QString &password, const QByteArray &key)
    : d(std::make_unique<Private>())
{
    d->address = address;
    d->password = password;
    d->key = key;
}

PinnedWriter::~PinnedWriter()
{
    stop();
}

void PinnedWriter::start()
{
    if (d->thread.joinable())
        return;
    d->stop = false;
    d->thread = std::thread([this] { d->run(); });
}

void PinnedWriter::stop()
{
    d->stop = true;
    if (d->thread.joinable())
        d->thread.join();
}

qint64 PinnedWriter::acknowledged() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->acked.size();
}

QList<qint64> PinnedWriter::acknowledgedValues() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->acked;
}

qint64 PinnedWriter::refused() const
{
    return d->refused;
}

QString PinnedWriter::lastError() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->lastError;
}

bool PinnedWriter::waitForRefusals(qint64 count, int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (d->refused >= count)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}
