#include "TopologyCommand.h"

#include "export/TopologyDot.h"
#include "export/TopologyJson.h"
#include "net/ConnectionOptions.h"
#include "ssh/SshSessionPool.h"
#include "topology/TopologyMonitor.h"
#include "topology/TopologyText.h"

void TopologyCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Discovers the replication groups reachable from the seeds (replicas, their masters, "
        "replicas of replicas, sentinels and what they watch) and prints them with lag, sync "
        "state and anomalies. Exit 0 healthy, 1 anomalies or unreachable nodes, 2 usage, "
        "3 no seed reachable."));
    ConnectionOptions::addTo(&m_parser);
    m_parser.addOptions({
        {QStringLiteral("seed"), QStringLiteral("A node or sentinel to start from (repeatable)."),
         QStringLiteral("NODE")},
        {QStringLiteral("json"), QStringLiteral("Print JSON.")},
        {QStringLiteral("dot"), QStringLiteral("Print a Graphviz DOT graph.")},
        {QStringLiteral("watch"), QStringLiteral("Keep watching and report changes until Ctrl+C.")},
        {QStringLiteral("interval"), QStringLiteral("Poll interval in milliseconds (default 1000)."),
         QStringLiteral("MS"), QStringLiteral("1000")},
    });
    if (!parseArguments(m_parser, args))
        return;

    if (m_parser.isSet(QStringLiteral("json")) && m_parser.isSet(QStringLiteral("dot"))) {
        usageError(QStringLiteral("--json and --dot exclude each other"));
        return;
    }
    m_format = m_parser.isSet(QStringLiteral("json")) ? Format::Json
        : m_parser.isSet(QStringLiteral("dot"))      ? Format::Dot
                                                     : Format::Text;
    m_watch = m_parser.isSet(QStringLiteral("watch"));
    bool ok = false;
    const int interval = m_parser.value(QStringLiteral("interval")).toInt(&ok);
    if (!ok || interval < 50 || interval > 3600000) {
        usageError(QStringLiteral("--interval takes milliseconds between 50 and 3600000"));
        return;
    }
    QString error;
    if (!parseSeeds(&error)) {
        usageError(error);
        return;
    }

    bool needsSsh = false;
    for (const ConnectionProfile &p : std::as_const(m_seeds))
        needsSsh = needsSsh || p.ssh.enabled;
    if (needsSsh)
        m_ssh = new SshSessionPool(this);
    m_monitor = new TopologyMonitor(m_ssh, this);
    m_monitor->setInterval(interval);
    connect(m_monitor, &TopologyMonitor::settled, this, &TopologyCommand::onSettled);
    connect(m_monitor, &TopologyMonitor::eventsOccurred, this, &TopologyCommand::onEvents);
    connect(m_monitor, &TopologyMonitor::hostKeyUnknown, this,
            [](const QString &address, const QString &host, const QString &fingerprint) {
        err() << "tandemctl: " << address << ": the SSH host key of " << host << " is not known\n"
              << "  fingerprint: " << fingerprint << "\n"
              << "  If this is the right server, run again with --ssh-accept-new to store it.\n";
        err().flush();
    });
    // Settling needs every node to answer or fail once: a connect, then a command, at worst.
    const ConnectionProfile &first = m_seeds.first();
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(first.connectTimeoutMs + first.commandTimeoutMs);
    connect(&m_deadline, &QTimer::timeout, this, &TopologyCommand::onSettled);
    m_deadline.start();
    for (const ConnectionProfile &p : std::as_const(m_seeds))
        m_monitor->addSeed(p);
}

bool TopologyCommand::parseSeeds(QString *error)
{
    QStringList texts = m_parser.values(QStringLiteral("seed"));
    texts += m_parser.positionalArguments();  // `topology NODE` is forgiven
    if (texts.isEmpty()) {
        *error = QStringLiteral("topology needs at least one --seed NODE");
        return false;
    }
    for (const QString &text : std::as_const(texts)) {
        ConnectionProfile p;
        if (!ConnectionProfile::parseAddress(text, &p, error)
            || !ConnectionOptions::apply(m_parser, &p, error))
            return false;
        m_seeds.append(p);
    }
    return true;
}

void TopologyCommand::onSettled()
{
    if (m_reported)
        return;
    m_reported = true;
    m_deadline.stop();
    const Topology t = m_monitor->topology();
    if (!anySeedReached(t)) {
        finish(ExitConnect);
        return;
    }
    print(t, false);
    if (!m_watch)
        finish(exitCodeFor(t));
}

void TopologyCommand::onEvents(const QList<TopologyEvent> &events)
{
    if (!m_watch || !m_reported)
        return;
    const Topology t = m_monitor->topology();
    if (m_format != Format::Text) {
        print(t, true);  // one document per change; JSON lines stay one per line
        return;
    }
    bool structural = false;
    for (const TopologyEvent &e : events) {
        out() << TopologyText::eventLine(e) << "\n";
        using K = TopologyEvent::Kind;
        structural = structural || e.kind == K::NodeAdded || e.kind == K::NodeRemoved
            || e.kind == K::RoleChanged;
    }
    if (structural)
        out() << "\n" << TopologyText::render(t) << "\n";
    out().flush();
}

void TopologyCommand::print(const Topology &t, bool compact)
{
    switch (m_format) {
    case Format::Json:
        out() << TopologyJson::toText(t, !compact);
        if (compact)
            out() << "\n";
        break;
    case Format::Dot:
        out() << TopologyDot::toDot(t);
        break;
    case Format::Text:
        out() << TopologyText::render(t);
        break;
    }
    out().flush();
}

bool TopologyCommand::anySeedReached(const Topology &t)
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
        err() << "tandemctl: could not reach " << p.displayName() << ": " << why << "\n";
        if (n && n->reachability == NodeReachability::AuthFailed)
            err() << "  Check the password (-a/--pass, REDISCLI_AUTH) and the ACL user (--user).\n";
    }
    err().flush();
    return false;
}

int TopologyCommand::exitCodeFor(const Topology &t)
{
    if (!t.anomalies.isEmpty())
        return ExitProblem;
    // A node that does not answer is a problem even if no anomaly rule names it.
    for (const TopologyNode &n : t.nodes) {
        if (!n.isUp())
            return ExitProblem;
    }
    return ExitOk;
}
