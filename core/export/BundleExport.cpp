#include "BundleExport.h"

#include "TarGz.h"

#include <QCryptographicHash>
#include <QDateTime>

namespace {

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

const QByteArray kNetworkOnline = "[Unit]\n"
                                  "# The node binds to the host's own addresses: start once the network is up.\n"
                                  "Wants=network-online.target\n"
                                  "After=network-online.target\n";

} // namespace

QString BundleExport::dirOf(const QString &kind, const QString &host, quint16 port)
{
    QString safe = host;
    safe.remove(QLatin1Char('[')).remove(QLatin1Char(']')).replace(QLatin1Char(':'), QLatin1Char('-'));
    return QStringLiteral("%1/%2-%3").arg(kind, safe).arg(port);
}

QString BundleExport::hostPort(const QString &host, quint16 port)
{
    return host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                                           : QStringLiteral("%1:%2").arg(host).arg(port);
}

QList<QByteArray> BundleExport::fragmentOmits(bool aclUsers)
{
    QList<QByteArray> omit{"replicaof", "pidfile", "logfile", "dir", "dbfilename", "appendfilename",
                           "appenddirname", "daemonize", "supervised", "unixsocket", "aclfile"};
    if (aclUsers)
        omit << "user";  // they come from users.acl (redis-server refuses both)
    return omit;
}

QString BundleExport::folderName(const BundleInput &input)
{
    for (const BundleNode &n : input.nodes) {
        if (n.master)
            return dirOf(QStringLiteral("tandem-bundle"), n.host, n.port).replace(QLatin1Char('/'), QLatin1Char('-'));
    }
    return QStringLiteral("tandem-bundle");
}

QByteArray BundleExport::mainFile(const BundleNode &node, const BundleInput &input)
{
    const QByteArray port = QByteArray::number(node.port);
    QByteArray text = "# /etc/redis/redis-" + port + ".conf for " + hostPort(node.host, node.port).toUtf8()
                      + " (redis-server@" + port + "), written by Tandem " + TANDEM_VERSION + ".\n"
                      "# The settings are in the file included first; what follows it wins over it. CONFIG\n"
                      "# REWRITE and Sentinel rewrite this file (replicaof after a failover): keep your own\n"
                      "# changes in the included file.\n"
                      "include /etc/redis/redis-" + port + ".tandem.conf\n"
                      "pidfile /run/redis-" + port + "/redis-server.pid\n"
                      "logfile /var/log/redis/redis-server-" + port + ".log\n"
                      "dir /var/lib/redis\n"
                      "dbfilename dump-" + port + ".rdb\n"
                      "appenddirname appendonlydir-" + port + "\n";
    if (input.aclUsers)
        text += "aclfile /etc/redis/users.acl\n";
    if (!node.master)
        text += "replicaof " + node.masterHost.toUtf8() + ' ' + QByteArray::number(node.masterPort) + '\n';
    return text;
}

QByteArray BundleExport::serverDropIn(const BundleNode &node)
{
    const QByteArray port = QByteArray::number(node.port);
    return "# /etc/systemd/system/redis-server@" + port + ".service.d/tandem.conf, written by Tandem.\n"
           + kNetworkOnline
           + "\n[Service]\n"
             "# CONFIG REWRITE (after every change Tandem makes, and Sentinel's after a failover) writes\n"
             "# /etc/redis/redis-" + port + ".conf; the stock unit's ProtectSystem=strict keeps /etc read-only.\n"
             "ReadWritePaths=-/etc/redis\n";
}

QByteArray BundleExport::sentinelDropIn(const BundleSentinel &sentinel)
{
    const QByteArray port = QByteArray::number(sentinel.port);
    return "# /etc/systemd/system/redis-sentinel@" + port + ".service.d/tandem.conf, written by Tandem.\n"
           + kNetworkOnline
           + "\n[Service]\n"
             "# Sentinel rewrites /etc/redis/sentinel-" + port + ".conf on every change of its state.\n"
             "ReadWritePaths=-/etc/redis\n";
}

QList<ExportFile> BundleExport::files(const BundleInput &input)
{
    QList<ExportFile> files;
    for (const BundleNode &n : input.nodes) {
        const QString dir = dirOf(QStringLiteral("nodes"), n.host, n.port);
        const QString port = QString::number(n.port);
        files << ExportFile{QStringLiteral("%1/redis-%2.conf").arg(dir, port), mainFile(n, input)}
              << ExportFile{QStringLiteral("%1/redis-%2.tandem.conf").arg(dir, port), n.fragment}
              << ExportFile{QStringLiteral("%1/redis-server@%2.service.d/tandem.conf").arg(dir, port), serverDropIn(n)};
    }
    for (const BundleSentinel &s : input.sentinels) {
        const QString dir = dirOf(QStringLiteral("sentinels"), s.host, s.port);
        const QString port = QString::number(s.port);
        QByteArray conf = s.conf;
        if (!conf.endsWith('\n'))
            conf += '\n';
        conf += "# The host's paths (Debian's redis-sentinel@" + port.toUtf8() + " layout).\n"
                "pidfile /run/sentinel-" + port.toUtf8() + "/redis-sentinel.pid\n"
                "logfile /var/log/redis/redis-sentinel-" + port.toUtf8() + ".log\n";
        files << ExportFile{QStringLiteral("%1/sentinel-%2.conf").arg(dir, port), conf}
              << ExportFile{QStringLiteral("%1/redis-sentinel@%2.service.d/tandem.conf").arg(dir, port), sentinelDropIn(s)};
    }
    files << ExportFile{QStringLiteral("users.acl"), input.usersAcl}
          << ExportFile{QStringLiteral("topology.json"), input.topologyJson}
          << ExportFile{QStringLiteral("topology.txt"), input.topologyText};
    QByteArray sums;
    for (const ExportFile &f : files)
        sums += sha256(f.bytes).toLatin1() + "  " + f.name.toUtf8() + '\n';
    files << ExportFile{QStringLiteral("SHA256SUMS"), sums};
    files.prepend(ExportFile{QStringLiteral("README.md"), readme(input, files)});
    return files;
}

bool BundleExport::isArchivePath(const QString &destination)
{
    return destination.endsWith(QLatin1String(".tar.gz")) || destination.endsWith(QLatin1String(".tgz"));
}

bool BundleExport::writeTo(const QList<ExportFile> &files, const QString &folder, const QString &destination,
                           QString *error, ExportFile::Access access)
{
    if (!isArchivePath(destination))
        return ExportFile::writeAll(files, destination, error, access);
    const QByteArray archive = TarGz::archive(files, folder, error);
    return !archive.isEmpty() && ExportFile::writeOne(archive, destination, error, access);
}
