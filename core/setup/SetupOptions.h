#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

// What the user asked "Set Up Replication" to do (GUI wizard pages or tandemctl setup flags).
// Pure data; secrets live here only in memory.
struct SetupOptions
{
    enum class Auth {
        Password,  // one password: requirepass + masterauth on every node (master included)
        Acl,       // a replication user (+psync +replconf +ping) on every node; masteruser/masterauth
        Keep,      // auth already in place and consistent: change nothing about it
    };
    enum class Persistence { Aof, Rdb, Keep };

    QString master;                 // host:port
    QStringList replicas;           // host:port each
    Auth auth = Auth::Password;
    QString password;               // the group password (secret); empty with generatePassword
    bool generatePassword = false;  // 32+ random bytes from the OpenSSL RNG, URL-safe
    QString aclUser;                // Auth::Acl
    int keepaliveSeconds = 60;      // tcp-keepalive; never 0
    Persistence persistence = Persistence::Aof;
    bool discardReplicaData = false;   // a replica holding keys may be wiped by REPLICAOF
    bool repoint = false;              // a replica already following another master may move
    int minReplicasToWrite = 0;        // 0 = leave alone
    int minReplicasMaxLag = 10;
    int toleratedOutageSeconds = 60;   // sizes repl-backlog-size from the write rate
    int syncTimeoutMs = 300000;        // longest a replica's full sync may take before rollback
    // node -> its config file's path on its SSH host, for a node whose INFO config_file is
    // empty (started without a file: the persist step edits this one over SSH).
    QHash<QString, QString> configFiles;

    static QString authName(Auth auth);                 // "password", "acl", "keep"
    static bool parseAuth(const QString &name, Auth *auth);
    static QString persistenceName(Persistence p);      // "aof", "rdb", "keep"
    static bool parsePersistence(const QString &name, Persistence *p);
};
