#include "MigrateProbe.h"

#include "MigrateLinkStep.h"

#include "doctor/HostFacts.h"
#include "info/InfoParser.h"
#include "ops/NodeClients.h"
#include "setup/SetupProbe.h"
#include "ssh/SshSessionPool.h"

#include <QDateTime>

#include <memory>

namespace {

const QList<QByteArray> &migrateConfigNames()
{
    static const QList<QByteArray> names{"databases", "maxmemory", "maxmemory-policy", "repl-diskless-sync",
                                         "repl-diskless-load", "client-output-buffer-limit", "repl-backlog-size", "dir", "tls-replication",
                                         "tls-ca-cert-file", "tls-ca-cert-dir"};
    return names;
}

const QList<QByteArray> &migrateCommands()
{
    static const QList<QByteArray> names{"dump", "client"};
    return names;
}

// "db3" -> 3; -1 when not a db line.
int dbNumber(const QString &name)
{
    if (!name.startsWith(QLatin1String("db")))
        return -1;
    bool ok = false;
    const int n = name.mid(2).toInt(&ok);
    return ok ? n : -1;
}

qint64 keyspaceField(const QString &line, const QString &field)
{
    for (const QString &part : line.split(QLatin1Char(','))) {
        if (part.startsWith(field + QLatin1Char('=')))
            return part.mid(field.size() + 1).toLongLong();
    }
    return 0;
}

// "normal 0 0 0 slave 268435456 67108864 60 pubsub ..." -> the replica class.
void parseReplicaLimit(const QByteArray &value, MigrateNodeFacts *f)
{
    const QList<QByteArray> parts = value.simplified().split(' ');
    for (qsizetype i = 0; i + 3 < parts.size(); i += 4) {
        if (parts.at(i) == "slave" || parts.at(i) == "replica") {
            f->replicaHardBytes = parts.at(i + 1).toLongLong();
            f->replicaSoftBytes = parts.at(i + 2).toLongLong();
            f->replicaSoftSeconds = parts.at(i + 3).toInt();
            f->replicaBufferLimit = QStringLiteral("replica %1 %2 %3")
                                        .arg(f->replicaHardBytes).arg(f->replicaSoftBytes).arg(f->replicaSoftSeconds);
        }
    }
}

MigrateClient parseClientLine(const QString &line)
{
    MigrateClient c;
    for (const QString &field : line.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype eq = field.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        const QStringView key = QStringView(field).left(eq);
        const QString value = field.mid(eq + 1);
        if (key == QLatin1String("addr"))
            c.address = value;
        else if (key == QLatin1String("name"))
            c.name = value;
        else if (key == QLatin1String("lib-name"))
            c.libName = value;
        else if (key == QLatin1String("cmd"))
            c.command = value;
    }
    return c;
}

} // namespace

MigrateProbe::MigrateProbe(NodeClients *clients, QObject *parent)
    : QObject(parent)
    , m_clients(clients)
{
}

void MigrateProbe::start(const MigrateOptions &options)
{
    m_facts = MigrateFacts();
    SetupOptions setup;
    setup.master = options.source;
    setup.replicas = {options.target};
    setup.auth = SetupOptions::Auth::Keep;
    auto *probe = new SetupProbe(m_clients, this);
    connect(probe, &SetupProbe::progress, this, &MigrateProbe::progress);
    connect(probe, &SetupProbe::finished, this, [this, probe, options](const SetupFacts &facts) {
        probe->deleteLater();
        m_facts.setup = facts;
        readExtras(options);
    });
    probe->start(setup);
}

