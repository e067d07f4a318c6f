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
// known addresses in turn, until a node accepts the write. A write whose reply never came
// (timeout, dropped connection) does not count as acknowledged, and its n is never reused.
class FollowingWriter
{
public:
    explicit FollowingWriter(const QStringList &addresses, const QString &password = {},
                             const QByteArray &key = "tandem:writes");
    ~FollowingWriter();   // stops the thread

    // How long one write may wait for its reply before the writer gives up on the node
    // (default 2000 ms; a finite CLIENT PAUSE shorter than this is waited out). Before start().
    void setCommandTimeout(int ms);

    void start();
    void stop();   // joins the thread

    qint64 acknowledged() const;          // how many writes were acknowledged
    QString currentNode() const;          // where the last acknowledged write went
    // Longest time between two consecutive acknowledged writes since start() or resetGap().
    qint64 longestGapMs() const;
    qint64 longestGapUs() const;          // the same in microseconds
    // When the longest gap ended: steady clock (CLOCK_MONOTONIC) nanoseconds, 0 = none yet.
    qint64 longestGapEndNs() const;
    void resetGap();
    // Blocks (up to timeoutMs) until at least `count` more writes were acknowledged.
    bool waitForMore(qint64 count, int timeoutMs) const;
    // Blocks (up to timeoutMs) until `count` writes were acknowledged on `address`
    // after the call (the writer has followed the master there).
    bool waitForAcksOn(const QString &address, qint64 count, int timeoutMs) const;
    // Writes refused or unanswered so far (each made the writer look for the master again).
    qint64 failedWrites() const;

    // Acknowledged values missing from the list on `address` (LRANGE key 0 -1). Call once the
    // writer is stopped and replication has settled. -1 when `address` cannot be read.
    qint64 missingOn(const QString &address) const;
    // Every acknowledged value, ascending (for tests that check missingOn() themselves).
    QList<qint64> acknowledgedValues() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};
