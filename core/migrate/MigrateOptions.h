#pragma once

#include <QString>

// What "Migrate to a New Server" was asked to do (GUI wizard or tandemctl migrate flags).
// Pure data; the credentials live here only in memory and reach the steps through closures,
// never through commands, facts or JSON.
struct MigrateOptions
{
    enum class Verify {
        Sample,   // `sampleSize` keys spread over the dbs by their share of the keys
        Full,     // every key (SCAN + pipelined DUMP on both sides)
        None,     // per-db counts at the cutover only
    };
    enum class OnAbort {
        Detach,       // the target gets REPLICAOF NO ONE back (keeps a copy of the data)
        KeepReplica,  // the target stays a replica of the source
    };

    QString source;                 // host:port, a master
    QString target;                 // host:port, any reachable node
    Verify verify = Verify::Sample;
    int sampleSize = 1000;
    int ttlToleranceMs = 2000;      // a TTL may differ this much between the two reads
    bool discardTargetData = false; // REPLICAOF replaces whatever the target holds
    bool repointReplicas = false;   // the source's replicas follow the target after the cutover
    OnAbort onAbort = OnAbort::Detach;
    int catchUpTimeoutMs = 5000;    // longest the target may take to catch up while writes are paused
    int syncTimeoutMs = 3600000;    // longest the full sync may take
    int linkTimeoutMs = 10000;      // the target must have started syncing by then

    // How the target authenticates to the source (the source connection's credentials) and,
    // after the cutover, the source to the target. Empty password = none needed.
    QString sourceUser;
    QString sourcePassword;
    QString targetUser;
    QString targetPassword;
    // The nodes are reached over TLS (their port speaks TLS): the other one must dial it so.
    bool sourceTls = false;
    bool targetTls = false;

    static QString verifyName(Verify verify);                 // "sample", "full", "none"
    static bool parseVerify(const QString &name, Verify *verify);
    static QString onAbortName(OnAbort onAbort);              // "detach", "keep-replica"
    static bool parseOnAbort(const QString &name, OnAbort *onAbort);
};
