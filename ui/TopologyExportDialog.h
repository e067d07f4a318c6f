#pragma once

#include "topology/Topology.h"

#include <QFileDialog>

// "Export Topology…": a save dialog offering JSON (the tandemctl --json shape) and Graphviz
// DOT. Opened with open(); the window writes the file on fileSelected() with write(), so the
// export holds the topology as it is when the user confirms, not when the dialog opened.
class TopologyExportDialog : public QFileDialog
{
    Q_OBJECT
public:
    explicit TopologyExportDialog(QWidget *parent = nullptr);

    // The format follows the file's suffix (.dot/.gv: DOT, anything else: JSON). Replaces the
    // file atomically. False with a readable reason on failure.
    static bool write(const Topology &topology, const QString &path, QString *error);
};