void MigrateProbe::readExtras(const MigrateOptions &options)
{
    QStringList nodes;
    for (const QString &a : {options.source, options.target}) {
        const SetupNodeFacts *n = m_facts.setup.node(a);
        if (n && n->answered)
            nodes.append(a);
    }
    if (nodes.size() < 2) {
        Q_EMIT finished(m_facts);
        return;
    }
    Q_EMIT progress(QStringLiteral("Reading keyspaces, limits and clients"));
    auto pending = std::make_shared<int>(0);
    auto oneDone = [this, pending, options] {
        if (--*pending == 0)
            readHost(options);
    };
    for (const QString &a : std::as_const(nodes)) {
        MigrateNodeFacts *f = a == options.source ? &m_facts.source : &m_facts.target;
        *pending += 2 + int(migrateConfigNames().size());
        m_clients->send(a, {"INFO", "all"}, this, [f, oneDone](const RespResult &r) {
            if (r.ok()) {
                const NodeSnapshot snap = InfoParser::parse(r.value.bytes());
                const QMap<QString, QString> keyspace = snap.sections.value(QStringLiteral("keyspace"));
                for (auto it = keyspace.cbegin(); it != keyspace.cend(); ++it) {
                    const int db = dbNumber(it.key());
                    const qint64 keys = keyspaceField(it.value(), QStringLiteral("keys"));
                    if (db < 0 || keys <= 0)
                        continue;
                    f->dbKeys.append({db, keys});
                    f->dbExpires.append({db, keyspaceField(it.value(), QStringLiteral("expires"))});
                }
                for (const ReplicaEntry &e : snap.replicas)
                    f->replicas.append(QStringLiteral("%1:%2").arg(e.ip).arg(e.port));
                f->errorCounts = MigrateLinkStep::errorCounts(snap.sections.value(QStringLiteral("errorstats")));
                f->readonlyErrors = f->errorCounts.value(QStringLiteral("READONLY"));
            }
            oneDone();
        }, 5000);
        for (const QByteArray &name : migrateConfigNames()) {
            m_clients->send(a, {"CONFIG", "GET", name}, this, [f, name, oneDone](const RespResult &r) {
                const QList<RespValue> &e = r.value.elements();
                if (r.ok() && e.size() >= 2) {
                    const QByteArray v = e.at(1).bytes();
                    if (name == "databases")
                        f->databases = v.toInt();
                    else if (name == "maxmemory")
                        f->maxmemory = v.toLongLong();
                    else if (name == "maxmemory-policy")
                        f->maxmemoryPolicy = QString::fromUtf8(v);
                    else if (name == "repl-diskless-sync")
                        f->disklessSync = v == "yes";
                    else if (name == "repl-diskless-load")
                        f->disklessLoad = v != "disabled";
                    else if (name == "client-output-buffer-limit")
                        parseReplicaLimit(v, f);
                    else if (name == "repl-backlog-size")
                        f->backlogBytes = v.toLongLong();
                    else if (name == "dir")
                        f->dir = QString::fromUtf8(v);
                    else if (name == "tls-replication")
                        f->tlsReplication = v == "yes";
                    else if (name.startsWith("tls-ca-cert"))
                        f->tlsClientReady = f->tlsClientReady || !v.isEmpty();
                }
                oneDone();
            });
        }
        QByteArrayList info{"COMMAND", "INFO"};
        info.append(migrateCommands());
        m_clients->send(a, info, this, [f, oneDone](const RespResult &r) {
            const QList<RespValue> &e = r.value.elements();
            for (int i = 0; i < migrateCommands().size(); ++i) {
                if (!r.ok() || i >= e.size() || e.at(i).isNil())
                    f->missingCommands.append(QString::fromLatin1(migrateCommands().at(i)).toUpper());
            }
            oneDone();
        });
    }
    ++*pending;
    m_clients->send(options.source, {"CLIENT", "LIST"}, this, [this, oneDone](const RespResult &r) {
        if (r.ok()) {
            for (const QString &line : QString::fromUtf8(r.value.bytes()).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
                const MigrateClient c = parseClientLine(line.trimmed());
                // Tandem's own connections name themselves; replicas (flags S) and Sentinel are not clients to move.
                if (c.name.startsWith(QLatin1String("sentinel-"))) {
                    const QString host = c.address.left(c.address.lastIndexOf(QLatin1Char(':')));
                    if (!m_facts.source.sentinels.contains(host))
                        m_facts.source.sentinels.append(host);
                    continue;
                }
                if (c.name.startsWith(QLatin1String("tandem")) || line.contains(QLatin1String(" flags=S"))
                    || c.command == QLatin1String("client|list") || c.command == QLatin1String("client"))
                    continue;
                m_facts.source.clients.append(c);
            }
        }
        oneDone();
    });
}

void MigrateProbe::readHost(const MigrateOptions &options)
{
    SshSessionPool *pool = m_clients->ssh();
    const ConnectionProfile target = m_clients->profile(options.target);
    if (!pool || !target.ssh.enabled) {
        Q_EMIT finished(m_facts);
        return;
    }
    Q_EMIT progress(QStringLiteral("Reading free memory and disk on %1's host").arg(options.target));
    const QString script = HostFacts::script(0, m_facts.target.dir, QString(), 0);
    const double startedAt = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    pool->runCommand(target.ssh, script, this,
                     [this, target, startedAt](int, const QByteArray &out, const QByteArray &, const NetError &error) {
        if (!error.isError()) {
            const HostFacts host = HostFacts::parse(target.ssh.host, out, startedAt,
                                                    double(QDateTime::currentMSecsSinceEpoch()) / 1000.0);
            m_facts.target.hostAvailableBytes = host.memAvailableBytes;
            m_facts.target.diskAvailableBytes = host.diskFreeBytes;
        }
        Q_EMIT finished(m_facts);
    }, 15000);
}
