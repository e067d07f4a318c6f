#pragma once

#include "SetupFacts.h"
#include "SetupOptions.h"

#include <QObject>

class NodeClients;

// Reads SetupFacts for a SetupOptions through the operation's clients (the connections the
// plan then runs on): INFO, CONFIG GET, COMMAND INFO, ACL USERS on every node, the master's
// chain upward, the write rate over a short interval, and (SSH) reachability of the master
// from each replica's host. Changes nothing. finished() fires once.
class SetupProbe : public QObject
{
    Q_OBJECT
public:
    SetupProbe(NodeClients *clients, QObject *parent = nullptr);
    void start(const SetupOptions &options);
    const SetupFacts &facts() const { return m_facts; }

Q_SIGNALS:
    void progress(const QString &text);
    void finished(const SetupFacts &facts);

private:
    NodeClients *m_clients;
    SetupFacts m_facts;
};
