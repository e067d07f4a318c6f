#pragma once

#include "setup/SetupFacts.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// One connection to the source seen in CLIENT LIST before the cutover: who must be repointed.
struct MigrateClient
{
    QString address;   // addr=
    QString name;      // name=
    QString libName;   // lib-name= (7.2+), else ""
    QString command;   // cmd= (the last command)
};

// What migration needs beyond set-up's probe, per node.
struct MigrateNodeFacts
{
    QList<QPair<int, qint64>> dbKeys;     // db number -> keys (INFO keyspace), only non-empty dbs
    QList<QPair<int, qint64>> dbExpires;  // db number -> keys with a TTL
    int databases = 16;                   // CONFIG GET databases
    qint64 maxmemory = 0;
    QString maxmemoryPolicy;
    QString replicaBufferLimit;           // "replica <hard> <soft> <seconds>" from client-output-buffer-limit
    qint64 replicaHardBytes = 0;
    qint64 replicaSoftBytes = 0;
    int replicaSoftSeconds = 0;
    qint64 backlogBytes = 0;              // repl-backlog-size
    bool disklessSync = false;            // repl-diskless-sync (the source sends without a file)
    bool disklessLoad = false;            // repl-diskless-load != disabled (the target loads without a file)
    bool tlsReplication = false;          // tls-replication yes: it dials its master over TLS
    bool tlsClientReady = false;          // tls-ca-cert-file or -dir set: it can verify a TLS master
    QString dir;                          // CONFIG GET dir (where a disk-based load writes its temp RDB)
    QStringList replicas;                 // direct replicas (INFO replication slaveN ip:port)
    QList<MigrateClient> clients;         // CLIENT LIST type normal (the source only)
    QStringList sentinels;                // addresses of Sentinel connections (client name sentinel-*)
    QStringList missingCommands;          // DUMP, CLIENT (needed by verify and the cutover)
    qint64 readonlyErrors = 0;            // errorstat_READONLY count
    QHash<QString, qint64> errorCounts;   // INFO errorstats: NOAUTH -> count...
    // With SSH: the host's free memory and the free disk of the node's dir (-1 = not read).
    qint64 hostAvailableBytes = -1;
    qint64 diskAvailableBytes = -1;
};

struct MigrateFacts
{
    SetupFacts setup;                     // master = source, replicas = {target}
    MigrateNodeFacts source;
    MigrateNodeFacts target;
};
