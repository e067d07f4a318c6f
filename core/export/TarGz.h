#pragma once

#include "ExportFile.h"

#include <QByteArray>
#include <QList>
#include <QString>

// A .tar.gz of export files, written in memory: POSIX ustar entries (directories first, then
// files, under one top directory, owner root, mode 0644/0755) compressed with zlib's gzip.
// `tar xzf` on any Linux unpacks it. Files are small (configs), so memory is no concern.
class TarGz
{
public:
    static QByteArray archive(const QList<ExportFile> &files, const QString &topDirectory, QString *error);
    // The names and contents of an archive archive() wrote (for tests and re-reading).
    static bool extract(const QByteArray &gz, QList<ExportFile> *files, QString *error);
};
