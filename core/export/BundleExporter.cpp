#include "BundleExporter.h"

#include "ssh/SshSessionPool.h"

#include "AclExport.h"
#include "RedisConfExporter.h"
#include "SentinelConfExport.h"
#include "TopologyJson.h"
#include "topology/DiscoveryRules.h"
#include "topology/TopologyText.h"

BundleExporter::BundleExporter(SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_ssh(ssh)
{
}

void BundleExporter::start(const Topology &topology, const QString &address, GroupExportReader::ProfileLookup profileFor,
                           const Options &options)
{
    m_topology = topology;
    m_options = options;
    m_options.sentinel.includeSecrets = options.includeSecrets;
    m_profileFor = std::move(profileFor);
    m_reader = new GroupExportReader(m_ssh, this);
    connect(m_reader, &GroupExportReader::ready, this, &BundleExporter::onFacts);
    connect(m_reader, &GroupExportReader::failed, this, [this](const QString &reason) {
        m_done = true;
        Q_EMIT failed(reason, m_reader->lastError().isConnectFailure());
    });
    m_reader->start(topology, address, m_profileFor);
}

void BundleExporter::onFacts(const GroupExportFacts &facts)
{
    m_facts = facts;
    m_input = BundleInput();
    m_input.groupName = m_options.sentinel.name;
    m_input.sourceAddress = facts.masterAddress;
    m_input.includeSecrets = m_options.includeSecrets;
    m_input.tls = facts.tls;
    m_input.authUser = facts.authUser() == QLatin1String("default") ? QString() : facts.authUser();
    m_input.needsPassword = !facts.authPassword().isEmpty();
    m_input.warnings = facts.notes;
    QList<QByteArray> acl;
    for (const QString &l : facts.aclLines)
        acl << l.toUtf8();
    m_input.aclUsers = !RedisConfExport::userDirectives(acl).isEmpty();
    for (const QString &address : facts.nodes) {
        const TopologyNode *n = m_topology.node(address);
        BundleNode node;
        if (!DiscoveryRules::splitAddress(address, &node.host, &node.port))
            continue;
        node.master = address == facts.masterAddress;
        if (!node.master && !(n && DiscoveryRules::splitAddress(n->masterAddress, &node.masterHost, &node.masterPort))) {
            node.masterHost = facts.masterHost;
            node.masterPort = facts.masterPort;
        }
        m_input.nodes << node;
        m_sources << address;
    }
    readNode(0);
}

void BundleExporter::readNode(int index)
{
    if (m_done)
        return;
    if (index >= m_input.nodes.size()) {
        assemble();
        return;
    }
    const QString address = m_sources.at(index);
    auto *exporter = new RedisConfExporter(m_profileFor(address), m_ssh, this);
    RedisConfExportOptions options;
    options.minimal = true;
    options.includeSecrets = m_options.includeSecrets;
    options.omit = BundleExport::fragmentOmits(m_input.aclUsers);
    connect(exporter, &RedisConfExporter::finished, this, [this, index, exporter](const RedisConfExportResult &r) {
        m_input.nodes[index].fragment = r.bytes;
        m_input.nodes[index].secretsHidden = r.secretsHidden;
        for (const QString &w : r.warnings) {
            if (!w.contains(QLatin1String("<hidden>")) && !w.contains(QLatin1String("in clear")))
                m_input.warnings << QStringLiteral("%1: %2").arg(m_sources.at(index), w);
        }
        exporter->deleteLater();
        readNode(index + 1);
    });
    connect(exporter, &RedisConfExporter::failed, this, [this, index, exporter](const NetError &error) {
        exporter->deleteLater();
        m_done = true;
        Q_EMIT failed(QStringLiteral("%1: %2").arg(m_sources.at(index), error.message), error.isConnectFailure());
    });
    exporter->start(options);
}

void BundleExporter::assemble()
{
    QStringList warnings;
    const QList<ExportFile> sentinelFiles = SentinelConfExport::files(m_facts, m_options.sentinel, &warnings);
    QStringList repeated;  // the same warnings files() gave
    const QStringList addresses = SentinelConfExport::sentinelAddresses(m_facts, m_options.sentinel, &repeated);
    for (qsizetype i = 0; i < sentinelFiles.size() && i < addresses.size(); ++i) {
        BundleSentinel s;
        DiscoveryRules::splitAddress(addresses.at(i), &s.host, &s.port);
        s.conf = sentinelFiles.at(i).bytes;
        m_input.sentinels << s;
    }
    m_input.usersAcl = AclExport::file(m_facts, &warnings).bytes;
    m_input.warnings << warnings;
    m_input.topologyJson = TopologyJson::toText(m_topology);
    m_input.topologyText = TopologyText::render(m_topology).toUtf8();
    m_files = BundleExport::files(m_input);
    m_folder = BundleExport::folderName(m_input);
    m_done = true;
    Q_EMIT finished();
}
