#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <QtGlobal>

// What the server said about a remote file when it was read. Kept so a later write can tell
// whether someone else changed the file meanwhile, and can give the new file the same mode
// and owner.
struct RemoteFileInfo
{
    qint64 size = -1;
    quint32 mode = 0;   // permission bits (07777), as stat() reports them without the type
    quint32 uid = 0;
    quint32 gid = 0;
    qint64 mtime = -1;  // seconds since the epoch
};

struct RemoteWriteOptions
{
    // When set (>= 0), the write is refused if the file on the server no longer matches:
    // the editor passes the values it got from readFile() so a concurrent edit is not lost.
    qint64 expectedMtime = -1;
    qint64 expectedSize = -1;
    bool backup = true;  // keep "<path>.tandem-backup-YYYYMMDD-HHMMSS" next to the file
    bool fsync = true;   // when the server offers fsync@openssh.com
};

struct RemoteWriteResult
{
    QString backupPath;     // empty when no backup was made (new file, or backup off)
    qint64 bytesWritten = 0;
    QStringList warnings;   // things that did not work but did not stop the write (chown...)
};

// Reads larger than this are refused: a redis.conf is a few KiB, and the whole content is
// held in memory (and in the editor) at once.
constexpr qint64 kRemoteFileMaxSize = 16 * 1024 * 1024;
