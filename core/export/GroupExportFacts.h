#pragma once

#include "net/ConnectionProfile.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

// What the group exports (sentinel.conf, users.acl, redis.conf, the bundle) need to know about
// one replication group, read once by GroupExportReader. Real secret values (CONFIG GET *,
// the credentials) live here in memory only: exporters decide what leaves Tandem.
struct GroupExportFacts
{
    QString masterAddress;             // host:port as Tandem reaches the master
    QString masterHost;
    quint16 masterPort = 0;
    QStringList nodes;                 // every node of the group, master first
    // How Tandem reaches the master. Its user/password are the group's credentials: what
    // Tandem authenticates with, so what a sentinel needs (auth-user / auth-pass).
    ConnectionProfile masterProfile;
    bool tls = false;                  // the master is reached over TLS (so must sentinels reach it)
    bool namedByHostname = false;      // some node is named by a host name, not an IP literal
    QString redisVersion;              // the master's redis_version ("" when unknown)
    QStringList sentinels;             // sentinels already watching the group (from the topology)
    QString sentinelName;              // the name they know the master by

    bool configRead = false;           // false: CONFIG GET * was refused (see notes)
    QList<QPair<QByteArray, QByteArray>> config;  // the master's CONFIG GET *, real values

    bool aclRead = false;              // false: ACL LIST was refused or unknown (see notes)
    QStringList aclLines;              // the master's ACL LIST ("user NAME on #<sha256> ...")
    // Replicas whose ACL LIST could be read, by address. A replica missing here was not read.
    QMap<QString, QStringList> replicaAclLines;

    QStringList notes;                 // what could not be read, and why (readable sentences)

    QString authUser() const { return masterProfile.user; }
    QString authPassword() const { return masterProfile.password; }
    bool hasConfig(const QByteArray &name) const;
    // One CONFIG GET value of the master ("" when not read or absent).
    QByteArray configValue(const QByteArray &name) const;
    // The host part of each node, in group order, without repeats.
    QStringList hosts() const;

    // True when `host` is not an IPv4/IPv6 literal.
    static bool isHostName(const QString &host);
};

Q_DECLARE_METATYPE(GroupExportFacts)
