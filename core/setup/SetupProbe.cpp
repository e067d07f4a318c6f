#include "SetupProbe.h"

#include "ops/LiveNodeProbe.h"
#include "ops/NodeClients.h"
#include "ops/ReplicationSteps.h"

#include "info/InfoParser.h"
#include "ssh/RemoteCommand.h"
#include "ssh/SshSessionPool.h"

#include <QTimer>

#include <memory>

namespace {

const QList<QByteArray> &probedConfig()
{
    static const QList<QByteArray> names{
        "bind", "protected-mode", "requirepass", "masterauth", "masteruser", "tcp-keepalive", "appendonly",
        "appendfsync", "save", "repl-backlog-size", "client-output-buffer-limit", "replica-read-only",
        "min-replicas-to-write", "min-replicas-max-lag", "port", "dir", "aclfile"};
    return names;
}

const QList<QByteArray> &neededCommands()
{
    static const QList<QByteArray> names{"config", "replicaof", "psync", "replconf", "acl"};
    return names;
}

bool isSecretConfig(const QByteArray &name)
{
    return name == "requirepass" || name == "masterauth";
}

qint64 keysOf(const NodeSnapshot &snap)
{
    qint64 keys = 0;
    const QMap<QString, QString> keyspace = snap.sections.value(QStringLiteral("keyspace"));
    for (const QString &line : keyspace) {
        for (const QString &part : line.split(QLatin1Char(','))) {
            if (part.startsWith(QLatin1String("keys=")))
                keys += part.mid(5).toLongLong();
        }
    }
    return keys;
}

} // namespace

SetupProbe::SetupProbe(NodeClients *clients, QObject *parent)
    : QObject(parent)
    , m_clients(clients)
{
}

void SetupProbe::start(const SetupOptions &options)
{
    m_facts = SetupFacts();
    const QStringList all = QStringList{options.master} + options.replicas;
    Q_EMIT progress(QStringLiteral("Connecting to %1").arg(all.join(QStringLiteral(", "))));
    m_clients->connectAll(all, 10000, this, [this, all, options](const QHash<QString, NetError> &failures) {
        auto pending = std::make_shared<int>(0);
        auto readAll = std::make_shared<std::function<void()>>();
        for (const QString &a : all) {
            SetupNodeFacts &f = m_facts.nodes[a];
            f.address = a;
            f.hasSsh = m_clients->profile(a).ssh.enabled;
            if (failures.contains(a)) {
                f.error = failures.value(a).message;
                continue;
            }
            // INFO, CONFIG GET each, COMMAND INFO, ACL USERS: pipelined, counted.
            const int requests = 3 + int(probedConfig().size());
            *pending += requests;
            auto oneDone = [this, pending, options] {
                if (--*pending == 0)
                    measureRate(options);
            };
            m_clients->send(a, {"INFO"}, this, [this, a, oneDone, options](const RespResult &r) {
                SetupNodeFacts &nf = m_facts.nodes[a];
                if (r.ok()) {
                    const NodeSnapshot snap = InfoParser::parse(r.value.bytes());
                    nf.answered = true;
                    nf.version = snap.version;
                    nf.role = NodeSnapshot::roleName(snap.role);
                    nf.masterAddress = ReplicationSteps::masterOf(snap);
                    nf.runId = snap.runId;
                    nf.keys = keysOf(snap);
                    nf.usedMemory = snap.usedMemory;
                    nf.configFile = snap.configFile;
                    m_offsets.insert(a, snap.masterReplOffset);
                    if (a == options.master)
                        m_rateClock.start();
                } else {
                    nf.error = r.errorText();
                }
                oneDone();
            }, 5000);
            for (const QByteArray &name : probedConfig()) {
                m_clients->send(a, {"CONFIG", "GET", name}, this, [this, a, name, oneDone](const RespResult &r) {
                    const QList<RespValue> &e = r.value.elements();
                    if (r.ok() && e.size() >= 2) {
                        QByteArray value = e.at(1).bytes();
                        if (isSecretConfig(name))
                            value = value.isEmpty() ? QByteArray() : QByteArray("set");
                        m_facts.nodes[a].config.insert(name, value);
                    }
                    oneDone();
                });
            }
            QByteArrayList info{"COMMAND", "INFO"};
            info.append(neededCommands());
            m_clients->send(a, info, this, [this, a, oneDone](const RespResult &r) {
                const QList<RespValue> &e = r.value.elements();
                for (int i = 0; i < neededCommands().size(); ++i) {
                    if (!r.ok() || i >= e.size() || e.at(i).isNil())
                        m_facts.nodes[a].missingCommands.append(QString::fromLatin1(neededCommands().at(i)).toUpper());
                }
                oneDone();
            });
            m_clients->send(a, {"ACL", "USERS"}, this, [this, a, oneDone](const RespResult &r) {
                if (r.ok()) {
                    for (const RespValue &u : r.value.elements())
                        m_facts.nodes[a].aclUsers.append(u.text());
                }
                oneDone();
            });
        }
        if (*pending == 0)
            QTimer::singleShot(0, this, [this] { Q_EMIT finished(m_facts); });
    });
}

