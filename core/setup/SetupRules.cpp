#include "SetupRules.h"

#include "SetupFacts.h"

#include "ops/NodeClients.h"

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

bool isLoopbackAddress(const QString &host)
{
    return host == QLatin1String("localhost") || host.startsWith(QLatin1String("127."))
        || host == QLatin1String("::1") || host == QLatin1String("[::1]");
}

QString bindProblem(const SetupNodeFacts &master, const QStringList &replicas)
{
    const QString bind = QString::fromUtf8(master.config.value("bind")).trimmed();
    bool onlyLoopback = !bind.isEmpty();
    for (QString b : bind.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (b.startsWith(QLatin1Char('-')))
            b = b.mid(1);
        if (!isLoopbackAddress(b))
            onlyLoopback = false;
    }
    QStringList remote;
    for (const QString &r : replicas) {
        if (!isLoopbackAddress(NodeClients::splitAddress(r).first))
            remote.append(r);
    }
    if (remote.isEmpty())
        return {};
    if (onlyLoopback)
        return QStringLiteral("bind is '%1': %2 cannot connect").arg(bind, remote.join(QStringLiteral(", ")));
    if (isLoopbackAddress(NodeClients::splitAddress(master.address).first))
        return QStringLiteral("the master's address is loopback: %1 would connect to itself")
            .arg(remote.join(QStringLiteral(", ")));
    const bool protectedMode = master.config.value("protected-mode") == "yes";
    if (protectedMode && master.config.value("requirepass").isEmpty() && bind.isEmpty())
        return QStringLiteral("protected-mode yes without bind or password refuses %1").arg(remote.join(QStringLiteral(", ")));
    return {};
}

} // namespace SetupRules
