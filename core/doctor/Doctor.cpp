#include "Doctor.h"

#include "DoctorFixes.h"
#include "HostChecks.h"
#include "HostFacts.h"
#include "LogSignatureTable.h"
#include "ServerChecks.h"

#include "ops/NodeClients.h"
#include "ssh/SshSessionPool.h"

#include <QDateTime>
#include <algorithm>
#include <QDir>
#include <QTimer>

struct Doctor::NodeRun
{
    Target target;
    ServerFacts facts;
    HostFacts host;
    bool hostRead = false;
    QString hostError;
    QString master;          // "host:port" when a replica
    qint64 firstInfoMs = 0;
    QString infoError;       // INFO failed: the node counts as unreachable
    int pending = 0;
};

namespace {

const QStringList kDoctorConfigNames{QStringLiteral("maxclients"), QStringLiteral("tcp-backlog"), QStringLiteral("dir"),
                               QStringLiteral("appendonly"), QStringLiteral("logfile")};

ServerFacts::Fields doctorAclEntry(const RespValue &entry)
{
    ServerFacts::Fields fields;
    const QList<RespValue> &kv = entry.elements();
    for (qsizetype i = 0; i + 1 < kv.size(); i += 2)
        fields.insert(kv.at(i).text(), kv.at(i + 1).text());
    return fields;
}

ServerFacts::SlowEntry doctorSlowEntry(const RespValue &entry)
{
    ServerFacts::SlowEntry e;
    const QList<RespValue> &parts = entry.elements();
    if (parts.size() < 4)
        return e;
    e.micros = parts.at(2).toInteger();
    QStringList words;
    for (const RespValue &a : parts.at(3).elements().mid(0, 4))
        words << a.text();
    e.command = words.join(QLatin1Char(' '));
    return e;
}

} // namespace

Doctor::Doctor(NodeClients *clients, QObject *parent)
    : QObject(parent)
    , m_clients(clients)
{
}

Doctor::~Doctor() = default;

void Doctor::run(const QList<Target> &targets)
{
    m_report = {};
    m_clocks.clear();
    m_pending = int(targets.size());
    m_serverPending = m_pending;
    m_hostQueue.clear();
    if (targets.isEmpty()) {
        Q_EMIT finished(m_report);
        return;
    }
    QStringList addresses;
    for (const Target &t : targets)
        addresses << t.node;
    Q_EMIT progress(QStringLiteral("Connecting to %1").arg(addresses.join(QStringLiteral(", "))));
    m_clients->connectAll(addresses, m_connectMs, this, [this, targets](const QHash<QString, NetError> &failures) {
        for (const Target &t : targets) {
            auto job = std::make_shared<NodeRun>();
            job->target = t;
            job->facts.node = t.node;
            if (failures.contains(t.node)) {
                m_report.unreachable.insert(t.node, failures.value(t.node).message);
                nodeDone(nullptr);
                serverDone(nullptr);
                continue;
            }
            readServer(job);
        }
    });
}

void Doctor::readServer(const std::shared_ptr<NodeRun> &job)
{
    const QString node = job->target.node;
    Q_EMIT progress(QStringLiteral("Reading INFO, CONFIG, ACL LOG and SLOWLOG of %1").arg(node));
    job->pending = 0;
    auto done = [this, job]() {
        if (--job->pending == 0)
            QTimer::singleShot(m_sampleMs, this, [this, job] { readAgain(job); });
    };
    ++job->pending;
    m_clients->send(node, {"INFO"}, this, [this, job, done](const RespResult &r) {
        if (!r.ok())
            job->infoError = QStringLiteral("INFO failed: ") + r.errorText();
        if (r.ok()) {
            job->firstInfoMs = QDateTime::currentMSecsSinceEpoch();
            job->facts.info = ServerFacts::parseInfo(r.value.bytes());
            if (job->facts.value(QStringLiteral("role")) == QLatin1String("slave"))
                job->master = job->facts.value(QStringLiteral("master_host")) + QLatin1Char(':')
                    + job->facts.value(QStringLiteral("master_port"));
        }
        done();
    }, m_commandMs);
    for (const QString &name : kDoctorConfigNames) {
        ++job->pending;
        m_clients->send(node, {"CONFIG", "GET", name.toUtf8()}, this, [job, done](const RespResult &r) {
            const QList<RespValue> &kv = r.value.elements();
            if (r.ok() && kv.size() >= 2)
                job->facts.config.insert(kv.at(0).text(), kv.at(1).text());
            done();
        }, m_commandMs);
    }
    ++job->pending;
    m_clients->send(node, {"CONFIG", "GET", "masterauth"}, this, [this, job, done](const RespResult &r) {
        const QList<RespValue> &kv = r.value.elements();
        const QByteArray masterAuth = r.ok() && kv.size() >= 2 ? kv.at(1).bytes() : QByteArray();
        if (!job->master.isEmpty()) {
            const QString password = m_clients->profile(job->master).password;
            job->facts.masterPasswordKnown = !password.isEmpty();
            job->facts.masterAuthMatches = masterAuth == password.toUtf8();
        }
        done();
    }, m_commandMs);
    ++job->pending;
    m_clients->send(node, {"ACL", "LOG", "10"}, this, [job, done](const RespResult &r) {
        if (r.ok() && r.value.isArray()) {
            for (const RespValue &e : r.value.elements())
                job->facts.aclLog.append(doctorAclEntry(e));
        }
        done();
    }, m_commandMs);
    ++job->pending;
    m_clients->send(node, {"SLOWLOG", "GET", "10"}, this, [job, done](const RespResult &r) {
        if (r.ok() && r.value.isArray()) {
            for (const RespValue &e : r.value.elements())
                job->facts.slowlog.append(doctorSlowEntry(e));
        }
        done();
    }, m_commandMs);
}

