#include "ReplicationLab.h"

#include "ClientProbe.h"

#include "info/InfoParser.h"
#include "net/RespClient.h"

#include <QDeadlineTimer>
#include <QTest>

bool ReplicationLab::addMaster(const QString &name, const QStringList &extraArgs)
{
    return addReplica(name, QString(), extraArgs);
}

bool ReplicationLab::addReplica(const QString &name, const QString &master, const QStringList &extraArgs)
{
    if (m_nodes.count(name)) {
        m_error = QStringLiteral("node %1 exists already").arg(name);
        return false;
    }
    if (!master.isEmpty() && !m_nodes.count(master)) {
        m_error = QStringLiteral("no master %1 for %2").arg(master, name);
        return false;
    }
    Node &node = m_nodes[name];
    node.server = std::make_unique<RedisServer>();
    node.master = master;
    node.extraArgs = extraArgs;
    if (!m_password.isEmpty()) {
        node.extraArgs << QStringLiteral("--requirepass") << m_password
                       << QStringLiteral("--masterauth") << m_password;
    }
    return startNode(node, name);
}

bool ReplicationLab::startNode(Node &node, const QString &name)
{
    // An RDB schedule that never fires in a test, so masters count as persistent.
    QStringList args{QStringLiteral("--repl-diskless-sync-delay"), QStringLiteral("0"),
                     QStringLiteral("--save"), QStringLiteral("3600 1")};
    if (!node.master.isEmpty())
        args << QStringLiteral("--replicaof") << QStringLiteral("127.0.0.1") << QString::number(port(node.master));
    args << node.extraArgs;
    if (const auto conf = m_configFiles.find(name); conf != m_configFiles.end())
        node.server->setConfigFile(conf->second);
    if (!node.server->start(args)) {
        m_error = name + QStringLiteral(": ") + node.server->errorString();
        return false;
    }
    return true;
}

bool ReplicationLab::restart(const QString &name)
{
    const auto it = m_nodes.find(name);
    if (it == m_nodes.end())
        return false;
    it->second.server->stop();
    return startNode(it->second, name);
}

void ReplicationLab::stop(const QString &name)
{
    if (RedisServer *s = server(name))
        s->stop();
}

bool ReplicationLab::waitLinked(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (const auto &[name, node] : m_nodes) {
        if (node.master.isEmpty() || !node.server->isRunning())
            continue;
        RespClient client(profile(name));
        if (!ClientProbe::connectReady(&client, 5000)) {
            m_error = name + QStringLiteral(": cannot connect");
            return false;
        }
        for (;;) {
            const RespResult r = ClientProbe::call(&client, {QByteArrayLiteral("INFO"), QByteArrayLiteral("replication")});
            if (r.ok() && InfoParser::parse(r.value.bytes()).masterLinkStatus == QLatin1String("up"))
                break;
            if (deadline.hasExpired()) {
                m_error = name + QStringLiteral(": replication link not up in time");
                return false;
            }
            QTest::qWait(50);
        }
    }
    return true;
}

RedisServer *ReplicationLab::server(const QString &name) const
{
    const auto it = m_nodes.find(name);
    return it == m_nodes.end() ? nullptr : it->second.server.get();
}

quint16 ReplicationLab::port(const QString &name) const
{
    const RedisServer *s = server(name);
    return s ? s->port() : 0;
}

ConnectionProfile ReplicationLab::profile(const QString &name) const
{
    ConnectionProfile p;
    p.port = port(name);
    p.password = m_password;
    p.connectTimeoutMs = 2000;
    p.commandTimeoutMs = 2000;
    return p;
}

QStringList ReplicationLab::names() const
{
    QStringList out;
    for (const auto &entry : m_nodes)
        out.append(entry.first);
    return out;
}
