#include "LocalLab.h"

#include "LabManifest.h"
#include "LabServerConfig.h"
#include "LabStartup.h"
#include "LocalProcess.h"
#include "tls/CertificateAuthority.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>

#include <memory>
#include <vector>

namespace {

constexpr int kMaxReplicas = 64;
constexpr int kTermGraceMs = 3000;
constexpr int kKillWaitMs = 2000;

const QString kTlsDir = QStringLiteral("tls");

// Files a running server creates by itself in its directory (replicas store the RDB of a
// full sync even with `save ""`).
const QStringList kRuntimeFiles = {QStringLiteral("redis.pid"), QStringLiteral("redis.log"),
                                   QStringLiteral("dump.rdb"), QStringLiteral("temp-*.rdb")};

QString findServer(const QString &name)
{
    if (name.contains(QLatin1Char('/'))) {
        const QFileInfo fi(name);
        return fi.isFile() && fi.isExecutable() ? fi.absoluteFilePath() : QString();
    }
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty()) {
        path = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/bin"), QStringLiteral("/usr/sbin"),
                                                     QStringLiteral("/usr/local/bin")});
    }
    return path;
}

// Distinct free loopback ports: all are held open until every one is chosen.
QList<quint16> freePorts(int count)
{
    std::vector<std::unique_ptr<QTcpServer>> held;
    QList<quint16> ports;
    for (int i = 0; i < count; ++i) {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0))
            return {};
        ports.append(server->serverPort());
        held.push_back(std::move(server));
    }
    return ports;
}

QByteArray processHint(const QString &binary)
{
    const QString base = QFileInfo(binary).fileName();
    return base.isEmpty() ? QByteArrayLiteral("redis-server") : base.toUtf8();
}

} // namespace

struct LocalLab::Private
{
    QPointer<LabStartup> startup;
    bool hasPassword = false;  // password known only from the node's redis.conf after load()
    QString binary;
    bool createdDir = false;
    QStringList files;
    QStringList dirs;

    LabManifest manifest(const LocalLab *lab) const
    {
        LabManifest m;
        m.spec = lab->m_spec;
        m.spec.password.clear();
        m.hasPassword = hasPassword;
        m.redisServer = binary;
        m.createdDir = createdDir;
        m.nodes = lab->m_nodes;
        m.files = files;
        m.dirs = dirs;
        return m;
    }
};

LocalLab::LocalLab(const QString &dir, QObject *parent)
    : QObject(parent)
    , d(new Private)
    , m_dir(QDir(dir).absolutePath())
{
}

LocalLab::~LocalLab()
{
    if (m_stopOnDestroy)
        stop();
    else if (d->startup)
        d->startup->abort();  // the servers stay, as documented; only the watching stops
    delete d;
}

