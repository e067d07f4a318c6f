#pragma once

#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

class QProcess;
class RespClient;

// Brings up the redis-server processes of one lab without blocking the event loop: launches
// each (daemonizing) server, then polls INFO replication until the master answers and every
// replica reports master_link_status:up. Reports success or the first failure, once.
// A replica is launched only once its master is ready: a replica retries a refused link only
// once a second, so starting everything at once costs up to a second per level.
class LabStartup : public QObject
{
    Q_OBJECT
public:
    struct Launch
    {
        QString name;
        QString configFile;
        QString pidFile;
        QString logFile;
        ConnectionProfile profile;
        QString masterName;  // empty for the master; must name an earlier launch
    };

    LabStartup(const QString &binary, const QList<Launch> &nodes, int timeoutMs,
               QObject *parent = nullptr);
    ~LabStartup() override;

    void start();
    // Stops watching. Waits (briefly) for launchers still forking, so that every daemon that
    // will exist has written its pidfile or never will.
    void abort();
    bool isActive() const { return m_active; }
    qint64 pidOf(const QString &name) const;

    // The last `lines` lines of a log file, for error messages.
    static QString logTail(const QString &logFile, int lines = 12);

Q_SIGNALS:
    void progress(const QString &message);
    void succeeded();
    void failed(const QString &reason);

private:
    struct Node
    {
        Launch launch;
        QProcess *process = nullptr;
        RespClient *client = nullptr;
        bool launched = false;  // the launcher exited 0: the daemon is on its own now
        bool done = false;
        qint64 pid = 0;
        QString waitingFor;     // what the last poll saw, for a timeout message
    };

    void launch(int index);
    void launchReplicasOf(const QString &name);
    void onLauncherFinished(int index, int exitCode, bool crashed);
    void connectNode(int index);
    void poll(int index);
    void onInfo(int index, const QByteArray &info);
    void onTick();
    void onTimeout();
    void finishIfAllDone();
    void fail(const QString &reason);
    void dropClients();

    QString m_binary;
    QList<Node> m_nodes;
    int m_timeoutMs = 30000;
    bool m_active = false;
    QTimer m_deadline;
    QTimer m_ticker;
    QElapsedTimer m_clock;
};
