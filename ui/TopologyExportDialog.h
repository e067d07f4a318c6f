#pragma once

#include "topology/Topology.h"

#include <QFileDialog>

class AuditLog;

// "Export Topology…": a save dialog offering JSON (the tandemctl --json shape), Graphviz DOT,
// SVG and PNG (drawn like the topology view, light palette) and plain text. Opened with
// open(); the window writes the file on fileSelected() with write(), so the export holds the
// topology as it is when the user confirms, not when the dialog opened.
class TopologyExportDialog : public QFileDialog
{
    Q_OBJECT
public:
    explicit TopologyExportDialog(QWidget *parent = nullptr);

    // The format follows the file's suffix (.dot/.gv DOT, .svg, .png, .txt text, anything
    // else JSON). Replaces the file atomically and records the export in `audit` (the default
    // audit log when null). False with a readable reason on failure.
    static bool write(const Topology &topology, const QString &path, QString *error, AuditLog *audit = nullptr);
};
