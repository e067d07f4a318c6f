#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// One file an export produces: its name relative to the export's destination (may contain
// '/': "sentinel/sentinel-10.0.0.1-26379.conf") and its bytes.
struct ExportFile
{
    QString name;
    QByteArray bytes;
    bool executable = false;

    // Writes every file under `directory` (created as needed), each replaced atomically, files
    // mode 0644 (0755 when executable). Names that leave the directory are refused. False with
    // a readable reason on the first failure.
    static bool writeAll(const QList<ExportFile> &files, const QString &directory, QString *error);
    // Writes one file atomically (QSaveFile), 0644.
    static bool writeOne(const QByteArray &bytes, const QString &path, QString *error);
};
