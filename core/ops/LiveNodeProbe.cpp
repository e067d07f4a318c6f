#include "LiveNodeProbe.h"

#include "ReplicationSteps.h"

#include "info/InfoParser.h"
#include "topology/TopologyBuilder.h"

#include <QTimer>

namespace {

// Far more than any real chain; a longer one is read no further.
constexpr int kMaxHops = 16;

} // namespace

LiveNodeProbe::LiveNodeProbe(NodeClients *clients, QObject *parent)
    : QObject(parent)
    , m_clients(clients)
{
}

NodeClients::ProfileLookup LiveNodeProbe::lookupFor(const ConnectionProfile &node)
{
    return [node](const QString &address) {
        if (address == node.address())
            return node;
        ConnectionProfile p = node;
        const auto [host, port] = NodeClients::splitAddress(address);
        p.host = host;
        p.port = port;
        p.name.clear();
        return p;
    };
}

void LiveNodeProbe::start(const QString &node, const QString &master)
{
    m_node = node;
    m_facts = LiveNodeFacts();
    m_facts.master = master;
    m_clients->send(node, {"INFO"}, this, [this, master](const RespResult &r) {
        if (!r.ok()) {
            m_facts.error = r.errorText();
            done();
            return;
        }
        const NodeSnapshot snap = InfoParser::parse(r.value.bytes());
        m_facts.answered = true;
        m_facts.version = snap.version;
        m_facts.role = NodeSnapshot::roleName(snap.role);
        m_facts.runId = snap.runId;
        if (master.isEmpty()) {
            done();
            return;
        }
        hop(master, QString());
    });
}

void LiveNodeProbe::hop(const QString &address, const QString &previous)
{
    if (TopologyBuilder::looselyEqual(address, m_node)) {
        m_facts.masterIsNode = previous.isEmpty();
        m_facts.loopCloser = previous.isEmpty() ? address : previous;
        m_facts.chainRead = true;
        done();
        return;
    }
    if (m_facts.chain.size() >= kMaxHops || m_facts.chain.contains(address)) {
        // A loop among other nodes, or an absurd depth: this node is not in what was read.
        m_facts.chainRead = true;
        done();
        return;
    }
    m_facts.chain.append(address);
    m_clients->send(address, {"INFO", "server"}, this, [this, address, previous](const RespResult &server) {
        if (!server.ok()) {
            m_facts.chainError = QStringLiteral("%1: %2").arg(
                address, server.errorText());
            done();
            return;
        }
        if (!m_facts.runId.isEmpty() && InfoParser::parse(server.value.bytes()).runId == m_facts.runId) {
            // This node under another address.
            m_facts.masterIsNode = previous.isEmpty();
            m_facts.loopCloser = previous.isEmpty() ? address : previous;
            m_facts.chainRead = true;
            done();
            return;
        }
        m_clients->send(address, {"INFO", "replication"}, this, [this, address](const RespResult &r) {
            if (!r.ok()) {
                m_facts.chainError = QStringLiteral("%1: %2").arg(address, r.errorText());
                done();
                return;
            }
            const NodeSnapshot snap = InfoParser::parse(r.value.bytes());
            const QString up = ReplicationSteps::masterOf(snap);
            if (snap.role != NodeSnapshot::Role::Replica || up.isEmpty()) {
                m_facts.chainRead = true;
                done();
                return;
            }
            hop(up, address);
        });
    });
}

void LiveNodeProbe::done()
{
    if (m_done)
        return;
    m_done = true;
    // Always from the event loop, so callers connect after start() safely.
    QTimer::singleShot(0, this, [this] { Q_EMIT finished(m_facts); });
}
