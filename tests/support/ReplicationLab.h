#pragma once

#include "RedisServer.h"

#include "net/ConnectionProfile.h"

#include <QString>
#include <QStringList>

#include <map>
#include <memory>

// Named real redis-server processes wired into any replication shape (chains, stars,
// several groups) with --replicaof, for tests that need a specific topology. Full syncs start
// at once (diskless sync delay 0). Every server stops when the lab goes away.
class ReplicationLab
{
public:
    ReplicationLab() = default;
    ReplicationLab(const ReplicationLab &) = delete;
    ReplicationLab &operator=(const ReplicationLab &) = delete;

    // requirepass + masterauth on every node started afterwards.
    void setPassword(const QString &password) { m_password = password; }

    // `name` (added later) starts from this redis.conf, command-line options after it, so
    // CONFIG REWRITE has a file and a restart reads what was written into it.
    void setConfigFile(const QString &name, const QString &path) { m_configFiles.insert({name, path}); }

    bool addMaster(const QString &name, const QStringList &extraArgs = {});
    bool addReplica(const QString &name, const QString &master, const QStringList &extraArgs = {});
    // Starts a stopped node again on the same port with the same master.
    bool restart(const QString &name);
    void stop(const QString &name);

    // Until every running replica reports master_link_status:up.
    bool waitLinked(int timeoutMs = 20000);

    RedisServer *server(const QString &name) const;
    quint16 port(const QString &name) const;
    QString address(const QString &name) const { return QStringLiteral("127.0.0.1:%1").arg(port(name)); }
    ConnectionProfile profile(const QString &name) const;
    QStringList names() const;
    QString errorString() const { return m_error; }

private:
    struct Node
    {
        std::unique_ptr<RedisServer> server;
        QString master;
        QStringList extraArgs;
    };
    bool startNode(Node &node, const QString &name);

    std::map<QString, Node> m_nodes;
    std::map<QString, QString> m_configFiles;
    QString m_password;
    QString m_error;
};
