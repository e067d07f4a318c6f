#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

// When the topology is rebuilt after changes: snapshots of one poll round arrive within a few
// ms of each other (every node is polled from one timer), so a request waits for a short lull
// (10 ms) and a round costs one rebuild — but a change is never held back longer than 50 ms.
class RebuildThrottle : public QObject
{
    Q_OBJECT
public:
    RebuildThrottle(std::function<void()> rebuild, QObject *parent = nullptr);

    // Something changed: rebuild soon.
    void request();
    // A rebuild is happening now (called by it): nothing is pending any more.
    void rebuilding();
    // Time since the last rebuild; -1 before the first.
    qint64 sinceLast() const { return m_sinceRebuild.isValid() ? m_sinceRebuild.elapsed() : -1; }

private:
    QTimer m_timer;
    QElapsedTimer m_pendingSince;  // first change not yet rebuilt
    QElapsedTimer m_sinceRebuild;
};
