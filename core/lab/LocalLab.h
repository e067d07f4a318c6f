#pragma once

#include "net/ConnectionProfile.h"

#include <QList>
#include <QObject>
#include <QString>

// What kind of local sandbox to start.
struct LabSpec
{
    int replicas = 2;
    bool chain = false;     // replicas form a chain master -> r1 -> r2 ... instead of a star
    int chainedReplicas = 0; // extra replicas of replica1 (replica1a, replica1b, ...)
    int standalone = 0;     // > 0: this many unlinked servers ("redis1", ...) instead of a group
    QString password;       // requirepass + masterauth on every node when set
    bool tls = false;       // TLS-only ports with a generated CA, server and client certs
    QString redisServer = QStringLiteral("redis-server");
};

struct LabNode
{
    QString name;           // "master", "replica1", ...
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    QString masterName;     // empty for a master (every node of a standalone lab)
    qint64 pid = 0;
};

// Real redis-server processes on free loopback ports inside one directory: started
// daemonized so they outlive the process that started them (tandemctl lab up), described by
// <dir>/lab.json so a later process can find and stop them.
class LocalLab : public QObject
{
    Q_OBJECT
public:
    explicit LocalLab(const QString &dir, QObject *parent = nullptr);
    ~LocalLab() override;  // stops the servers only if setStopOnDestroy(true)

    QString dir() const { return m_dir; }
    void setStopOnDestroy(bool stop) { m_stopOnDestroy = stop; }

    // Asynchronous: -> started() once every replica reports master_link_status:up, or failed().
    void start(const LabSpec &spec, int timeoutMs = 30000);
    // Reads <dir>/lab.json of an earlier start; false if there is none.
    bool load();
    // Stops every server of the lab (SIGTERM, then SIGKILL after a grace period) and
    // removes the lab's files (only those it created); nodes() is empty afterwards.
    // Blocking for at most a few seconds; local processes only.
    void stop();
    // Which servers of a loaded lab are still running: the pid is alive and is still this
    // node's redis-server (program name and working directory), so a recycled pid never counts.
    bool isRunning(const LabNode &node) const;

    LabSpec spec() const { return m_spec; }
    QList<LabNode> nodes() const { return m_nodes; }
    // How to reach a node: host/port, password and, for TLS labs, the CA and client cert.
    ConnectionProfile profileFor(const LabNode &node) const;

Q_SIGNALS:
    void progress(const QString &message);
    void started();
    void failed(const QString &reason);

private:
    struct Private;
    Private *d;
    QString m_dir;
    LabSpec m_spec;
    QList<LabNode> m_nodes;
    bool m_stopOnDestroy = false;
};
