#pragma once

#include "CliCommand.h"

#include "export/ExportFile.h"
#include "export/GroupExportFacts.h"
#include "net/ConnectionProfile.h"
#include "topology/Topology.h"

#include <QCommandLineParser>

#include <functional>

class GroupExportReader;
class SshSessionPool;
class TopologySnapshotter;

// What the per-group exports (export sentinel, export acl) share: --seed NODE... with the
// connection options, discovery, the group of the first seed Tandem can place, the group's
// facts read by GroupExportReader, then exported() with them. Prints warnings and what was
// written, and records the export in the audit log.
class GroupExportCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void start(const QStringList &args) override;

protected:
    // The command's description and own options, added before parsing.
    virtual QString description() const = 0;
    virtual QList<QCommandLineOption> ownOptions() const = 0;
    // Checks the command's own options once parsed; false after usageError().
    virtual bool takeOptions(const QCommandLineParser &parser) = 0;
    // The group's facts are read: export, then finish().
    virtual void exported(const GroupExportFacts &facts) = 0;

    // Reads the group of `seed` and calls exported(); a command that reads more overrides it.
    virtual void startExport(const Topology &topology, const QString &seed,
                             const std::function<ConnectionProfile(const QString &)> &profileFor);
    // The tunnels discovery opened (null when no node is behind SSH).
    SshSessionPool *sshPool() const;

    void warn(const QString &message);
    // Records `entry` in the audit log (a warning when it cannot).
    void audit(const QString &what, const GroupExportFacts &facts, const QString &destination, bool secrets,
               const QList<ExportFile> &files);

    QCommandLineParser m_parser;

private:
    void onTopology(const Topology &topology);
    QString groupSeed(const Topology &topology);

    QList<ConnectionProfile> m_seeds;
    TopologySnapshotter *m_snapshotter = nullptr;
    GroupExportReader *m_reader = nullptr;
};
