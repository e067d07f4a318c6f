#include "MasterFence.h"

#include "AuditLog.h"
#include "Executor.h"
#include "FencePlanner.h"
#include "NodeClients.h"
#include "ReplicationSteps.h"

#include "info/InfoParser.h"
#include "topology/TopologyBuilder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>


MasterFence::MasterFence(NodeClients *clients, const QString &path, QObject *parent, AuditLog *audit)
    : QObject(parent)
    , m_clients(clients)
    , m_audit(audit)
    , m_path(path)
{
    load();
}

QString MasterFence::defaultPath()
{
    return AuditLog::defaultDirectory() + QStringLiteral("/fences.json");
}

qsizetype MasterFence::indexOf(const QString &address) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (TopologyBuilder::looselyEqual(m_entries.at(i).oldMaster, address))
            return i;
    }
    // The topology may know the node under another address (an alias).
    if (const TopologyNode *n = m_last.node(address)) {
        for (qsizetype i = 0; i < m_entries.size(); ++i) {
            if (m_last.node(m_entries.at(i).oldMaster) == n)
                return i;
        }
    }
    return -1;
}

void MasterFence::add(const QString &oldMaster, const QString &newMaster)
{
    if (oldMaster.isEmpty() || newMaster.isEmpty() || TopologyBuilder::looselyEqual(oldMaster, newMaster))
        return;
    const qsizetype i = indexOf(oldMaster);
    const Entry e{oldMaster, newMaster, QDateTime::currentDateTimeUtc()};
    if (i >= 0)
        m_entries[i] = e;
    else
        m_entries.append(e);
    m_prompted.remove(oldMaster);
    m_demotedAt.remove(oldMaster);
    save();
}

void MasterFence::remove(const QString &oldMaster)
{
    const qsizetype i = indexOf(oldMaster);
    if (i < 0)
        return;
    const QString key = m_entries.at(i).oldMaster;
    m_entries.removeAt(i);
    m_prompted.remove(key);
    m_demotedAt.remove(key);
    save();
}

bool MasterFence::isFenced(const QString &address) const
{
    return indexOf(address) >= 0;
}

QString MasterFence::targetFor(const Entry &entry) const
{
    // A later switchover may have moved the role on: follow whoever is the group's master now.
    const TopologyGroup *g = m_last.groupOf(entry.newMaster);
    if (g && !g->master.isEmpty() && !TopologyBuilder::looselyEqual(g->master, entry.oldMaster)) {
        const TopologyNode *m = m_last.node(g->master);
        // Only a view taken after the failover counts: an older one still shows the old roles.
        if (m && m->isUp() && m->role == NodeSnapshot::Role::Master && m->hasSnapshot && m->seenAt() > entry.since)
            return g->master;
    }
    return entry.newMaster;
}

void MasterFence::observe(const Topology &topology)
{
    m_last = topology;
    const QList<Entry> entries = m_entries;
    for (const Entry &e : entries) {
        const TopologyNode *n = topology.node(e.oldMaster);
        if (!n)
            continue;
        if (!n->isUp() || !n->hasSnapshot || n->placeholder) {
            // Seen up after the prompt and down now: its next return is a new one. (A prompt
            // raised by a probe while the topology lags behind is newer than lastSeen.)
            const auto prompted = m_prompted.constFind(e.oldMaster);
            if (prompted != m_prompted.constEnd() && n->hasSnapshot && n->seenAt() > *prompted)
                m_prompted.remove(e.oldMaster);
            probe(e.oldMaster);
            continue;
        }
        const TopologyGroup *newGroup = topology.groupOf(e.newMaster);
        const TopologyGroup *oldGroup = topology.groupOf(n->address);
        const QString target = targetFor(e);
        if (n->snapshot.role == NodeSnapshot::Role::Replica) {
            if (n->seenAt() <= e.since)
                continue;  // a view from before the fence was set
            const QString itsMaster = n->masterAddress.isEmpty() ? ReplicationSteps::masterOf(n->snapshot)
                                                                 : n->masterAddress;
            const bool follows = TopologyBuilder::looselyEqual(itsMaster, e.newMaster)
                || TopologyBuilder::looselyEqual(itsMaster, target)
                || (newGroup && newGroup == oldGroup && !TopologyBuilder::looselyEqual(newGroup->master, n->address));
            if (follows) {
                remove(e.oldMaster);
                Q_EMIT lifted(e.oldMaster);
            }
            continue;
        }
        if (n->snapshot.role != NodeSnapshot::Role::Master)
            continue;
        // The new master follows the old one: the group converged on it on purpose. Checked on
        // a view of the new master taken after the fence was set: right after a failover the
        // topology may still hold its snapshot from before the promotion.
        const TopologyNode *nm = topology.node(e.newMaster);
        const bool newMasterSeenSince = nm && nm->isUp() && nm->hasSnapshot && nm->seenAt() > e.since;
        if (newMasterSeenSince && newGroup && TopologyBuilder::looselyEqual(newGroup->master, n->address)) {
            remove(e.oldMaster);
            Q_EMIT lifted(e.oldMaster);
            continue;
        }
        // A snapshot from before our REPLICAOF was acknowledged says nothing new.
        const auto demotedAt = m_demotedAt.constFind(e.oldMaster);
        if (demotedAt != m_demotedAt.constEnd() && n->seenAt() <= *demotedAt)
            continue;
        returnedAsMaster(e.oldMaster);
    }
}

