#pragma once

#include "ExportFile.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// A deployment bundle for one replication group on Debian's multi-instance layout
// (redis-server@NAME.service reads /etc/redis/redis-NAME.conf, redis-sentinel@NAME.service
// /etc/redis/sentinel-NAME.conf; NAME is the port here). Per node: a settings fragment
// (redis-PORT.tandem.conf) included at the TOP of a small main file (redis-PORT.conf) that
// holds only the instance's paths and replicaof, so CONFIG REWRITE and Sentinel keep owning
// it; a systemd drop-in; the sentinel files; users.acl; the topology; a README.md with the
// steps in order for these very servers; SHA256SUMS. Pure assembly, no I/O.
struct BundleNode
{
    QString host;
    quint16 port = 0;
    bool master = false;
    QString masterHost;      // replicas: whom they follow
    quint16 masterPort = 0;
    QByteArray fragment;     // RedisConfExport minimal, BundleExport::fragmentOmits() left out
    QStringList secretsHidden;
};

struct BundleSentinel
{
    QString host;
    quint16 port = 0;
    QByteArray conf;         // SentinelConfExport's file for this sentinel
};

struct BundleInput
{
    QString groupName;       // the name sentinels monitor the master by
    QString sourceAddress;   // the node the export started from
    QList<BundleNode> nodes; // master first
    QList<BundleSentinel> sentinels;
    QByteArray usersAcl;     // AclExport's users.acl
    bool aclUsers = false;   // users beyond an unrestricted default: nodes load users.acl
    QByteArray topologyJson;
    QByteArray topologyText;
    bool includeSecrets = false;
    bool tls = false;
    QString authUser;        // what redis-cli needs in the README's checks (never the password)
    bool needsPassword = false;
    QStringList warnings;
};

class BundleExport
{
public:
    static QList<ExportFile> files(const BundleInput &input);
    // What a fragment leaves to the main file and the host layout.
    static QList<QByteArray> fragmentOmits(bool aclUsers);
    // "tandem-bundle-<master host>-<port>".
    static QString folderName(const BundleInput &input);
    // Writes the bundle: a .tar.gz (or .tgz) with everything under `folder`, or else into the
    // directory `destination`. False with a readable reason.
    static bool writeTo(const QList<ExportFile> &files, const QString &folder, const QString &destination,
                        QString *error, ExportFile::Access access = ExportFile::Access::Shared);
    static bool isArchivePath(const QString &destination);
    // "nodes/10.0.0.5-6379": where a node's (or sentinel's) files are in the bundle.
    static QString dirOf(const QString &kind, const QString &host, quint16 port);
    // "10.0.0.5:6379", "[::1]:6379".
    static QString hostPort(const QString &host, quint16 port);

private:
    static QByteArray mainFile(const BundleNode &node, const BundleInput &input);
    static QByteArray serverDropIn(const BundleNode &node);
    static QByteArray sentinelDropIn(const BundleSentinel &sentinel);
    static QByteArray readme(const BundleInput &input, const QList<ExportFile> &files);
};
