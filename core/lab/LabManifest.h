#pragma once

#include "LocalLab.h"

#include <QList>
#include <QString>
#include <QStringList>

// <dir>/lab.json: what a lab started, so a later process can find, show and stop it.
// Holds no secret: only whether the nodes require a password.
class LabManifest
{
public:
    LabSpec spec;              // password always empty here
    bool hasPassword = false;
    QString redisServer;       // resolved binary that started the nodes
    bool createdDir = false;   // the lab created <dir> itself (so `stop` may remove it)
    QList<LabNode> nodes;
    QStringList files;         // created files, relative to the lab dir
    QStringList dirs;          // created directories, relative to the lab dir

    static QString fileName() { return QStringLiteral("lab.json"); }
    bool write(const QString &labDir, QString *error) const;
    // False when there is no readable manifest in labDir.
    bool read(const QString &labDir, QString *error);
};
