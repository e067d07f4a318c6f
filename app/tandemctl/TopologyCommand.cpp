#include "TopologyCommand.h"

#include "export/TopologyDot.h"
#include "export/TopologyJson.h"
#include "TopologySnapshotter.h"

#include "net/ConnectionOptions.h"
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

    TopologySnapshotter::warnInterrupted(err());
    m_snapshotter = new TopologySnapshotter(this);
    m_snapshotter->setInterval(interval);
    connect(m_snapshotter, &TopologySnapshotter::ready, this, &TopologyCommand::onSettled);
    m_snapshotter->start(m_seeds);
    connect(m_snapshotter->monitor(), &TopologyMonitor::eventsOccurred, this, &TopologyCommand::onEvents);
}

bool TopologyCommand::parseSeeds(QString *error)
{
    QStringList texts = m_parser.values(QStringLiteral("seed"));
    texts += m_parser.positionalArguments();  // `topology NODE` is forgiven
    if (texts.isEmpty()) {
        *error = QStringLiteral("topology needs at least one --seed NODE");
        return false;
    }
    return TopologySnapshotter::parseSeeds(texts, m_parser, &m_seeds, error);
}

void TopologyCommand::onSettled(const Topology &t)
{
    m_reported = true;
    if (!m_snapshotter->anySeedReached(t, err())) {
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
    const Topology t = m_snapshotter->monitor()->topology();
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
