#include "AdvisorContextFetcher.h"

#include "info/InfoParser.h"
#include "net/RespClient.h"

#include <QMetaObject>
#include <QTimer>

#include <algorithm>

namespace {

// Each fetch is a small extra: it must never hold the editor up for long.
constexpr int kMaxConnectMs = 3000;
constexpr int kMaxCommandMs = 3000;
constexpr int kGuardSlackMs = 8000;

qint64 datasetOf(const NodeSnapshot &s)
{
    bool ok = false;
    const qint64 dataset = s.raw(QStringLiteral("memory"), QStringLiteral("used_memory_dataset")).toLongLong(&ok);
    return ok && dataset > 0 ? dataset : s.usedMemory;
}

} // namespace

AdvisorContextFetcher::AdvisorContextFetcher(SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_ssh(ssh)
{
}

void AdvisorContextFetcher::setTransportFactory(TransportFactory factory)
{
    m_factory = std::move(factory);
}

void AdvisorContextFetcher::setSampleIntervalMs(int ms)
{
    m_sampleIntervalMs = std::max(50, ms);
}

void AdvisorContextFetcher::start(const Topology &topology, const QString &address, ProfileLookup profileFor)
{
    if (m_running)
        finish();  // the earlier request still gets its one answer, with what it had
    m_running = true;
    m_context = ConfigAdvisorContext();
    m_profileFor = std::move(profileFor);
    m_run = new QObject(this);
    m_clients.clear();
    m_tasks = 0;
    m_firstOffset = -1;

    const TopologyNode *node = topology.node(address);
    if (node) {
        if (node->hasSnapshot)
            m_context.live = node->snapshot;
        NodeSnapshot::Role role = node->hasSnapshot ? node->snapshot.role : node->role;
        if (role == NodeSnapshot::Role::Unknown)
            role = node->role;
        if (role == NodeSnapshot::Role::Master)
            m_context.replicaCount = int(topology.edgesFrom(node->address).size());

        if (role == NodeSnapshot::Role::Replica && m_profileFor) {
            const TopologyEdge *edge = topology.edgeTo(node->address);
            const QString master = edge ? edge->master : node->masterAddress;
            if (!master.isEmpty())
                fetchMasterPassword(master);
        }
        const TopologyGroup *group = topology.groupOf(node->address);
        QString groupMaster = group ? group->master : QString();
        if (groupMaster.isEmpty() && role == NodeSnapshot::Role::Master)
            groupMaster = node->address;
        const TopologyNode *gm = groupMaster.isEmpty() ? nullptr : topology.node(groupMaster);
        if (gm && !gm->placeholder && m_profileFor)
            sampleGroupMaster(gm->address);
    }

    if (m_tasks == 0) {
        QMetaObject::invokeMethod(m_run, [this] { finish(); }, Qt::QueuedConnection);
        return;
    }
    // Whatever has not answered by then stays unknown.
    QTimer::singleShot(m_sampleIntervalMs + kGuardSlackMs, m_run, [this] { finish(); });
}

RespClient *AdvisorContextFetcher::clientFor(const QString &address)
{
    if (RespClient *c = m_clients.value(address))
        return c;
    ConnectionProfile profile = m_profileFor(address);
    profile.connectTimeoutMs = std::min(profile.connectTimeoutMs, kMaxConnectMs);
    profile.commandTimeoutMs = std::min(profile.commandTimeoutMs, kMaxCommandMs);
    auto *client = new RespClient(profile, m_ssh, m_run);
    if (m_factory)
        client->setTransportFactory(m_factory);
    m_clients.insert(address, client);
    client->connectToServer();  // commands sent meanwhile wait for the handshake
    return client;
}

void AdvisorContextFetcher::fetchMasterPassword(const QString &masterAddress)
{
    ++m_tasks;
    QObject *run = m_run;
    clientFor(masterAddress)->send({QByteArrayLiteral("CONFIG"), QByteArrayLiteral("GET"), QByteArrayLiteral("requirepass")},
                                   m_run, [this, run](const RespResult &r) {
                                       if (run != m_run)
                                           return;  // a finished fetch, on its way out
                                       // Held in memory for the advisor's comparison only.
                                       if (r.ok() && r.value.isArray() && r.value.elements().size() >= 2)
                                           m_context.masterRequirePass = QString::fromUtf8(r.value.elements().at(1).bytes());
                                       taskDone();
                                   });
}

void AdvisorContextFetcher::sampleGroupMaster(const QString &masterAddress)
{
    ++m_tasks;
    RespClient *client = clientFor(masterAddress);
    QObject *run = m_run;
    client->send({QByteArrayLiteral("INFO")}, m_run, [this, client, run](const RespResult &first) {
        if (run != m_run)
            return;  // a finished fetch, on its way out
        if (!first.ok()) {
            taskDone();
            return;
        }
        m_sampleClock.start();
        const NodeSnapshot a = InfoParser::parse(first.value.bytes());
        m_context.datasetBytes = datasetOf(a);
        m_firstOffset = a.masterReplOffset;
        m_firstReplId = a.masterReplId;
        QTimer::singleShot(m_sampleIntervalMs, client, [this, client, run] {
            if (run != m_run)
                return;
            client->send({QByteArrayLiteral("INFO")}, m_run, [this, run](const RespResult &second) {
                if (run != m_run)
                    return;
                if (second.ok()) {
                    const NodeSnapshot b = InfoParser::parse(second.value.bytes());
                    const qint64 elapsed = std::max<qint64>(1, m_sampleClock.elapsed());
                    const qint64 grown = b.masterReplOffset - m_firstOffset;
                    // A restart or failover starts another history: no rate then.
                    if (m_firstOffset >= 0 && grown >= 0 && b.masterReplId == m_firstReplId)
                        m_context.writeBytesPerSecond = double(grown) * 1000.0 / double(elapsed);
                    if (const qint64 d = datasetOf(b); d > 0)
                        m_context.datasetBytes = d;
                }
                taskDone();
            });
        });
    });
}

void AdvisorContextFetcher::taskDone()
{
    if (--m_tasks <= 0)
        finish();
}

void AdvisorContextFetcher::finish()
{
    if (!m_running)
        return;
    m_running = false;
    for (RespClient *c : std::as_const(m_clients))
        c->disconnectFromServer();
    m_clients.clear();
    if (m_run) {
        m_run->deleteLater();  // drops late replies and timers of this fetch
        m_run = nullptr;
    }
    const ConfigAdvisorContext context = m_context;
    m_context = ConfigAdvisorContext();
    Q_EMIT finished(context);
}
