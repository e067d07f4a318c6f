#include "TopologyRenderMode.h"

#include "export/ExportFile.h"
#include "export/TopologyFormat.h"
#include "export/TopologyJson.h"
#include "topology/TopologyImage.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <cstdio>

namespace {

const QCommandLineOption kRenderTopology(QStringLiteral("render-topology"),
    QCoreApplication::translate("main", "Draw a topology JSON file (tandemctl topology --json) as "
                                        "SVG or PNG and exit; needs no display."),
    QStringLiteral("IN.json"));
const QCommandLineOption kRenderFormat(QStringLiteral("format"),
    QCoreApplication::translate("main", "With --render-topology: svg or png (default: the --out suffix)."),
    QStringLiteral("svg|png"));
const QCommandLineOption kRenderOut(QStringLiteral("out"),
    QCoreApplication::translate("main", "With --render-topology: the file to write (- for standard output)."),
    QStringLiteral("FILE"));

int fail(int code, const QString &message)
{
    std::fprintf(stderr, "tandem: %s\n", qPrintable(message));
    return code;
}

} // namespace

QList<QCommandLineOption> TopologyRenderMode::options()
{
    return {kRenderTopology, kRenderFormat, kRenderOut};
}

bool TopologyRenderMode::requested(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--render-topology" || arg.startsWith("--render-topology="))
            return true;
    }
    return false;
}

void TopologyRenderMode::forceOffscreen()
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
}

int TopologyRenderMode::run(const QCommandLineParser &parser)
{
    const QString in = parser.value(kRenderTopology);
    const QString out = parser.value(kRenderOut);
    if (out.isEmpty())
        return fail(2, QStringLiteral("--render-topology needs --out FILE (- for standard output)"));
    TopologyFormat::Format format = TopologyFormat::fromPath(out);
    if (parser.isSet(kRenderFormat)) {
        const std::optional<TopologyFormat::Format> named = TopologyFormat::fromName(parser.value(kRenderFormat));
        if (!named)
            return fail(2, QStringLiteral("--format takes svg or png"));
        format = *named;
    }
    if (!TopologyFormat::isImage(format))
        return fail(2, QStringLiteral("--render-topology draws svg or png; give --format or an .svg/.png file"));

    QFile file(in);
    if (!file.open(QIODevice::ReadOnly))
        return fail(1, QStringLiteral("cannot read %1: %2").arg(in, file.errorString()));
    QString error;
    const std::optional<Topology> topology = TopologyJson::fromText(file.readAll(), &error);
    if (!topology)
        return fail(1, QStringLiteral("%1: %2").arg(in, error));

    const QByteArray bytes = TopologyImage::render(*topology, format);
    if (out == QLatin1String("-")) {
        QFile stdoutFile;
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly) || stdoutFile.write(bytes) != bytes.size())
            return fail(1, QStringLiteral("cannot write to standard output"));
        return 0;
    }
    if (!ExportFile::writeOne(bytes, out, &error))
        return fail(1, QStringLiteral("cannot write %1: %2").arg(out, error));
    return 0;
}
