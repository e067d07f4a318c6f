#include "TopologyExportDialog.h"

#include "export/TopologyDot.h"
#include "export/TopologyJson.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

TopologyExportDialog::TopologyExportDialog(QWidget *parent)
    : QFileDialog(parent, tr("Export Topology"))
{
    setObjectName(QStringLiteral("exportTopologyDialog"));
    setAcceptMode(QFileDialog::AcceptSave);
    setFileMode(QFileDialog::AnyFile);
    const QString json = tr("JSON (*.json)");
    const QString dot = tr("Graphviz DOT (*.dot *.gv)");
    setNameFilters({json, dot});
    setDefaultSuffix(QStringLiteral("json"));
    // A typed name without a suffix gets the one of the chosen format.
    connect(this, &QFileDialog::filterSelected, this, [this, dot](const QString &filter) {
        setDefaultSuffix(filter == dot ? QStringLiteral("dot") : QStringLiteral("json"));
    });
    setDirectory(QDir::home());
    selectFile(QStringLiteral("topology.json"));
}

bool TopologyExportDialog::write(const Topology &topology, const QString &path, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const bool dot = suffix == QLatin1String("dot") || suffix == QLatin1String("gv");
    const QByteArray content = dot ? TopologyDot::toDot(topology) : TopologyJson::toText(topology);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}
