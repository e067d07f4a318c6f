#include "TopologySnapshotter.h"

#include "net/ConnectionOptions.h"
#include "ops/AuditLog.h"
#include "ssh/SshSessionPool.h"
#include "topology/TopologyMonitor.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QTextStream>

TopologySnapshotter::TopologySnapshotter(QObject *parent)
    : QObject(parent)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &TopologySnapshotter::onSettled);
}

TopologySnapshotter::~TopologySnapshotter() = default;

void TopologySnapshotter::start(const QList<ConnectionProfile> &seeds)
{
    m_seeds = seeds;
    bool needsSsh = false;
    for (const ConnectionProfile &p : std::as_const(m_seeds))
        needsSsh = needsSsh || p.ssh.enabled;
    if (needsSsh)
        m_ssh = new SshSessionPool(this);
    m_monitor = new TopologyMonitor(m_ssh, this);
    m_monitor->setInterval(m_intervalMs);
    connect(m_monitor, &TopologyMonitor::settled, this, &TopologySnapshotter::onSettled);
    connect(m_monitor, &TopologyMonitor::topologyChanged, this, &TopologySnapshotter::remember);
    connect(m_monitor, &TopologyMonitor::hostKeyUnknown, this,
            [](const QString &address, const QString &host, const QString &fingerprint) {
        QTextStream err(stderr);
        err << "tandemctl: " << address << ": the SSH host key of " << host << " is not known\n"
            << "  fingerprint: " << fingerprint << "\n"
            << "  If this is the right server, run again with --ssh-accept-new to store it.\n";
    });
    // Settling needs every node to answer or fail once: a connect, then a command, at worst.
    const ConnectionProfile &first = m_seeds.first();
    m_deadline.setInterval(first.connectTimeoutMs + first.commandTimeoutMs);
    m_deadline.start();
    for (const ConnectionProfile &p : std::as_const(m_seeds))
        m_monitor->addSeed(p);
}

void TopologySnapshotter::remember(const Topology &topology)
{
    for (const TopologyNode &n : topology.nodes) {
        m_profiles.insert(n.address, m_monitor->profileFor(n.address));
        for (const QString &alias : n.aliases)
            m_profiles.insert(alias, m_monitor->profileFor(n.address));
    }
}

ConnectionProfile TopologySnapshotter::profileFor(const QString &address) const
{
    if (m_monitor)
        return m_monitor->profileFor(address);
    if (m_profiles.contains(address))
        return m_profiles.value(address);
    // A node discovery never saw: the first seed's settings at that address.
    ConnectionProfile p = m_seeds.value(0);
    ConnectionProfile parsed;
    QString error;
    if (ConnectionProfile::parseAddress(address, &parsed, &error)) {
        p.host = parsed.host;
        p.port = parsed.port;
    }
    return p;
}

void TopologySnapshotter::stop()
{
    m_deadline.stop();
    if (!m_monitor)
        return;
    remember(m_monitor->topology());
    m_monitor->deleteLater();
    m_monitor = nullptr;
}

void TopologySnapshotter::onSettled()
{
    if (m_reported || !m_monitor)
        return;
    m_reported = true;
    m_deadline.stop();
    const Topology t = m_monitor->topology();
    remember(t);
    Q_EMIT ready(t);
}

bool TopologySnapshotter::anySeedReached(const Topology &t, QTextStream &err) const
{
    for (const ConnectionProfile &p : std::as_const(m_seeds)) {
        const TopologyNode *n = t.node(p.address());
        if (n && n->isUp())
            return true;
    }
    for (const ConnectionProfile &p : std::as_const(m_seeds)) {
        const TopologyNode *n = t.node(p.address());
        const QString why = !n || n->reachability == NodeReachability::Connecting
            ? QStringLiteral("no answer in time")
            : (n->error.isEmpty() ? Topology::reachabilityName(n->reachability) : n->error);
        err << "tandemctl: could not reach " << p.displayName() << ": " << why << "\n";
        if (n && n->reachability == NodeReachability::AuthFailed)
            err << "  Check the password (-a/--pass, REDISCLI_AUTH) and the ACL user (--user).\n";
    }
    err.flush();
    return false;
}

bool TopologySnapshotter::parseSeeds(const QStringList &texts, const QCommandLineParser &parser,
                                     QList<ConnectionProfile> *seeds, QString *error)
{
    for (const QString &text : texts) {
        ConnectionProfile p;
        if (!ConnectionProfile::parseAddress(text, &p, error) || !ConnectionOptions::apply(parser, &p, error))
            return false;
        seeds->append(p);
    }
    return true;
}

int TopologySnapshotter::warnInterrupted(QTextStream &err)
{
    const QList<QJsonObject> open = AuditLog().unfinished();
    for (const QJsonObject &e : open) {
        const QJsonObject plan = e.value(QStringLiteral("plan")).toObject();
        const QString group = plan.value(QStringLiteral("group")).toString();
        err << "tandemctl: warning: an operation was interrupted at " << e.value(QStringLiteral("ts")).toString()
            << " (" << plan.value(QStringLiteral("title")).toString() << "): run `tandemctl recover --seed "
            << (group.isEmpty() ? QStringLiteral("NODE") : group) << "`\n";
    }
    err.flush();
    return int(open.size());
}
