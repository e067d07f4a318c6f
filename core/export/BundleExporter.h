#pragma once

#include "BundleExport.h"
#include "ExportFile.h"
#include "GroupExportReader.h"
#include "SentinelExportOptions.h"
#include "topology/Topology.h"

#include <QObject>
#include <QPointer>

class SshSessionPool;

// Reads everything a group's deployment bundle needs, without blocking: the group's facts
// (GroupExportReader), then each node's settings (RedisConfExporter, minimal, as a fragment),
// and assembles the bundle (BundleExport). Shared by tandemctl and the GUI. Exactly one of
// finished() / failed() follows start().
class BundleExporter : public QObject
{
    Q_OBJECT
public:
    explicit BundleExporter(SshSessionPool *ssh, QObject *parent = nullptr);

    struct Options
    {
        bool includeSecrets = false;
        SentinelExportOptions sentinel;  // its includeSecrets follows the bundle's
    };

    void start(const Topology &topology, const QString &address, GroupExportReader::ProfileLookup profileFor,
               const Options &options);

    // After finished(): the files, the folder name to put them under, and what was read.
    const QList<ExportFile> &files() const { return m_files; }
    QString folderName() const { return m_folder; }
    QStringList sources() const { return m_input.nodes.isEmpty() ? QStringList() : m_sources; }
    QStringList warnings() const { return m_input.warnings; }

Q_SIGNALS:
    void finished();
    // `unreachable`: the master could not be reached or refused the login.
    void failed(const QString &reason, bool unreachable);

private:
    void onFacts(const GroupExportFacts &facts);
    void readNode(int index);
    void assemble();

    QPointer<SshSessionPool> m_ssh;
    GroupExportReader *m_reader = nullptr;
    GroupExportReader::ProfileLookup m_profileFor;
    Topology m_topology;
    Options m_options;
    GroupExportFacts m_facts;
    BundleInput m_input;
    QStringList m_sources;
    QList<ExportFile> m_files;
    QString m_folder;
    bool m_done = false;
};
