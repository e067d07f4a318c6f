#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

// A writer at full speed on its own thread (blocking hiredis, no Qt event loop involved, so
// the operation under test and the measurement do not share a loop). Each write is
// RPUSH <key> <n> with n = 1, 2, 3...; an acknowledged n is recorded with a monotonic
// timestamp. It follows the writable master: on READONLY, NOREPLICAS, a connection error or
// timeout it asks ROLE of the node it is on (a replica names its master) and else tries the
// known addresses in turn, until a node accepts the write.
class FollowingWriter
{
public:
    explicit FollowingWriter(const QStringList &addresses, const QString &password = {},
                             const QByteArray &key = "tandem:writes");
    ~FollowingWriter();

    void start();
    void stop();   // joins the thread

    qint64 acknowledged() const;          // how many writes were acknowledged
    QString currentNode() const;          // where the last acknowledged write went
    // Longest time between two consecutive acknowledged writes since start() or resetGap().
    qint64 longestGapMs() const;
    void resetGap();
    // Blocks (up to timeoutMs) until at least `count` more writes were acknowledged.
    bool waitForMore(qint64 count, int timeoutMs) const;

    // Acknowledged values missing from the list on `address` (LRANGE key 0 -1). Call once the
    // writer is stopped and replication has settled.
    qint64 missingOn(const QString &address) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};
