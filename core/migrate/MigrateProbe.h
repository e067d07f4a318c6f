#pragma once

#include "MigrateFacts.h"
#include "MigrateOptions.h"

#include <QObject>

class NodeClients;

// Reads MigrateFacts through the operation's clients: set-up's probe (source as master,
// target as replica), then INFO keyspace/replication/errorstats, CONFIG GET of databases,
// maxmemory, repl-diskless-*, COMMAND INFO of DUMP and CLIENT, and CLIENT LIST on the source;
// with SSH, free memory and disk on the target's host. Changes nothing. finished() fires once.
class MigrateProbe : public QObject
{
    Q_OBJECT
public:
    MigrateProbe(NodeClients *clients, QObject *parent = nullptr);
    void start(const MigrateOptions &options);
    const MigrateFacts &facts() const { return m_facts; }

Q_SIGNALS:
    void progress(const QString &text);
    void finished(const MigrateFacts &facts);

private:
    void readExtras(const MigrateOptions &options);
    void readHost(const MigrateOptions &options);

    NodeClients *m_clients;
    MigrateFacts m_facts;
};
