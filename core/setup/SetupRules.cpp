#include "SetupRules.h"

#include <QStringList>

namespace SetupRules {

namespace {

QList<int> versionParts(const QString &version)
{
    QList<int> parts;
    for (const QString &p : version.split(QLatin1Char('.')))
        parts.append(p.toInt());
    while (parts.size() < 3)
        parts.append(0);
    return parts;
}

} // namespace

int compareVersions(const QString &a, const QString &b)
{
    const QList<int> x = versionParts(a);
    const QList<int> y = versionParts(b);
    for (int i = 0; i < 3; ++i) {
        if (x.at(i) != y.at(i))
            return x.at(i) < y.at(i) ? -1 : 1;
    }
    return 0;
}

int rdbFormat(const QString &version)
{
    if (version.isEmpty())
        return 0;
    const QList<int> v = versionParts(version);
    const int mm = v.at(0) * 100 + v.at(1);
    // RDB_VERSION in src/rdb.h of each release line.
    if (mm >= 704)
        return 12;
    if (mm >= 702)
        return 11;
    if (mm >= 700)
        return 10;
    if (mm >= 500)
        return 9;
    if (mm >= 400)
        return 8;
    if (mm >= 302)
        return 7;
    if (mm >= 206)
        return 6;
    return 0;
}

qint64 backlogBytes(qint64 bytesPerSecond, int outageSeconds)
{
    return qMax(kMinBacklogBytes, bytesPerSecond * qMax(0, outageSeconds));
}

qint64 fullSyncSeconds(qint64 datasetBytes)
{
    return qMax<qint64>(1, (datasetBytes + kAssumedTransferBytesPerSecond - 1) / kAssumedTransferBytesPerSecond);
}

qint64 replicaBufferBytes(qint64 datasetBytes, qint64 bytesPerSecond)
{
    const qint64 need = 2 * bytesPerSecond * fullSyncSeconds(datasetBytes);
    return need <= kDefaultReplicaSoftBytes ? 0 : qMax(need, kDefaultReplicaHardBytes);
}

QString bytes(qint64 n)
{
    if (n < 1024)
        return QStringLiteral("%1 B").arg(n);
    if (n < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(double(n) / 1024.0, 0, 'f', 1);
    if (n < 1024ll * 1024 * 1024)
        return QStringLiteral("%1 MB").arg(double(n) / (1024.0 * 1024.0), 0, 'f', 1);
    return QStringLiteral("%1 GB").arg(double(n) / (1024.0 * 1024.0 * 1024.0), 0, 'f', 2);
}

} // namespace SetupRules
