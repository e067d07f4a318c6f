#pragma once

#include "GroupExportFacts.h"
#include "net/ConnectionProfile.h"
#include "net/NetError.h"
#include "net/Transport.h"
#include "topology/Topology.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

class RespClient;
class SshSessionPool;

// Reads what the group exports need (GroupExportFacts) for the replication group of one node,
// without blocking: the master's CONFIG GET *, ACL LIST and INFO server, and each reachable
// replica's ACL LIST (to warn when users differ). Only the master is required; what else
// cannot be read becomes a note. Exactly one of ready() / failed() follows each start(), from
// the event loop. Shared by tandemctl, the GUI and the bundle export: no UI here.
class GroupExportReader : public QObject
{
    Q_OBJECT
public:
    using ProfileLookup = std::function<ConnectionProfile(const QString &address)>;

    // `ssh` may be null when no profile goes through SSH.
    explicit GroupExportReader(SshSessionPool *ssh, QObject *parent = nullptr);
    void setTransportFactory(TransportFactory factory) { m_factory = std::move(factory); }

    // `address`: any node (or sentinel) of the group in `topology`; `profileFor` says how to
    // reach a node (credentials included). A start() while running abandons the earlier read
    // (it reports nothing more).
    void start(const Topology &topology, const QString &address, ProfileLookup profileFor);
    bool isRunning() const { return m_run != nullptr; }
    // After failed(): why the master could not be read. isConnectFailure() means it could not
    // be reached or refused the login (tandemctl exit 3); otherwise the group itself is the
    // problem (no master, a replication loop...).
    NetError lastError() const { return m_error; }

Q_SIGNALS:
    void ready(const GroupExportFacts &facts);
    void failed(const QString &reason);

private:
    bool describeGroup(const Topology &topology, const QString &address, QStringList *replicas);
    RespClient *clientFor(const QString &address);
    void readMaster();
    void readReplicaAcl(const QString &address);
    void taskDone();
    void fail(const NetError &error);
    void finishRun();

    SshSessionPool *m_ssh;
    TransportFactory m_factory;
    ProfileLookup m_profileFor;
    QObject *m_run = nullptr;       // owns this read's clients and timers; deleting it drops late replies
    QHash<QString, RespClient *> m_clients;
    GroupExportFacts m_facts;
    NetError m_error;
    int m_tasks = 0;
};
