#pragma once

#include "net/ConnectionProfile.h"
#include "topology/Topology.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

class QCommandLineParser;
class QTextStream;
class SshSessionPool;
class TopologyMonitor;

// What every tandemctl command that talks to nodes does first: discover the groups reachable
// from the seeds with a TopologyMonitor and wait until discovery settles (or a deadline of
// one connect plus one command passes), then hand over one Topology. Also: parsing seeds with
// the connection options, explaining unreachable seeds, and the warning about an operation
// the audit log shows interrupted.
class TopologySnapshotter : public QObject
{
    Q_OBJECT
public:
    explicit TopologySnapshotter(QObject *parent = nullptr);
    ~TopologySnapshotter() override;

    void setInterval(int ms) { m_intervalMs = ms; }
    // Starts discovery; ready() fires once. Unknown SSH host keys are explained on stderr.
    void start(const QList<ConnectionProfile> &seeds);

    TopologyMonitor *monitor() const { return m_monitor; }
    // The SSH sessions discovery opened (null when no seed uses SSH); they outlive stop().
    SshSessionPool *sshPool() const { return m_ssh; }
    const QList<ConnectionProfile> &seeds() const { return m_seeds; }
    // How to reach a node of the last topology (remembered, so it works after stop()).
    ConnectionProfile profileFor(const QString &address) const;
    // Stops polling (an operation then has the nodes to itself); profiles stay known.
    void stop();

    // Seeds that answered; when none did, says why for each on `err` and returns false.
    bool anySeedReached(const Topology &topology, QTextStream &err) const;

    // Each text (NODE or URL) as a profile with the parsed connection options applied.
    static bool parseSeeds(const QStringList &texts, const QCommandLineParser &parser,
                           QList<ConnectionProfile> *seeds, QString *error);
    // One line on `err` per operation the audit log shows started but not finished.
    // Returns how many there were.
    static int warnInterrupted(QTextStream &err);

Q_SIGNALS:
    void ready(const Topology &topology);

private:
    void onSettled();
    void remember(const Topology &topology);

    QList<ConnectionProfile> m_seeds;
    SshSessionPool *m_ssh = nullptr;
    TopologyMonitor *m_monitor = nullptr;
    QHash<QString, ConnectionProfile> m_profiles;
    QTimer m_deadline;
    int m_intervalMs = 1000;
    bool m_reported = false;
};
