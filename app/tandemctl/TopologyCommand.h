#pragma once

#include "CliCommand.h"

#include "net/ConnectionProfile.h"
#include "topology/Topology.h"

#include <QCommandLineParser>

class TopologySnapshotter;

// tandemctl topology --seed NODE [--seed NODE...] [--json|--dot] [--watch] [--interval MS]:
// discovers every replication group reachable from the seeds, waits until discovery settles
// and prints the groups as a tree (or JSON / DOT) with anomalies. --watch keeps going and
// reports changes until interrupted.
class TopologyCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void start(const QStringList &args) override;

private:
    enum class Format { Text, Json, Dot };

    bool parseSeeds(QString *error);
    void onSettled(const Topology &topology);
    void onEvents(const QList<TopologyEvent> &events);
    void print(const Topology &topology, bool compact);
    static int exitCodeFor(const Topology &topology);

    QCommandLineParser m_parser;
    QList<ConnectionProfile> m_seeds;
    Format m_format = Format::Text;
    bool m_watch = false;
    bool m_reported = false;
    TopologySnapshotter *m_snapshotter = nullptr;
};