void MasterFence::returnedAsMaster(const QString &oldMaster)
{
    const qsizetype i = indexOf(oldMaster);
    if (i < 0)
        return;
    const Entry e = m_entries.at(i);
    if (m_mode == Mode::Automatic) {
        demote(e.oldMaster);
    } else if (!m_prompted.contains(e.oldMaster)) {
        m_prompted.insert(e.oldMaster, QDateTime::currentDateTimeUtc());
        Q_EMIT fenceNeeded(e.oldMaster, targetFor(e));
    }
}

void MasterFence::probe(const QString &oldMaster)
{
    if (!m_clients || m_probing.contains(oldMaster) || m_inFlight.contains(oldMaster))
        return;
    m_probing.insert(oldMaster);
    m_clients->connectAll({oldMaster}, 2000, this, [this, oldMaster](const QHash<QString, NetError> &failures) {
        if (failures.contains(oldMaster)) {
            m_probing.remove(oldMaster);
            // Seen down: its next return is a new one, worth a new prompt.
            m_prompted.remove(oldMaster);
            return;
        }
        m_clients->send(oldMaster, {"INFO", "replication"}, this, [this, oldMaster](const RespResult &r) {
            m_probing.remove(oldMaster);
            if (r.ok() && InfoParser::parse(r.value.bytes()).role == NodeSnapshot::Role::Master)
                returnedAsMaster(oldMaster);
        });
    });
}

void MasterFence::demote(const QString &oldMaster)
{
    const qsizetype i = indexOf(oldMaster);
    if (i < 0)
        return;
    const Entry e = m_entries.at(i);
    if (m_inFlight.contains(e.oldMaster))
        return;
    if (!m_clients) {
        Q_EMIT demoteFailed(e.oldMaster, QStringLiteral("no connections to send REPLICAOF through"));
        return;
    }
    const QString target = targetFor(e);
    const QString old = e.oldMaster;
    m_inFlight.append(old);
    auto *executor = new Executor(FencePlanner::demotion(old, target), m_clients, m_audit, this);
    connect(executor, &Executor::stepFinished, this, [this, executor, old, target](int, const StepRecord &rec) {
        if (rec.id != QLatin1String("demote") || rec.compensation || rec.status != StepRecord::Status::Succeeded)
            return;
        m_demotedAt.insert(old, QDateTime::currentDateTimeUtc());
        ExecutionReport partial;
        partial.steps = {rec};
        const FenceMeasurement m = FenceMeasurement::fromReport(partial);
        Q_EMIT demoted(old, target, m.writableForAtMostMs, m.acknowledgedWrites, executor->operationId());
    });
    connect(executor, &Executor::finished, this, [this, executor, old](const ExecutionReport &report) {
        m_inFlight.removeAll(old);
        executor->deleteLater();
        if (!FenceMeasurement::fromReport(report).demoted)
            Q_EMIT demoteFailed(old, report.message);
    });
    executor->start();
}

void MasterFence::load()
{
    m_entries.clear();
    m_error.clear();
    QFile f(m_path);
    if (!f.exists())
        return;
    if (!f.open(QIODevice::ReadOnly)) {
        m_error = QStringLiteral("cannot read %1: %2").arg(m_path, f.errorString());
        return;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        m_error = QStringLiteral("%1 is not a fence file: %2").arg(m_path, pe.errorString());
        return;
    }
    const QJsonArray fences = doc.object().value(QStringLiteral("fences")).toArray();
    for (const QJsonValue &v : fences) {
        const QJsonObject o = v.toObject();
        Entry e{o.value(QStringLiteral("old_master")).toString(), o.value(QStringLiteral("new_master")).toString(),
                QDateTime::fromString(o.value(QStringLiteral("since")).toString(), Qt::ISODateWithMs)};
        if (!e.oldMaster.isEmpty() && !e.newMaster.isEmpty())
            m_entries.append(e);
    }
}

void MasterFence::save() const
{
    QJsonArray fences;
    for (const Entry &e : m_entries)
        fences.append(QJsonObject{{QStringLiteral("old_master"), e.oldMaster},
                                  {QStringLiteral("new_master"), e.newMaster},
                                  {QStringLiteral("since"), e.since.toUTC().toString(Qt::ISODateWithMs)}});
    const QJsonObject root{{QStringLiteral("version"), 1}, {QStringLiteral("fences"), fences}};
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    // Atomic: a crash mid-write must not lose the fences already registered.
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(root).toJson()) < 0 || !f.commit()) {
        m_error = QStringLiteral("cannot write %1: %2").arg(m_path, f.errorString());
        return;
    }
    m_error.clear();
}
