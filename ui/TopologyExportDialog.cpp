#include "TopologyExportDialog.h"

#include "export/ExportAudit.h"
#include "export/ExportFile.h"
#include "export/TopologyFormat.h"
#include "topology/TopologyImage.h"

#include <QDir>
#include <QFileInfo>

TopologyExportDialog::TopologyExportDialog(QWidget *parent)
    : QFileDialog(parent, tr("Export Topology"))
{
    using F = TopologyFormat::Format;
    setObjectName(QStringLiteral("exportTopologyDialog"));
    setAcceptMode(QFileDialog::AcceptSave);
    setFileMode(QFileDialog::AnyFile);
    const QList<QPair<QString, F>> filters{
        {tr("JSON (*.json)"), F::Json},
        {tr("Graphviz DOT (*.dot *.gv)"), F::Dot},
        {tr("SVG image (*.svg)"), F::Svg},
        {tr("PNG image (*.png)"), F::Png},
        {tr("Text (*.txt)"), F::Text},
    };
    QStringList names;
    for (const auto &filter : filters)
        names << filter.first;
    setNameFilters(names);
    setDefaultSuffix(QStringLiteral("json"));
    // A typed name without a suffix gets the one of the chosen format; a name still carrying
    // another format's suffix follows the choice.
    connect(this, &QFileDialog::filterSelected, this, [this, filters](const QString &chosen) {
        for (const auto &filter : filters) {
            if (filter.first != chosen)
                continue;
            const QString suffix = TopologyFormat::suffix(filter.second);
            setDefaultSuffix(suffix);
            const QStringList files = selectedFiles();
            if (files.size() == 1 && !QFileInfo(files.first()).isDir())
                selectFile(QFileInfo(files.first()).completeBaseName() + QLatin1Char('.') + suffix);
        }
    });
    setDirectory(QDir::home());
    selectFile(QStringLiteral("topology.json"));
}

bool TopologyExportDialog::write(const Topology &topology, const QString &path, QString *error, AuditLog *audit)
{
    const TopologyFormat::Format format = TopologyFormat::fromPath(path);
    const QByteArray content = TopologyFormat::isImage(format) ? TopologyImage::render(topology, format)
                                                               : TopologyFormat::text(topology, format);
    QString reason;
    if (!ExportFile::writeOne(content, path, &reason)) {
        if (error)
            *error = reason;
        return false;
    }
    ExportAudit::Entry entry;
    entry.what = QStringLiteral("topology");
    entry.sources = TopologyFormat::addresses(topology);
    entry.destination = QFileInfo(path).absoluteFilePath();
    entry.files = {ExportFile{QFileInfo(path).fileName(), content, false}};
    ExportAudit::record(entry, audit);
    return true;
}
