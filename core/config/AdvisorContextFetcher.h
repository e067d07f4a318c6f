#pragma once

#include "ConfigAdvisor.h"
#include "net/ConnectionProfile.h"
#include "net/Transport.h"
#include "topology/Topology.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

class RespClient;
class SshSessionPool;

// Gathers what ConfigAdvisor's cross-node checks need about one node of a live topology:
//  - live: the node's snapshot from the topology;
//  - replicaCount: replicas of the node when it is a master (from the topology edges);
//  - masterRequirePass: for a replica, CONFIG GET requirepass on its master (held only in
//    memory, compared by the advisor, never printed or logged);
//  - writeBytesPerSecond: growth of the group master's master_repl_offset between two
//    INFO replication samples one second apart;
//  - datasetBytes: used_memory_dataset (or used_memory) of the group master.
// Whatever cannot be fetched stays unknown; finished() always comes, once.
class AdvisorContextFetcher : public QObject
{
    Q_OBJECT
public:
    using ProfileLookup = std::function<ConnectionProfile(const QString &address)>;

    AdvisorContextFetcher(SshSessionPool *ssh, QObject *parent = nullptr);
    void setTransportFactory(TransportFactory factory);
    void setSampleIntervalMs(int ms);   // default 1000

    void start(const Topology &topology, const QString &address, ProfileLookup profileFor);

Q_SIGNALS:
    void finished(const ConfigAdvisorContext &context);

private:
    RespClient *clientFor(const QString &address);
    void fetchMasterPassword(const QString &masterAddress);
    void sampleGroupMaster(const QString &masterAddress);
    void taskDone();
    void finish();

    SshSessionPool *m_ssh;
    TransportFactory m_factory;
    int m_sampleIntervalMs = 1000;
    ProfileLookup m_profileFor;
    // Context of the current fetch: deleting it drops its clients, timers and late replies.
    QObject *m_run = nullptr;
    ConfigAdvisorContext m_context;
    int m_tasks = 0;
    bool m_running = false;
    QHash<QString, RespClient *> m_clients;  // one connection per address, owned by m_run
    QElapsedTimer m_sampleClock;
    qint64 m_firstOffset = -1;
    QString m_firstReplId;
};
