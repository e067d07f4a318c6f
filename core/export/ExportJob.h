#pragma once

#include "ExportFile.h"
#include "GroupExportReader.h"
#include "SentinelExportOptions.h"
#include "topology/Topology.h"

#include <QObject>
#include <QPointer>

class SshSessionPool;

// One export as the GUI (and tandemctl export bundle) runs it: reads the nodes without
// blocking, keeps the resulting files in memory (for a preview), then save() writes them and
// records the export in the audit log. Exactly one of finished() / failed() follows start().
class ExportJob : public QObject
{
    Q_OBJECT
public:
    enum class Kind { RedisConf, Sentinel, Acl, Bundle };

    struct Request
    {
        Kind kind = Kind::RedisConf;
        QString address;              // the node (redis.conf) or any node of the group
        bool includeSecrets = false;
        bool minimal = false;         // redis.conf only
        SentinelExportOptions sentinel;
    };

    explicit ExportJob(SshSessionPool *ssh, QObject *parent = nullptr);

    void start(const Topology &topology, const GroupExportReader::ProfileLookup &profileFor, const Request &request);

    const Request &request() const { return m_request; }
    const QList<ExportFile> &files() const { return m_files; }
    QStringList warnings() const { return m_warnings; }
    QStringList sources() const { return m_sources; }
    QString origin() const { return m_origin; }        // redis.conf: where the content came from
    QString folderName() const { return m_folder; }     // bundle: the archive's top folder
    // What the audit log and messages call this export ("redis.conf", "sentinel.conf"...).
    QString what() const;
    // Whether save() wants a directory (sentinel files; a bundle not ending in .tar.gz/.tgz)
    // rather than one file.
    bool savesToDirectory(const QString &destination) const;
    // A file name to offer for saving ("redis-10.0.0.5-6379.conf", "users.acl", ...).
    QString suggestedName() const;

    // Writes the files (atomically) and appends the audit entry. False with a reason.
    bool save(const QString &destination, QString *error);

Q_SIGNALS:
    void finished();
    void failed(const QString &reason, bool unreachable);

private:
    void startGroup(const Topology &topology, const GroupExportReader::ProfileLookup &profileFor);
    void done();

    QPointer<SshSessionPool> m_ssh;
    Request m_request;
    QList<ExportFile> m_files;
    QStringList m_warnings;
    QStringList m_sources;
    QString m_origin;
    QString m_folder;
};
