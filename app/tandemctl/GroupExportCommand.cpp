#include "GroupExportCommand.h"

#include "TopologySnapshotter.h"

#include "export/ExportAudit.h"
#include "export/GroupExportReader.h"
#include "net/ConnectionOptions.h"

#include <QSet>

void GroupExportCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(description());
    ConnectionOptions::addTo(&m_parser);
    m_parser.addOption({QStringLiteral("seed"), QStringLiteral("A node of the group to export (repeatable)."),
                        QStringLiteral("NODE")});
    m_parser.addOptions(ownOptions());
    if (!parseArguments(m_parser, args))
        return;
    if (!m_parser.positionalArguments().isEmpty()) {
        usageError(QStringLiteral("unexpected argument '%1'").arg(m_parser.positionalArguments().first()));
        return;
    }
    const QStringList texts = m_parser.values(QStringLiteral("seed"));
    if (texts.isEmpty()) {
        usageError(QStringLiteral("%1 needs --seed NODE").arg(args.value(0)));
        return;
    }
    QString error;
    if (!TopologySnapshotter::parseSeeds(texts, m_parser, &m_seeds, &error)) {
        usageError(error);
        return;
    }
    if (!takeOptions(m_parser))
        return;

    m_snapshotter = new TopologySnapshotter(this);
    connect(m_snapshotter, &TopologySnapshotter::ready, this, &GroupExportCommand::onTopology);
    m_snapshotter->start(m_seeds);
}

QString GroupExportCommand::groupSeed(const Topology &topology)
{
    QString first;
    QSet<QString> masters;
    for (const ConnectionProfile &seed : std::as_const(m_seeds)) {
        const TopologyGroup *group = topology.groupOf(seed.address());
        if (!group)
            continue;
        if (first.isEmpty())
            first = seed.address();
        masters.insert(group->master);
    }
    if (masters.size() > 1) {
        err() << "tandemctl: the seeds belong to " << masters.size()
              << " replication groups; export one group at a time\n";
        return {};
    }
    if (first.isEmpty())
        err() << "tandemctl: no seed belongs to a replication group Tandem could see\n";
    return first;
}

void GroupExportCommand::onTopology(const Topology &topology)
{
    if (!m_snapshotter->anySeedReached(topology, err())) {
        finish(ExitConnect);
        return;
    }
    const QString seed = groupSeed(topology);
    if (seed.isEmpty()) {
        finish(ExitProblem);
        return;
    }
    m_snapshotter->stop();  // the reader has the nodes to itself

    const TopologySnapshotter *snapshotter = m_snapshotter;
    startExport(topology, seed, [snapshotter](const QString &address) { return snapshotter->profileFor(address); });
}

void GroupExportCommand::startExport(const Topology &topology, const QString &seed,
                                     const std::function<ConnectionProfile(const QString &)> &profileFor)
{
    m_reader = new GroupExportReader(sshPool(), this);
    connect(m_reader, &GroupExportReader::ready, this, [this](const GroupExportFacts &facts) {
        for (const QString &note : facts.notes)
            warn(note);
        exported(facts);
    });
    connect(m_reader, &GroupExportReader::failed, this, [this](const QString &reason) {
        err() << "tandemctl: " << reason << "\n";
        finish(m_reader->lastError().isConnectFailure() ? ExitConnect : ExitProblem);
    });
    m_reader->start(topology, seed, profileFor);
}

SshSessionPool *GroupExportCommand::sshPool() const
{
    return m_snapshotter ? m_snapshotter->sshPool() : nullptr;
}

void GroupExportCommand::warn(const QString &message)
{
    err() << "tandemctl: warning: " << message << "\n";
    err().flush();
}

void GroupExportCommand::audit(const QString &what, const GroupExportFacts &facts, const QString &destination,
                               bool secrets, const QList<ExportFile> &files)
{
    ExportAudit::Entry entry;
    entry.what = what;
    entry.sources = facts.nodes;
    entry.destination = destination;
    entry.secretsIncluded = secrets;
    entry.files = files;
    if (!ExportAudit::record(entry))
        warn(QStringLiteral("the export could not be written to the audit log"));
}