void SetupProbe::measureRate(const SetupOptions &options)
{
    const SetupNodeFacts *m = m_facts.node(options.master);
    bool allAnswered = true;
    for (const SetupNodeFacts &f : std::as_const(m_facts.nodes))
        allAnswered = allAnswered && f.answered;
    if (!allAnswered || !m) {
        Q_EMIT finished(m_facts);
        return;
    }
    Q_EMIT progress(QStringLiteral("Measuring the write rate on %1 for %2 ms").arg(options.master).arg(kRateWindowMs));
    m_partsLeft = 2;
    const qint64 before = m_offsets.value(options.master);
    QTimer::singleShot(qMax<qint64>(0, kRateWindowMs - m_rateClock.elapsed()), this, [this, options, before] {
        m_clients->send(options.master, {"INFO", "replication"}, this, [this, options, before](const RespResult &r) {
            if (r.ok()) {
                const NodeSnapshot snap = InfoParser::parse(r.value.bytes());
                const qint64 ms = qMax<qint64>(1, m_rateClock.elapsed());
                m_facts.nodes[options.master].writeBytesPerSecond = qMax<qint64>(0, (snap.masterReplOffset - before) * 1000 / ms);
            }
            partDone();
        });
    });
    walkChains(options, 0);
}

void SetupProbe::partDone()
{
    if (--m_partsLeft == 0)
        Q_EMIT finished(m_facts);
}

void SetupProbe::walkChains(const SetupOptions &options, int index)
{
    if (index >= options.replicas.size()) {
        checkReach(options);
        return;
    }
    const QString replica = options.replicas.at(index);
    auto *probe = new LiveNodeProbe(m_clients, this);
    connect(probe, &LiveNodeProbe::finished, this, [this, probe, options, index, replica](const LiveNodeFacts &f) {
        probe->deleteLater();
        if (index == 0)
            m_facts.masterChain = f.chain;
        if (f.masterIsNode)
            m_facts.loopClosers.insert(replica, replica);
        else if (!f.loopCloser.isEmpty())
            m_facts.loopClosers.insert(replica, f.loopCloser);
        if (!f.chainRead && m_facts.chainError.isEmpty())
            m_facts.chainError = QStringLiteral("the chain above %1 could not be read: %2").arg(options.master, f.chainError);
        walkChains(options, index + 1);
    });
    probe->start(replica, options.master);
}

void SetupProbe::checkReach(const SetupOptions &options)
{
    SshSessionPool *pool = m_clients->ssh();
    QStringList viaSsh;
    for (const QString &r : options.replicas) {
        if (pool && m_clients->profile(r).ssh.enabled)
            viaSsh.append(r);
    }
    if (viaSsh.isEmpty()) {
        checkFiles(options);
        return;
    }
    // The replica dials the master's address from its own host: try exactly that connect there.
    const auto [host, port] = NodeClients::splitAddress(options.master);
    const QString command = QStringLiteral("timeout 3 bash -c %1")
                                .arg(RemoteCommand::shellQuote(QStringLiteral("exec 3<>/dev/tcp/%1/%2").arg(host).arg(port)));
    Q_EMIT progress(QStringLiteral("Checking over SSH that %1 reach %2").arg(viaSsh.join(QStringLiteral(", ")), options.master));
    auto pending = std::make_shared<int>(int(viaSsh.size()));
    for (const QString &r : viaSsh) {
        const SshOptions ssh = m_clients->profile(r).ssh;
        pool->runCommand(ssh, command, this, [this, r, ssh, options, pending](int exitCode, const QByteArray &, const QByteArray &err,
                                                                              const NetError &error) {
            // Not run, or no bash/timeout there (126/127): not tested, said as such.
            if (error.isError() || exitCode == 126 || exitCode == 127) {
                m_facts.reachError.insert(r, error.isError() ? error.message : QStringLiteral("no bash/timeout on %1").arg(ssh.host));
            } else {
                m_facts.reachesMaster.insert(r, exitCode == 0);
                m_facts.reachError.insert(r, exitCode == 0
                                                 ? QStringLiteral("TCP connect from %1 succeeded").arg(ssh.host)
                                                 : QStringLiteral("TCP connect from %1 to %2 failed%3").arg(ssh.host, options.master,
                                                       exitCode == 124 ? QStringLiteral(" (no answer within 3 s)")
                                                                       : QString(QStringLiteral(": ") + QString::fromUtf8(err).trimmed())));
            }
            if (--*pending == 0)
                checkFiles(options);
        }, 15000);
    }
}

void SetupProbe::checkFiles(const SetupOptions &options)
{
    SshSessionPool *pool = m_clients->ssh();
    QStringList toRead;
    for (auto it = options.configFiles.cbegin(); it != options.configFiles.cend(); ++it) {
        const SetupNodeFacts *n = m_facts.node(it.key());
        if (pool && n && n->answered && n->configFile.isEmpty() && m_clients->profile(it.key()).ssh.enabled)
            toRead.append(it.key());
    }
    if (toRead.isEmpty()) {
        partDone();
        return;
    }
    Q_EMIT progress(QStringLiteral("Reading the config files to edit over SSH"));
    auto left = std::make_shared<int>(int(toRead.size()));
    for (const QString &a : toRead) {
        const QString path = options.configFiles.value(a);
        pool->readFile(m_clients->profile(a).ssh, path, this, [this, a, left](const QByteArray &, const RemoteFileInfo &,
                                                                             const NetError &error) {
            if (error.isError())
                m_facts.nodes[a].editFileError = error.message;
            if (--*left == 0)
                partDone();
        });
    }
}
