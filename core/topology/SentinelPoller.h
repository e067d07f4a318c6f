#pragma once

#include "SentinelReport.h"

#include <QObject>

class NodeMonitor;
class RespValue;

// Asks a sentinel, over its NodeMonitor's connection, what it watches: SENTINEL MASTERS, then
// REPLICAS and SENTINELS for each master, pipelined. One round at a time; a round that cannot
// finish (the connection dropped) is abandoned with abort().
class SentinelPoller : public QObject
{
    Q_OBJECT
public:
    explicit SentinelPoller(NodeMonitor *monitor, QObject *parent = nullptr);

    // Starts a round unless one is running; false if the node is not connected.
    bool poll();
    void abort();
    bool isBusy() const { return m_busy; }
    bool hasReport() const { return m_hasReport; }
    // Rounds that ended, answered or failed: the first one ending lets discovery settle.
    int roundsFinished() const { return m_roundsFinished; }
    const SentinelReport &report() const { return m_report; }

Q_SIGNALS:
    void reportReady(const SentinelReport &report);
    void roundFailed();

private:
    void onMasters(const RespValue &reply);
    void queryMaster(int index, const QByteArray &subcommand);
    void finishOne();

    NodeMonitor *m_monitor;
    quint64 m_round = 0;     // replies of an abandoned round are ignored
    bool m_busy = false;
    int m_pending = 0;
    SentinelReport m_next;   // being filled by the running round
    SentinelReport m_report;
    bool m_hasReport = false;
    int m_roundsFinished = 0;
};
