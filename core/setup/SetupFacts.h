#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

// What one node said before set-up: enough to decide every precondition without another
// round trip. Read by SetupProbe through the operation's own connections.
struct SetupNodeFacts
{
    QString address;
    bool answered = false;
    QString error;                 // why not (connection, AUTH...)
    QString version;               // redis_version
    QString role;                  // "master" / "replica"
    QString masterAddress;         // for a replica: whom it follows now
    QString runId;
    qint64 keys = 0;               // keys over every db (INFO keyspace)
    qint64 usedMemory = 0;
    qint64 writeBytesPerSecond = 0;  // master_repl_offset growth over the probe (or 0)
    QString configFile;            // INFO config_file ("" = CONFIG REWRITE impossible)
    bool hasSsh = false;           // the connection goes through SSH (file edits possible)
    // The file SetupOptions::configFiles names for this node, read over SSH before anything
    // changes: why it could not be read ("" = read, or not tried).
    QString editFileError;
    // CONFIG GET of: bind, protected-mode, requirepass (present/absent only, never kept in
    // clear beyond the probe), masterauth, masteruser, tcp-keepalive, appendonly, save,
    // repl-backlog-size, client-output-buffer-limit, replica-read-only, min-replicas-*,
    // port, dir. Secret values are replaced by "set"/"" before storing.
    QHash<QByteArray, QByteArray> config;
    // Commands needed by set-up that are renamed or disabled (COMMAND INFO finds no entry):
    // any of CONFIG, REPLICAOF, PSYNC, REPLCONF, ACL.
    QStringList missingCommands;
    QStringList aclUsers;          // ACL USERS (empty when ACL is renamed away)
};

struct SetupFacts
{
    QHash<QString, SetupNodeFacts> nodes;   // by the address in SetupOptions
    // The master's replication chain upward when it is itself a replica (loop check): the
    // addresses read, in order. A replica that appears here would close a loop.
    QStringList masterChain;
    // Per replica: the node of the master's chain that replicates from it (closing a loop, by
    // address or run_id); absent = no loop. "itself" when the master is the replica.
    QHash<QString, QString> loopClosers;
    QString chainError;            // the walk up the master's chain failed (loop unknown)
    // With SSH: whether a TCP connect from each replica's host to the master's address
    // succeeded (absent = not tested).
    QHash<QString, bool> reachesMaster;
    // What the SSH test said (success, the failure, or why it could not be run: then
    // reachesMaster has no entry and the review states it as a risk).
    QHash<QString, QString> reachError;

    const SetupNodeFacts *node(const QString &address) const
    {
        auto it = nodes.constFind(address);
        return it == nodes.cend() ? nullptr : &*it;
    }
};
