#include "ExportTopologyCommand.h"

#include "TopologySnapshotter.h"

#include "export/ExportAudit.h"
#include "export/ExportFile.h"
#include "export/TopologyJson.h"
#include "net/ConnectionOptions.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

namespace {

constexpr int kRenderTimeoutMs = 60000;

} // namespace

ExportTopologyCommand::~ExportTopologyCommand()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

void ExportTopologyCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(QStringLiteral(
        "Writes the topology discovered from the seeds as JSON (as `tandemctl topology --json`), "
        "Graphviz DOT, plain text, or an SVG/PNG picture drawn like the Tandem window (needs the "
        "tandem GUI package). To standard output unless --out; with --out and no --format the "
        "format follows the file's suffix. Exit 0 written, 1 not written, 2 usage, 3 no seed "
        "reachable."));
    ConnectionOptions::addTo(&m_parser);
    m_parser.addOptions({
        {QStringLiteral("seed"), QStringLiteral("A node or sentinel to start from (repeatable)."),
         QStringLiteral("NODE")},
        {QStringLiteral("format"), QStringLiteral("json (default), dot, svg, png or text."),
         QStringLiteral("FORMAT")},
        {QStringLiteral("out"), QStringLiteral("The file to write (default: standard output)."),
         QStringLiteral("FILE")},
    });
    if (!parseArguments(m_parser, args))
        return;
    QString error;
    if (!parseFormat(&error)) {
        usageError(error);
        return;
    }
    QStringList texts = m_parser.values(QStringLiteral("seed"));
    texts += m_parser.positionalArguments();
    if (texts.isEmpty()) {
        usageError(QStringLiteral("export topology needs at least one --seed NODE"));
        return;
    }
    if (!TopologySnapshotter::parseSeeds(texts, m_parser, &m_seeds, &error)) {
        usageError(error);
        return;
    }
    if (TopologyFormat::isImage(m_format)) {
        // Before connecting anywhere: nothing is gained by discovering what cannot be drawn.
        m_renderer = findRenderer();
        if (m_renderer.isEmpty()) {
            err() << "tandemctl: SVG and PNG are drawn by the tandem GUI package; install it or use "
                     "--format json|dot|text\n";
            finish(ExitProblem);
            return;
        }
    }

    TopologySnapshotter::warnInterrupted(err());
    m_snapshotter = new TopologySnapshotter(this);
    connect(m_snapshotter, &TopologySnapshotter::ready, this, &ExportTopologyCommand::onSettled);
    m_snapshotter->start(m_seeds);
}

bool ExportTopologyCommand::parseFormat(QString *error)
{
    m_out = m_parser.value(QStringLiteral("out"));
    if (m_out == QLatin1String("-"))
        m_out.clear();
    if (m_parser.isSet(QStringLiteral("format"))) {
        const std::optional<TopologyFormat::Format> f = TopologyFormat::fromName(m_parser.value(QStringLiteral("format")));
        if (!f) {
            *error = QStringLiteral("--format takes json, dot, svg, png or text");
            return false;
        }
        m_format = *f;
    } else if (!m_out.isEmpty()) {
        m_format = TopologyFormat::fromPath(m_out);
    }
    return true;
}

QString ExportTopologyCommand::findRenderer()
{
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/tandem");
    if (QFileInfo(beside).isExecutable() && QFileInfo(beside).isFile())
        return beside;
    return QStandardPaths::findExecutable(QStringLiteral("tandem"));
}

void ExportTopologyCommand::onSettled(const Topology &topology)
{
    if (!m_snapshotter->anySeedReached(topology, err())) {
        finish(ExitConnect);
        return;
    }
    m_snapshotter->stop();
    m_sources = TopologyFormat::addresses(topology);
    if (TopologyFormat::isImage(m_format))
        render(topology);
    else
        deliver(TopologyFormat::text(topology, m_format));
}

void ExportTopologyCommand::render(const Topology &topology)
{
    m_work = std::make_unique<QTemporaryDir>();
    QString error;
    const QString in = m_work->filePath(QStringLiteral("topology.json"));
    if (!m_work->isValid() || !ExportFile::writeOne(TopologyJson::toText(topology), in, &error)) {
        err() << "tandemctl: cannot prepare the topology for drawing: "
              << (m_work->isValid() ? error : m_work->errorString()) << "\n";
        finish(ExitProblem);
        return;
    }
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    connect(m_process, &QProcess::finished, this, &ExportTopologyCommand::onRendered);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            onRendered();
    });
    QTimer::singleShot(kRenderTimeoutMs, m_process, [this] { m_process->kill(); });
    const QString format = TopologyFormat::name(m_format);
    m_process->start(m_renderer, {QStringLiteral("--render-topology"), in, QStringLiteral("--format"), format,
                                  QStringLiteral("--out"), m_work->filePath(QStringLiteral("topology.") + format)});
}

void ExportTopologyCommand::onRendered()
{
    const QString format = TopologyFormat::name(m_format);
    QFile picture(m_work->filePath(QStringLiteral("topology.") + format));
    const bool ok = m_process->exitStatus() == QProcess::NormalExit && m_process->exitCode() == 0
        && m_process->error() != QProcess::FailedToStart && picture.open(QIODevice::ReadOnly);
    if (!ok) {
        const QString said = QString::fromUtf8(m_process->readAllStandardError()).trimmed();
        err() << "tandemctl: " << m_renderer << " could not draw the topology: "
              << (said.isEmpty() ? m_process->errorString() : said) << "\n";
        finish(ExitProblem);
        return;
    }
    deliver(picture.readAll());
}

void ExportTopologyCommand::deliver(const QByteArray &bytes)
{
    QString error;
    if (m_out.isEmpty()) {
        out().flush();
        if (std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout) != size_t(bytes.size())
            || std::fflush(stdout) != 0) {
            err() << "tandemctl: cannot write the topology to standard output\n";
            finish(ExitProblem);
            return;
        }
    } else if (!ExportFile::writeOne(bytes, m_out, &error)) {
        err() << "tandemctl: cannot write " << m_out << ": " << error << "\n";
        finish(ExitProblem);
        return;
    }
    const QString name = m_out.isEmpty() ? QStringLiteral("topology.") + TopologyFormat::suffix(m_format)
                                         : QFileInfo(m_out).fileName();
    ExportAudit::Entry entry;
    entry.what = QStringLiteral("topology");
    entry.sources = m_sources;
    entry.destination = m_out.isEmpty() ? QStringLiteral("-") : QFileInfo(m_out).absoluteFilePath();
    entry.files = {ExportFile{name, bytes, false}};
    if (!ExportAudit::record(entry))
        err() << "tandemctl: warning: the export was not recorded in the audit log\n";
    if (!m_out.isEmpty())
        err() << "Wrote " << QFileInfo(m_out).absoluteFilePath() << " (" << bytes.size() << " bytes).\n";
    finish(ExitOk);
}