void Doctor::readAgain(const std::shared_ptr<NodeRun> &job)
{
    m_clients->send(job->target.node, {"INFO", "stats"}, this, [this, job](const RespResult &r) {
        if (r.ok()) {
            job->facts.infoLater = ServerFacts::parseInfo(r.value.bytes());
            job->facts.secondsBetween = double(QDateTime::currentMSecsSinceEpoch() - job->firstInfoMs) / 1000.0;
        }
        serverDone(job);
    }, m_commandMs);
}

void Doctor::serverDone(const std::shared_ptr<NodeRun> &job)
{
    if (job)
        m_hostQueue.append(job);
    if (--m_serverPending == 0)
        nextHost();
}

void Doctor::nextHost()
{
    if (!m_hostQueue.isEmpty())
        readHost(m_hostQueue.takeFirst());
}

void Doctor::readHost(const std::shared_ptr<NodeRun> &job)
{
    const SshOptions &ssh = job->target.host;
    if (!ssh.enabled || !m_clients->ssh() || !job->infoError.isEmpty()) {
        if (job->infoError.isEmpty())
            m_report.skipped.insert(job->target.node, QStringLiteral("No SSH host: host checks and the log were not read."));
        nodeDone(job);
        nextHost();
        return;
    }
    Q_EMIT progress(QStringLiteral("Reading host settings and the log of %1 over SSH (%2)").arg(job->target.node, ssh.host));
    const QString dir = job->facts.config.value(QStringLiteral("dir"));
    QString logfile = job->facts.config.value(QStringLiteral("logfile"));
    // redis-server opens a relative logfile from its working directory, which is dir.
    if (!logfile.isEmpty() && !logfile.startsWith(QLatin1Char('/')) && !dir.isEmpty())
        logfile = QDir(dir).filePath(logfile);
    const QString script = HostFacts::script(job->facts.number(QStringLiteral("process_id"), 0), dir, logfile,
                                             m_logLines);
    const double started = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    m_clients->ssh()->runCommand(
        ssh, script, this,
        [this, job, started](int, const QByteArray &out, const QByteArray &, const NetError &error) {
            if (error.isError()) {
                job->hostError = error.message;
                m_report.skipped.insert(job->target.node, QStringLiteral("SSH: ") + error.message);
            } else {
                const double ended = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
                job->host = HostFacts::parse(job->target.host.host, out, started, ended);
                job->hostRead = true;
                if (job->host.clockKnown)
                    m_clocks.insert(job->host.host, {job->target.node, job->host.clockOffsetSeconds});
            }
            nodeDone(job);
            nextHost();
        });
}

void Doctor::attachMasterAuthFix(Finding *finding, const NodeRun &nodeRun) const
{
    if (nodeRun.master.isEmpty())
        return;
    const ConnectionProfile master = m_clients->profile(nodeRun.master);
    if (master.password.isEmpty())
        return;
    finding->fix = DoctorFixes::masterAuth(nodeRun.target.node, nodeRun.master, master.user, master.password,
                                           !nodeRun.facts.value(QStringLiteral("config_file")).isEmpty());
}

void Doctor::nodeDone(const std::shared_ptr<NodeRun> &job)
{
    if (job && !job->infoError.isEmpty()) {
        m_report.unreachable.insert(job->target.node, job->infoError);
    } else if (job) {
        const QString node = job->target.node;
        QStringList kinds{QStringLiteral("server")};
        FindingList found = ServerChecks::run(job->facts);
        if (job->hostRead) {
            kinds << QStringLiteral("host");
            found += HostChecks::run(job->host, job->facts, job->target.host);
            if (!job->host.logSource.isEmpty()) {
                kinds << QStringLiteral("log");
                for (const Finding &f : LogSignatureTable::findings(job->host.log, node)) {
                    const bool known = std::any_of(found.cbegin(), found.cend(),
                                                   [&f](const Finding &g) { return g.code == f.code; });
                    if (!known)
                        found.append(f);
                }
            }
        }
        static const QStringList kAuthCodes{QStringLiteral("replica-masterauth"), QStringLiteral("replica-noauth"),
                                            QStringLiteral("replica-wrongpass")};
        for (Finding &f : found) {
            if (kAuthCodes.contains(f.code))
                attachMasterAuthFix(&f, *job);
        }
        m_report.findings += found;
        m_report.checked.insert(node, kinds);
    }
    if (--m_pending == 0) {
        compareClocks();
        Q_EMIT finished(m_report);
    }
}

void Doctor::compareClocks()
{
    if (m_clocks.size() < 2)
        return;
    auto [low, high] = std::minmax_element(m_clocks.cbegin(), m_clocks.cend(), [](const Clock &a, const Clock &b) {
        return a.offsetSeconds < b.offsetSeconds;
    });
    const double skew = high->offsetSeconds - low->offsetSeconds;
    if (skew <= HostChecks::kMaxClockOffsetSeconds)
        return;
    m_report.findings.append(Finding::make(
        Finding::Severity::Warning, QStringLiteral("clock-skew-hosts"), high->node,
        QStringLiteral("%1 is %2 s ahead of %3").arg(high.key()).arg(skew, 0, 'f', 2).arg(low.key()),
        QStringLiteral("The hosts' clocks disagree: log times do not line up and TTLs expire at different moments."),
        QStringLiteral("Run NTP (chrony or systemd-timesyncd) on every host."), high.key()));
}
