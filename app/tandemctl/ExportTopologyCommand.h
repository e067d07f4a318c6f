#pragma once

#include "CliCommand.h"

#include "export/TopologyFormat.h"
#include "net/ConnectionProfile.h"
#include "topology/Topology.h"

#include <QCommandLineParser>
#include <QTemporaryDir>

#include <memory>

class QProcess;
class TopologySnapshotter;

// tandemctl export topology --seed NODE [--seed NODE...] [--format json|dot|svg|png|text]
// [--out FILE]: the topology `tandemctl topology` discovers, as a file. JSON, DOT and text are
// the very documents `topology --json`, `--dot` and the plain tree print. SVG and PNG are drawn
// by the GUI's topology renderer: tandemctl links no Qt Widgets, so it runs `tandem
// --render-topology` (next to tandemctl first, then on PATH) and says so when it is missing.
// Every export is recorded in the audit log. Exit 0 written, 1 not drawn or not written,
// 2 usage, 3 no seed reachable.
class ExportTopologyCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    ~ExportTopologyCommand() override;
    void start(const QStringList &args) override;

    // The tandem binary that draws images: beside tandemctl, else on PATH; empty when absent.
    static QString findRenderer();

private:
    bool parseFormat(QString *error);
    void onSettled(const Topology &topology);
    void render(const Topology &topology);
    void onRendered();
    void deliver(const QByteArray &bytes);

    QCommandLineParser m_parser;
    QList<ConnectionProfile> m_seeds;
    TopologyFormat::Format m_format = TopologyFormat::Format::Json;
    QString m_out;          // empty: standard output
    QString m_renderer;     // tandem, for svg and png
    TopologySnapshotter *m_snapshotter = nullptr;
    QProcess *m_process = nullptr;
    std::unique_ptr<QTemporaryDir> m_work;
    QStringList m_sources;
};
