#pragma once

#include "NodeClients.h"

#include <QObject>
#include <QString>
#include <QStringList>

// What a live configuration plan checks before it may run: the node answers, and a new
// master it is to replicate from does not replicate from it (at any depth).
struct LiveNodeFacts
{
    bool answered = false;
    QString error;             // why the node did not answer
    QString version;           // redis_version
    QString role;              // "master", "replica"
    QString runId;

    QString master;            // the chosen master ("host:port"); empty when none is chosen
    QStringList chain;         // the chosen master, then each master above it, as read
    bool chainRead = false;    // the walk reached a master (or the loop) without an error
    QString chainError;
    // The node of the chain that replicates from this node (closing the loop). Empty: no loop.
    QString loopCloser;
    bool masterIsNode = false; // the chosen master is this node itself (under some address)
};

// Reads those facts through the operation's clients (the same connections the plan then
// runs on): INFO of the node, then INFO replication of the chosen master and of each master
// above it, following master_host:master_port. A hop is this node when its address matches
// loosely or its run_id is this node's.
class LiveNodeProbe : public QObject
{
    Q_OBJECT
public:
    LiveNodeProbe(NodeClients *clients, QObject *parent = nullptr);

    // `master` empty: only the node itself is read.
    void start(const QString &node, const QString &master);
    const LiveNodeFacts &facts() const { return m_facts; }

    // Nodes of the chain are reached like `node` (same auth, TLS, SSH), at their own address.
    static NodeClients::ProfileLookup lookupFor(const ConnectionProfile &node);

Q_SIGNALS:
    void finished(const LiveNodeFacts &facts);

private:
    void hop(const QString &address, const QString &previous);
    void done();

    NodeClients *m_clients;
    QString m_node;
    LiveNodeFacts m_facts;
    bool m_done = false;
};
