#include "LabStartup.h"

#include "LocalProcess.h"
#include "info/InfoParser.h"
#include "net/RespClient.h"

#include <QFile>
#include <QProcess>

namespace {

constexpr int kRetryMs = 100;

// Lines redis logs right before it gives up after daemonizing (the launcher already exited 0).
const char *const kFatalMarkers[] = {
    "Failed listening on port",
    "Failed to configure TLS",
    "FATAL CONFIG FILE ERROR",
    "Fatal error",
    "Can't chdir",
    "Can't open the log file",
};

QByteArray readTail(const QString &path, qint64 bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    if (f.size() > bytes)
        f.seek(f.size() - bytes);
    return f.readAll();
}

} // namespace

LabStartup::LabStartup(const QString &binary, const QList<Launch> &nodes, int timeoutMs,
                       QObject *parent)
    : QObject(parent)
    , m_binary(binary)
    , m_timeoutMs(timeoutMs)
{
    for (const Launch &launch : nodes) {
        Node node;
        node.launch = launch;
        node.waitingFor = launch.masterName.isEmpty()
            ? QStringLiteral("the server to start")
            : QStringLiteral("%1 to be ready before it starts").arg(launch.masterName);
        m_nodes.append(node);
    }
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &LabStartup::onTimeout);
    m_ticker.setInterval(kRetryMs);
    connect(&m_ticker, &QTimer::timeout, this, &LabStartup::onTick);
}

LabStartup::~LabStartup()
{
    abort();
}

QString LabStartup::logTail(const QString &logFile, int lines)
{
    QList<QByteArray> all = readTail(logFile, 8192).trimmed().split('\n');
    if (all.size() > lines)
        all = all.mid(all.size() - lines);
    const QString text = QString::fromUtf8(all.join('\n')).trimmed();
    return text.isEmpty() ? QStringLiteral("(log %1 is empty)").arg(logFile) : text;
}

qint64 LabStartup::pidOf(const QString &name) const
{
    for (const Node &node : m_nodes) {
        if (node.launch.name == name)
            return node.pid;
    }
    return 0;
}

void LabStartup::start()
{
    m_active = true;
    m_clock.start();
    m_deadline.start(m_timeoutMs);
    m_ticker.start();
    launchReplicasOf(QString());
}

void LabStartup::launchReplicasOf(const QString &name)
{
    for (int i = 0; i < m_nodes.size() && m_active; ++i) {
        if (m_nodes.at(i).launch.masterName == name && !m_nodes.at(i).process)
            launch(i);
    }
}

void LabStartup::launch(int index)
{
    Node &node = m_nodes[index];
    node.process = new QProcess(this);
    node.process->setProcessChannelMode(QProcess::MergedChannels);
    connect(node.process, &QProcess::finished, this,
            [this, index](int exitCode, QProcess::ExitStatus status) {
                onLauncherFinished(index, exitCode, status == QProcess::CrashExit);
            });
    connect(node.process, &QProcess::errorOccurred, this, [this, index](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            fail(QStringLiteral("cannot run %1 for %2: %3")
                     .arg(m_binary, m_nodes.at(index).launch.name,
                          m_nodes.at(index).process->errorString()));
        }
    });
    Q_EMIT progress(QStringLiteral("starting %1 on %2")
                        .arg(node.launch.name, node.launch.profile.address()));
    node.process->start(m_binary, {node.launch.configFile});
}

void LabStartup::abort()
{
    const bool wasActive = m_active;
    m_active = false;
    m_deadline.stop();
    m_ticker.stop();
    dropClients();
    if (!wasActive)
        return;
    for (Node &node : m_nodes) {
        // A launcher only forks and exits; letting it finish means its daemon's pidfile
        // appears (or the server failed) before anyone cleans up.
        if (node.process && node.process->state() != QProcess::NotRunning)
            node.process->waitForFinished(3000);
        if (node.pid == 0)
            node.pid = LocalProcess::readPidFile(node.launch.pidFile);
    }
}

void LabStartup::onLauncherFinished(int index, int exitCode, bool crashed)
{
    if (!m_active)
        return;
    Node &node = m_nodes[index];
    const QString output = QString::fromUtf8(node.process->readAll()).trimmed();
    if (crashed || exitCode != 0) {
        // Config errors are reported before daemonizing, on the launcher's own output.
        fail(QStringLiteral("%1 did not start (%2 exited with %3): %4\n%5")
                 .arg(node.launch.name, m_binary,
                      crashed ? QStringLiteral("a crash") : QStringLiteral("code %1").arg(exitCode),
                      output.isEmpty() ? QStringLiteral("no output") : output,
                      logTail(node.launch.logFile)));
        return;
    }
    node.launched = true;
    node.waitingFor = QStringLiteral("a connection");
    connectNode(index);
}