void LocalLab::start(const LabSpec &spec, int timeoutMs)
{
    // Failures are reported like every other outcome: asynchronously, after start() returned.
    const auto failLater = [this](const QString &reason) {
        QTimer::singleShot(0, this, [this, reason] { Q_EMIT failed(reason); });
    };
    if (d->startup && d->startup->isActive()) {
        failLater(QStringLiteral("the lab in %1 is already starting").arg(m_dir));
        return;
    }
    if (spec.replicas < 0 || spec.replicas > kMaxReplicas) {
        failLater(QStringLiteral("a lab has 0 to %1 replicas, not %2").arg(kMaxReplicas).arg(spec.replicas));
        return;
    }
    if (spec.chainedReplicas < 0 || spec.chainedReplicas > 26
        || (spec.chainedReplicas > 0 && spec.replicas < 1)) {
        failLater(QStringLiteral("chained replicas hang below replica1: 0 to 26 of them, and at least one replica"));
        return;
    }
    if (spec.standalone < 0 || spec.standalone > kMaxReplicas) {
        failLater(QStringLiteral("a standalone lab has 1 to %1 servers, not %2").arg(kMaxReplicas).arg(spec.standalone));
        return;
    }
    const QString binary = findServer(spec.redisServer);
    if (binary.isEmpty()) {
        failLater(QStringLiteral("%1 not found — apt-get install redis-server").arg(spec.redisServer));
        return;
    }
    if (load()) {
        for (const LabNode &node : std::as_const(m_nodes)) {
            if (isRunning(node)) {
                failLater(QStringLiteral("a lab is already running in %1").arg(m_dir));
                return;
            }
        }
        stop();  // leftovers of a lab whose servers are gone
    }

    m_spec = spec;
    m_nodes.clear();
    d->binary = binary;
    d->hasPassword = !spec.password.isEmpty();
    d->createdDir = !QFileInfo::exists(m_dir);
    d->files.clear();
    d->dirs.clear();
    const QDir labDir(m_dir);
    if (!labDir.mkpath(QStringLiteral("."))) {
        failLater(QStringLiteral("cannot create %1").arg(m_dir));
        return;
    }

    QString error;
    const auto abandon = [this, &failLater](const QString &reason) {
        stop();
        failLater(reason);
    };

    if (spec.tls) {
        const QString tlsDir = labDir.filePath(kTlsDir);
        if (!QFileInfo::exists(tlsDir))
            d->dirs << kTlsDir;
        const QStringList before = QDir(tlsDir).entryList(QDir::Files);
        if (!CertificateAuthority::create(tlsDir, QStringLiteral("Tandem lab CA"), &error)) {
            abandon(QStringLiteral("cannot create the lab CA: %1").arg(error));
            return;
        }
        const CertificateAuthority ca(tlsDir);
        if (!ca.issue(QStringLiteral("server"), QStringLiteral("127.0.0.1"),
                      {QStringLiteral("127.0.0.1"), QStringLiteral("localhost")}, false, &error)
            || !ca.issue(QStringLiteral("client"), QStringLiteral("tandem-lab-client"), {}, true, &error)) {
            abandon(QStringLiteral("cannot issue the lab certificates: %1").arg(error));
            return;
        }
        for (const QString &file : QDir(tlsDir).entryList(QDir::Files)) {
            if (!before.contains(file))
                d->files << kTlsDir + QLatin1Char('/') + file;
        }
    }

    const bool standalone = spec.standalone > 0;
    const int total = standalone ? spec.standalone : 1 + spec.replicas + spec.chainedReplicas;
    const QList<quint16> ports = freePorts(total);
    if (ports.size() != total) {
        abandon(QStringLiteral("no free loopback ports"));
        return;
    }
    QList<LabStartup::Launch> launches;
    for (int i = 0; i < total; ++i) {
        const bool chained = !standalone && i > spec.replicas;  // hangs below replica1
        const bool linked = !standalone && i > 0;
        LabNode node;
        node.name = standalone ? QStringLiteral("redis%1").arg(i + 1)
            : i == 0           ? QStringLiteral("master")
            : chained      ? QStringLiteral("replica1") + QChar(u'a' + (i - spec.replicas - 1))
                           : QStringLiteral("replica%1").arg(i);
        node.port = ports.at(i);
        int masterIndex = 0;
        if (chained)
            masterIndex = 1;
        else if (spec.chain && i > 1)
            masterIndex = i - 1;
        if (linked)
            node.masterName = m_nodes.at(masterIndex).name;
        m_nodes.append(node);

        LabServerConfig conf;
        conf.nodeDir = labDir.filePath(node.name);
        conf.port = node.port;
        if (linked) {
            conf.masterHost = node.host;
            conf.masterPort = ports.at(masterIndex);
        }
        conf.password = spec.password;
        conf.tls = spec.tls;
        conf.tlsCertFile = labDir.filePath(kTlsDir + QStringLiteral("/server.crt"));
        conf.tlsKeyFile = labDir.filePath(kTlsDir + QStringLiteral("/server.key"));
        conf.tlsCaFile = labDir.filePath(kTlsDir + QStringLiteral("/ca.crt"));
        if (!QFileInfo::exists(conf.nodeDir))
            d->dirs << node.name;
        if (!labDir.mkpath(node.name) || !conf.write(&error)) {
            abandon(error.isEmpty() ? QStringLiteral("cannot create %1").arg(conf.nodeDir) : error);
            return;
        }
        d->files << node.name + QStringLiteral("/redis.conf");

        LabStartup::Launch launch;
        launch.name = node.name;
        launch.configFile = conf.configFile();
        launch.pidFile = conf.pidFile();
        launch.logFile = conf.logFile();
        launch.profile = profileFor(node);
        launch.masterName = node.masterName;
        launches.append(launch);
    }
    // Written before any server exists, so a crash of this process still leaves a lab that
    // `tandemctl lab down` can find (by pidfile and working directory).
    if (!d->manifest(this).write(m_dir, &error)) {
        abandon(error);
        return;
    }

    auto *startup = new LabStartup(binary, launches, timeoutMs, this);
    d->startup = startup;
    connect(startup, &LabStartup::progress, this, &LocalLab::progress);
    connect(startup, &LabStartup::succeeded, this, [this, startup] {
        for (LabNode &node : m_nodes)
            node.pid = startup->pidOf(node.name);
        startup->deleteLater();
        QString writeError;
        if (!d->manifest(this).write(m_dir, &writeError)) {
            stop();
            Q_EMIT failed(writeError);
            return;
        }
        Q_EMIT started();
    });
    connect(startup, &LabStartup::failed, this, [this, startup](const QString &reason) {
        startup->deleteLater();
        stop();  // the reason already carries the log tail; stop() removes the logs
        Q_EMIT failed(reason);
    });
    startup->start();
}

