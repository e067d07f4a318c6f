#pragma once

#include "net/ConnectionProfile.h"

#include <QObject>

class RespClient;
class SshSessionPool;
class QTimer;

// After a cutover: reads the old server's errorstat_READONLY once a second, so the user sees
// how many clients still write to the old address. Read-only, its own connection.
class OldServerWatch : public QObject
{
    Q_OBJECT
public:
    OldServerWatch(const ConnectionProfile &oldServer, SshSessionPool *ssh, QObject *parent = nullptr);
    ~OldServerWatch() override;

    // quietSeconds: stop (and emit quiet()) after this many consecutive seconds with no new
    // refused write; 0 = watch until stop().
    void start(int quietSeconds = 0);
    void stop();

Q_SIGNALS:
    // total: READONLY errors since start(); lastSecond: during the last interval.
    void attempts(qint64 total, qint64 lastSecond);
    void quiet();
    void unreachable(const QString &reason);

private:
    void poll();
    void fail(const QString &reason);   // unreachable(), once until a read succeeds again

    ConnectionProfile m_profile;
    SshSessionPool *m_ssh;
    RespClient *m_client = nullptr;
    QTimer *m_timer = nullptr;
    qint64 m_total = 0;   // refused writes since start()
    qint64 m_last = -1;   // the counter at the last reading; -1 = none yet
    bool m_unreachable = false;
    bool m_inFlight = false;
    int m_quietSeconds = 0;
    int m_quietFor = 0;
};