void LabStartup::connectNode(int index)
{
    if (!m_active)
        return;
    Node &node = m_nodes[index];
    if (node.client)
        node.client->deleteLater();
    node.client = new RespClient(node.launch.profile, nullptr, this);
    RespClient *client = node.client;
    connect(client, &RespClient::ready, this, [this, index, client] {
        if (!m_active || m_nodes.at(index).client != client)
            return;
        Node &n = m_nodes[index];
        // The pidfile is written before the server accepts connections.
        n.pid = LocalProcess::readPidFile(n.launch.pidFile);
        poll(index);
    });
    const auto retry = [this, index, client](const NetError &error) {
        if (!m_active || m_nodes.at(index).client != client)
            return;
        m_nodes[index].waitingFor = QStringLiteral("a connection (%1)").arg(error.message);
        QTimer::singleShot(kRetryMs, this, [this, index, client] {
            if (m_active && m_nodes.at(index).client == client)
                connectNode(index);
        });
    };
    connect(client, &RespClient::connectFailed, this, retry);
    connect(client, &RespClient::connectionLost, this, retry);
    client->connectToServer();
}

void LabStartup::poll(int index)
{
    RespClient *client = m_nodes.at(index).client;
    if (!m_active || !client || !client->isReady())
        return;
    client->send({QByteArrayLiteral("INFO"), QByteArrayLiteral("replication")}, this,
                 [this, index, client](const RespResult &result) {
                     if (!m_active || m_nodes.at(index).client != client)
                         return;
                     if (!result.ok()) {
                         // A lost connection reconnects through connectionLost.
                         m_nodes[index].waitingFor = result.error.message;
                         if (client->isReady())
                             QTimer::singleShot(kRetryMs, this, [this, index] { poll(index); });
                         return;
                     }
                     onInfo(index, result.value.bytes());
                 });
}

void LabStartup::onInfo(int index, const QByteArray &info)
{
    Node &node = m_nodes[index];
    const NodeSnapshot s = InfoParser::parse(info);
    const bool replica = !node.launch.masterName.isEmpty();
    if (replica) {
        node.done = s.role == NodeSnapshot::Role::Replica && s.masterLinkStatus == QLatin1String("up");
        node.waitingFor = QStringLiteral("its replication link (role:%1, master_link_status:%2)")
                              .arg(NodeSnapshot::roleName(s.role),
                                   s.masterLinkStatus.isEmpty() ? QStringLiteral("none")
                                                                : s.masterLinkStatus);
    } else {
        node.done = s.role == NodeSnapshot::Role::Master;
        node.waitingFor = QStringLiteral("the master role (role:%1)").arg(NodeSnapshot::roleName(s.role));
    }
    if (!node.done) {
        QTimer::singleShot(kRetryMs, this, [this, index] { poll(index); });
        return;
    }
    Q_EMIT progress(replica
                        ? QStringLiteral("%1 is replicating from %2 (%3 ms)")
                              .arg(node.launch.name, node.launch.masterName).arg(m_clock.elapsed())
                        : QStringLiteral("%1 is up (%2 ms)").arg(node.launch.name).arg(m_clock.elapsed()));
    node.client->disconnectFromServer();
    node.client->deleteLater();
    node.client = nullptr;
    const QString name = node.launch.name;
    launchReplicasOf(name);
    finishIfAllDone();
}

void LabStartup::onTick()
{
    if (!m_active)
        return;
    for (const Node &node : std::as_const(m_nodes)) {
        if (!node.launched || node.done)
            continue;
        if (node.pid > 0 && !LocalProcess::isAlive(node.pid)) {
            fail(QStringLiteral("%1 (pid %2) exited during start-up:\n%3")
                     .arg(node.launch.name).arg(node.pid).arg(logTail(node.launch.logFile)));
            return;
        }
        const QByteArray log = readTail(node.launch.logFile, 65536);
        for (const char *marker : kFatalMarkers) {
            if (log.contains(marker)) {
                fail(QStringLiteral("%1 failed to start:\n%2")
                         .arg(node.launch.name, logTail(node.launch.logFile)));
                return;
            }
        }
    }
}

void LabStartup::onTimeout()
{
    if (!m_active)
        return;
    QStringList waiting;
    QString tail;
    for (const Node &node : std::as_const(m_nodes)) {
        if (node.done)
            continue;
        waiting << QStringLiteral("%1 waits for %2").arg(node.launch.name, node.waitingFor);
        if (tail.isEmpty())
            tail = QStringLiteral("last lines of %1's log:\n%2")
                       .arg(node.launch.name, logTail(node.launch.logFile));
    }
    fail(QStringLiteral("the lab did not come up within %1 ms: %2\n%3")
             .arg(m_timeoutMs).arg(waiting.join(QStringLiteral("; ")), tail));
}

void LabStartup::finishIfAllDone()
{
    for (const Node &node : std::as_const(m_nodes)) {
        if (!node.done)
            return;
    }
    m_active = false;
    m_deadline.stop();
    m_ticker.stop();
    dropClients();
    Q_EMIT succeeded();
}

void LabStartup::fail(const QString &reason)
{
    if (!m_active)
        return;
    abort();
    Q_EMIT failed(reason);
}

void LabStartup::dropClients()
{
    for (Node &node : m_nodes) {
        if (!node.client)
            continue;
        node.client->disconnectFromServer();
        node.client->deleteLater();
        node.client = nullptr;
    }
}