bool LocalLab::load()
{
    LabManifest manifest;
    if (!manifest.read(m_dir, nullptr))
        return false;
    m_spec = manifest.spec;
    m_nodes = manifest.nodes;
    d->hasPassword = manifest.hasPassword;
    d->binary = manifest.redisServer;
    d->createdDir = manifest.createdDir;
    d->files = manifest.files;
    d->dirs = manifest.dirs;
    return true;
}

void LocalLab::stop()
{
    if (d->startup) {
        d->startup->abort();
        d->startup->deleteLater();
        d->startup = nullptr;
    }
    const bool knowsSomething = !m_nodes.isEmpty() || !d->files.isEmpty() || !d->dirs.isEmpty();
    if (!knowsSomething && !load())
        return;

    const QDir labDir(m_dir);
    const QByteArray hint = processHint(d->binary.isEmpty() ? m_spec.redisServer : d->binary);
    QList<qint64> pids;
    for (LabNode &node : m_nodes) {
        if (isRunning(node))
            pids << (node.pid > 0 ? node.pid
                                  : LocalProcess::readPidFile(labDir.filePath(node.name + QStringLiteral("/redis.pid"))));
        // Servers whose pid was never recorded (start-up interrupted) are found by their
        // working directory, which is the node's own directory.
        for (const qint64 pid : LocalProcess::findByWorkingDirectory(labDir.filePath(node.name), hint)) {
            if (!pids.contains(pid))
                pids << pid;
        }
    }
    if (!LocalProcess::terminate(pids, kTermGraceMs, kKillWaitMs))
        qWarning("LocalLab: some servers of %s could not be stopped", qPrintable(m_dir));

    // Only what the lab created: its recorded files, what its servers wrote, its directories.
    for (const QString &file : std::as_const(d->files))
        QFile::remove(labDir.filePath(file));
    for (const LabNode &node : std::as_const(m_nodes)) {
        QDir nodeDir(labDir.filePath(node.name));
        for (const QString &file : nodeDir.entryList(kRuntimeFiles, QDir::Files))
            nodeDir.remove(file);
    }
    QFile::remove(labDir.filePath(LabManifest::fileName()));
    for (const QString &dir : std::as_const(d->dirs))
        labDir.rmdir(dir);  // fails, as it should, if someone put files there
    if (d->createdDir)
        QDir().rmdir(m_dir);

    m_nodes.clear();
    d->files.clear();
    d->dirs.clear();
}

bool LocalLab::isRunning(const LabNode &node) const
{
    qint64 pid = node.pid;
    const QString nodeDir = QDir(m_dir).filePath(node.name);
    if (pid <= 0)
        pid = LocalProcess::readPidFile(QDir(nodeDir).filePath(QStringLiteral("redis.pid")));
    if (!LocalProcess::isAlive(pid))
        return false;
    // A recycled pid must not pass for our server: same program, same directory (or, when
    // the directory is not readable, the port in its process title).
    const QByteArray cmd = LocalProcess::commandLine(pid);
    const QByteArray hint = processHint(d->binary.isEmpty() ? m_spec.redisServer : d->binary);
    if (!cmd.contains(hint) && !cmd.contains("redis-server"))
        return false;
    const QString cwd = LocalProcess::workingDirectory(pid);
    if (!cwd.isEmpty())
        return cwd == QFileInfo(nodeDir).canonicalFilePath();
    return cmd.contains(QByteArray(':' + QByteArray::number(node.port)));
}

ConnectionProfile LocalLab::profileFor(const LabNode &node) const
{
    ConnectionProfile p;
    p.name = node.name;
    p.host = node.host;
    p.port = node.port;
    p.password = m_spec.password;
    if (p.password.isEmpty() && d->hasPassword) {
        // Not in lab.json by design; the node's redis.conf has to hold it anyway.
        p.password = LabServerConfig::readValue(
            QDir(m_dir).filePath(node.name + QStringLiteral("/redis.conf")), "requirepass");
    }
    if (m_spec.tls) {
        const QDir tls(QDir(m_dir).filePath(kTlsDir));
        p.tls.enabled = true;
        p.tls.caFile = tls.filePath(QStringLiteral("ca.crt"));
        p.tls.certFile = tls.filePath(QStringLiteral("client.crt"));
        p.tls.keyFile = tls.filePath(QStringLiteral("client.key"));
    }
    return p;
}
