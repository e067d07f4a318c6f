#pragma once

#include "AnomalyDetector.h"
#include "Topology.h"

#include "net/ConnectionProfile.h"
#include "net/Transport.h"

#include <QObject>
#include <QStringList>

class SshSessionPool;

// Discovers and watches whole replication groups from seed nodes (plain nodes or sentinels).
// Every known node is polled in parallel (INFO, plus SENTINEL MASTERS/REPLICAS/SENTINELS on
// sentinels); one slow or dead node never delays the others. Nodes found through a seed inherit
// its user, password, TLS and SSH settings. Emits a new Topology (coalesced, at most every
// few tens of ms) and the events that changed since the last one.
class TopologyMonitor : public QObject
{
    Q_OBJECT
public:
    explicit TopologyMonitor(SshSessionPool *ssh = nullptr, QObject *parent = nullptr);
    ~TopologyMonitor() override;

    // A known address takes the new settings (and reconnects) unless it is a seed that
    // already answers.
    void addSeed(const ConnectionProfile &profile);
    // The node's password changed (an operation set requirepass): it is reached with this one
    // from now on (reconnects), and nodes found through it inherit it.
    void setPassword(const QString &address, const QString &password);
    // Stops watching the node (and its aliases): it leaves the topology and discovery does not
    // bring it back, even while other nodes still name it, until addSeed() names it again or
    // restoreRemoved() is called.
    void removeNode(const QString &address);
    QStringList removedNodes() const;
    // An operation is about to change these nodes' roles: for the next `forMs` their role
    // changes are logged as planned (Info, "planned: <why>") rather than as a Warning.
    void expectRoleChanges(const QStringList &nodes, const QString &why, int forMs);
    // Watches every removed node again, reached as it was before.
    void restoreRemoved();
    void clear();

    int interval() const { return m_intervalMs; }
    void setInterval(int ms);
    void setAnomalySettings(const AnomalySettings &settings);
    void setDiscovery(bool enabled);           // off: watch the seeds only
    void setTransportFactory(TransportFactory factory);  // tests: protocol edge cases

    Topology topology() const { return m_topology; }
    // How to reach `address` (a node of the topology): the inherited profile with its host/port.
    ConnectionProfile profileFor(const QString &address) const;
    bool contains(const QString &address) const;

    void reconnect(const QString &address);
    // Polls every node now instead of at the next tick (e.g. right after an operation moved
    // the master role, so the picture shows it at once).
    void pollNow();
    void acceptHostKey(const QString &address, const QString &fingerprint);

    // Discovery has settled: every known node answered or failed at least once and every
    // sentinel answered its first round, so nothing new can turn up without a change.
    bool isSettled() const;

Q_SIGNALS:
    void topologyChanged(const Topology &topology);
    void eventsOccurred(const QList<TopologyEvent> &events);
    // A node needs the user (unknown SSH host key, fingerprint in `detail`).
    void hostKeyUnknown(const QString &address, const QString &host, const QString &fingerprint);
    // isSettled() became true; emitted right after the topologyChanged() that shows it.
    void settled();

private:
    struct Private;
    Private *d;
    int m_intervalMs = 1000;
    Topology m_topology;
};
