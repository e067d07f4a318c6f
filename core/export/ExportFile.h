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

    // Who may read what is written: files holding passwords in clear are the owner's only.
    enum class Access { Shared, OwnerOnly };

    // Writes every file under `directory` (created as needed), each replaced atomically, files
    // mode 0644 (0755 when executable; 0600/0700 with OwnerOnly). Names that leave the
    // directory are refused. False with a readable reason on the first failure.
    static bool writeAll(const QList<ExportFile> &files, const QString &directory, QString *error,
                         Access access = Access::Shared);
    // Writes one file atomically (QSaveFile), 0644 (0600 with OwnerOnly).
    static bool writeOne(const QByteArray &bytes, const QString &path, QString *error, Access access = Access::Shared);
    static Access accessFor(bool secretsIncluded) { return secretsIncluded ? Access::OwnerOnly : Access::Shared; }
};
