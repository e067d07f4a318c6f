#include "ExportFile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

bool ExportFile::writeOne(const QByteArray &bytes, const QString &path, QString *error, Access access)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    if (access == Access::OwnerOnly)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    else
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                            | QFileDevice::ReadOther);
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool ExportFile::writeAll(const QList<ExportFile> &files, const QString &directory, QString *error, Access access)
{
    const QDir root(directory);
    if (!root.mkpath(QStringLiteral("."))) {
        *error = QStringLiteral("cannot create the directory %1").arg(directory);
        return false;
    }
    const QString rootPath = QDir::cleanPath(root.absolutePath());
    for (const ExportFile &f : files) {
        const QString path = QDir::cleanPath(root.absoluteFilePath(f.name));
        if (QDir::isAbsolutePath(f.name) || !path.startsWith(rootPath + QLatin1Char('/'))) {
            *error = QStringLiteral("refusing to write %1 outside %2").arg(f.name, directory);
            return false;
        }
        if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
            *error = QStringLiteral("cannot create the directory for %1").arg(path);
            return false;
        }
        if (!writeOne(f.bytes, path, error, access))
            return false;
        if (f.executable && access == Access::OwnerOnly) {
            QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        } else if (f.executable) {
            QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                       | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                                       | QFileDevice::ExeOther);
        }
    }
    return true;
}
