#pragma once

#include "profile/TopologyImport.h"

#include <QFileDialog>

class ProfileStore;

// "Import Topology…": picks a topology JSON file (tandemctl topology --json, Export Topology…)
// and saves a connection for each of its nodes not saved yet, then tells the user in a message
// box (objectName "topologyImportResult") how many were added and skipped. A file that is not
// a topology shows why and saves nothing. Opened with open(); deletes itself when closed.
class TopologyImportDialog : public QFileDialog
{
    Q_OBJECT
public:
    TopologyImportDialog(ProfileStore *store, QWidget *parent = nullptr);

Q_SIGNALS:
    // After the file was read, whatever came of it.
    void imported(const TopologyImport::Result &result);

private:
    void importFrom(const QString &path);

    ProfileStore *m_store;
};
