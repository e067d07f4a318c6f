#include "GroupExportReader.h"

#include "info/InfoParser.h"
#include "net/RespClient.h"
#include "topology/DiscoveryRules.h"

#include <QMetaObject>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace {

// Replicas only add a warning: they must not hold the export up for long.
constexpr int kReplicaTimeoutMs = 3000;
constexpr int kGuardSlackMs = 5000;

QString serverWords(const RespResult &r)
{
    return r.errorText().trimmed();
}

bool refusedByServer(const RespResult &r)
{
    return r.error.kind == NetError::Kind::ServerError;
}

QStringList aclLinesOf(const RespValue &reply)
{
    QStringList lines;
    for (const RespValue &line : reply.elements())
        lines.append(QString::fromUtf8(line.bytes()));
    return lines;
}

} // namespace

GroupExportReader::GroupExportReader(SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_ssh(ssh)
{
    qRegisterMetaType<GroupExportFacts>();
}

void GroupExportReader::start(const Topology &topology, const QString &address, ProfileLookup profileFor)
{
    finishRun();
    m_run = new QObject(this);
    m_profileFor = std::move(profileFor);
    m_facts = GroupExportFacts();
    m_error = NetError();
    m_tasks = 0;

    QStringList replicas;
    if (!describeGroup(topology, address, &replicas)) {
        QObject *run = m_run;
        QMetaObject::invokeMethod(run, [this, run] {
            if (run == m_run)
                fail(m_error);
        }, Qt::QueuedConnection);
        return;
    }
    readMaster();
    for (const QString &replica : std::as_const(replicas))
        readReplicaAcl(replica);
    // Whatever has not answered by then (the master too) counts as not answering.
    const int guard = m_facts.masterProfile.connectTimeoutMs + 2 * m_facts.masterProfile.commandTimeoutMs
        + kGuardSlackMs;
    QObject *run = m_run;
    QTimer::singleShot(guard, m_run, [this, run] {
        if (run != m_run)
            return;
        if (!m_facts.configRead && !m_facts.aclRead && m_facts.redisVersion.isEmpty()) {
            fail(NetError::make(NetError::Kind::Timeout,
                                QStringLiteral("%1 did not answer in time").arg(m_facts.masterAddress)));
            return;
        }
        m_tasks = 1;
        taskDone();
    });
}

bool GroupExportReader::describeGroup(const Topology &topology, const QString &address, QStringList *replicas)
{
    const TopologyGroup *group = topology.groupOf(address);
    if (!group) {
        m_error = NetError::make(NetError::Kind::Other,
                                 QStringLiteral("%1 belongs to no replication group Tandem knows").arg(address));
        return false;
    }
    if (group->master.isEmpty()) {
        m_error = NetError::make(NetError::Kind::Other,
                                 QStringLiteral("the group of %1 has no master (its replicas follow each other in a loop)").arg(address));
        return false;
    }
    const TopologyNode *master = topology.node(group->master);
    if (!master || master->placeholder || !master->isUp()) {
        const QString why = master && !master->error.isEmpty() ? QStringLiteral(": ") + master->error : QString();
        m_error = NetError::make(NetError::Kind::ConnectionRefused,
                                 QStringLiteral("the group's master %1 is not reachable%2").arg(group->master, why));
        return false;
    }
    m_facts.masterAddress = master->address;
    m_facts.nodes = group->nodes;
    m_facts.nodes.removeAll(master->address);
    m_facts.nodes.prepend(master->address);
    m_facts.masterProfile = m_profileFor(master->address);
    if (!DiscoveryRules::splitAddress(master->address, &m_facts.masterHost, &m_facts.masterPort)) {
        m_facts.masterHost = m_facts.masterProfile.host;
        m_facts.masterPort = m_facts.masterProfile.port;
    }
    m_facts.tls = m_facts.masterProfile.tls.enabled;
    m_facts.sentinels = group->sentinels;
    m_facts.sentinelName = group->sentinelName;
    if (master->hasSnapshot)
        m_facts.redisVersion = master->snapshot.version;
    for (const QString &node : std::as_const(m_facts.nodes)) {
        QString host;
        quint16 port = 0;
        if (DiscoveryRules::splitAddress(node, &host, &port) && GroupExportFacts::isHostName(host))
            m_facts.namedByHostname = true;
        const TopologyNode *n = topology.node(node);
        if (node == master->address || !n || n->placeholder)
            continue;
        if (n->isUp())
            replicas->append(node);
        else
            m_facts.notes.append(QStringLiteral("%1 is not reachable: its users were not compared with the master's").arg(node));
    }
    return true;
}

RespClient *GroupExportReader::clientFor(const QString &address)
{
    if (RespClient *c = m_clients.value(address))
        return c;
    ConnectionProfile profile = address == m_facts.masterAddress ? m_facts.masterProfile : m_profileFor(address);
    if (address != m_facts.masterAddress) {
        profile.connectTimeoutMs = std::min(profile.connectTimeoutMs, kReplicaTimeoutMs);
        profile.commandTimeoutMs = std::min(profile.commandTimeoutMs, kReplicaTimeoutMs);
    }
    auto *client = new RespClient(profile, m_ssh, m_run);
    if (m_factory)
        client->setTransportFactory(m_factory);
    m_clients.insert(address, client);
    client->connectToServer();  // commands sent meanwhile wait for the handshake
    return client;
}

void GroupExportReader::readMaster()
{
    RespClient *client = clientFor(m_facts.masterAddress);
    QObject *run = m_run;
    const QString master = m_facts.masterAddress;
    m_tasks += 3;
    client->send({QByteArrayLiteral("CONFIG"), QByteArrayLiteral("GET"), QByteArrayLiteral("*")}, m_run,
                 [this, run, master](const RespResult &r) {
        if (run != m_run)
            return;
        if (r.ok() && r.value.isArray() && r.value.elements().size() % 2 == 0) {
            const QList<RespValue> &e = r.value.elements();
            for (qsizetype i = 0; i + 1 < e.size(); i += 2)
                m_facts.config.append({e.at(i).bytes(), e.at(i + 1).bytes()});
            m_facts.configRead = true;
        } else if (refusedByServer(r)) {
            m_facts.notes.append(QStringLiteral("%1 refused CONFIG GET *: %2").arg(master, serverWords(r)));
        } else {
            fail(r.error.isError() ? r.error : NetError::make(NetError::Kind::Protocol,
                 QStringLiteral("%1 answered CONFIG GET * with something else than name/value pairs").arg(master)));
            return;
        }
        taskDone();
    });
    client->send({QByteArrayLiteral("ACL"), QByteArrayLiteral("LIST")}, m_run, [this, run, master](const RespResult &r) {
        if (run != m_run)
            return;
        if (r.ok() && r.value.isArray()) {
            m_facts.aclLines = aclLinesOf(r.value);
            m_facts.aclRead = true;
        } else if (refusedByServer(r)) {
            m_facts.notes.append(QStringLiteral("%1 does not allow ACL LIST: %2").arg(master, serverWords(r)));
        } else if (r.error.isError()) {
            fail(r.error);
            return;
        }
        taskDone();
    });
    client->send({QByteArrayLiteral("INFO"), QByteArrayLiteral("server")}, m_run, [this, run](const RespResult &r) {
        if (run != m_run)
            return;
        if (r.ok()) {
            const QString version = InfoParser::parse(r.value.bytes()).version;
            if (!version.isEmpty())
                m_facts.redisVersion = version;
        } else if (!refusedByServer(r)) {
            fail(r.error);
            return;
        }
        taskDone();
    });
}

void GroupExportReader::readReplicaAcl(const QString &address)
{
    ++m_tasks;
    QObject *run = m_run;
    clientFor(address)->send({QByteArrayLiteral("ACL"), QByteArrayLiteral("LIST")}, m_run,
                             [this, run, address](const RespResult &r) {
        if (run != m_run)
            return;
        if (r.ok() && r.value.isArray())
            m_facts.replicaAclLines.insert(address, aclLinesOf(r.value));
        else
            m_facts.notes.append(QStringLiteral("%1: ACL LIST could not be read (%2): its users were not compared "
                                                "with the master's").arg(address, serverWords(r)));
        taskDone();
    });
}

void GroupExportReader::taskDone()
{
    if (--m_tasks > 0)
        return;
    const GroupExportFacts facts = m_facts;
    finishRun();
    Q_EMIT ready(facts);
}

void GroupExportReader::fail(const NetError &error)
{
    m_error = error;
    finishRun();
    QString reason = error.message;
    if (!m_facts.masterAddress.isEmpty() && !reason.contains(m_facts.masterAddress))
        reason = m_facts.masterAddress + QStringLiteral(": ") + reason;
    Q_EMIT failed(reason);
}

void GroupExportReader::finishRun()
{
    // Cleared first: handlers that disconnecting fails see a finished read and return.
    QObject *run = m_run;
    m_run = nullptr;
    const QHash<QString, RespClient *> clients = std::exchange(m_clients, {});
    for (RespClient *c : clients)
        c->disconnectFromServer();
    if (run)
        run->deleteLater();  // drops late replies and timers of this read
    m_facts.config.clear();  // real values stay no longer than needed
}
