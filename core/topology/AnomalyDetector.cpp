#include "AnomalyDetector.h"

#include "ConfigDrift.h"

#include "info/DataSize.h"

#include <QMap>
#include <QSet>

#include <algorithm>
#include <numeric>

namespace {

using Role = NodeSnapshot::Role;
using Severity = Anomaly::Severity;

// Data that is current: anything else is the last word of a node we cannot reach, and only
// its reachability is worth an anomaly.
bool fresh(const TopologyNode *n)
{
    return n && n->isUp() && n->hasSnapshot && !n->placeholder;
}

bool isDataRole(Role r)
{
    return r == Role::Master || r == Role::Replica;
}

bool isNullReplId(const QString &id)
{
    return id.isEmpty() || id.count(QLatin1Char('0')) == id.size();
}

QString durationText(qint64 seconds)
{
    if (seconds < 120)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 7200)
        return QStringLiteral("%1 min").arg(seconds / 60);
    if (seconds < 172800)
        return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
    return QStringLiteral("%1 days").arg(seconds / 86400);
}

QString majorMinor(const NodeSnapshot &s)
{
    const int v = s.versionNumber();
    return QStringLiteral("%1.%2").arg(v >> 16).arg((v >> 8) & 0xff);
}

Anomaly make(const char *kind, Severity severity, const QStringList &nodes, const QString &message,
             const QString &advice)
{
    Anomaly a;
    a.kind = QLatin1String(kind);
    a.severity = severity;
    a.nodes = nodes;
    a.message = message;
    a.advice = advice;
    return a;
}

void reachability(const Topology &t, QList<Anomaly> *out)
{
    for (const TopologyNode &n : t.nodes) {
        if (n.placeholder || n.isUp() || n.reachability == NodeReachability::Connecting)
            continue;
        const QString why = n.error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(n.error);
        const QDateTime seen = n.lastSeen.isValid() ? n.lastSeen : n.snapshot.takenAt;
        const QString stale = n.hasSnapshot && seen.isValid()
            ? QStringLiteral(" What Tandem shows for it is from %1 UTC and may be out of date.")
                  .arg(seen.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
            : QString();
        switch (n.reachability) {
        case NodeReachability::AuthFailed:
            out->append(make("auth_failed", Severity::Warning, {n.address},
                QStringLiteral("Tandem cannot log in to %1: the server refused the password or "
                               "user%2.").arg(n.address, why) + stale,
                QStringLiteral("Check the user and password in the connection settings (or the "
                               "SSH login if it goes through SSH), then reconnect. The server "
                               "itself may be fine.")));
            break;
        case NodeReachability::HostKeyUnknown:
            out->append(make("host_key_unknown", Severity::Warning, {n.address},
                QStringLiteral("Tandem does not poll %1 yet: the SSH host key of its gateway is "
                               "not known.").arg(n.address) + stale,
                QStringLiteral("Compare the fingerprint with the one on the host (ssh-keygen -lf "
                               "/etc/ssh/ssh_host_*_key.pub) and accept it if they match.")));
            break;
        case NodeReachability::HostKeyChanged:
            out->append(make("host_key_changed", Severity::Critical, {n.address},
                QStringLiteral("Tandem refuses to reach %1: the SSH host key of its gateway "
                               "changed since it was trusted.").arg(n.address) + stale,
                QStringLiteral("Find out why the key changed (reinstalled host, or someone in "
                               "the middle). Only if it is legitimate, remove the old key from "
                               "known_hosts and reconnect.")));
            break;
        default:
            out->append(make("unreachable", Severity::Warning, {n.address},
                QStringLiteral("Tandem cannot reach %1%2.").arg(n.address, why) + stale,
                QStringLiteral("Check that redis-server runs on that host and that the port is "
                               "reachable from here (firewall, bind address, SSH tunnel). "
                               "Tandem keeps retrying by itself.")));
            break;
        }
    }
}

// Replicas that cannot reach their master, grouped per master; a replica whose link is down
// while its master answers Tandem gets link_down instead.
void orphans(const Topology &t, QList<Anomaly> *out)
{
    for (const TopologyNode &m : t.nodes) {
        if (fresh(&m))
            continue;
        QStringList lost;
        for (const TopologyEdge *e : t.edgesFrom(m.address)) {
            if (fresh(t.node(e->replica)) && !e->linkUp && !e->syncInProgress)
                lost.append(e->replica);
        }
        if (lost.isEmpty())
            continue;
        const QString status = m.placeholder
            ? QStringLiteral("which Tandem does not poll")
            : QStringLiteral("which Tandem cannot reach either (%1)")
                  .arg(m.error.isEmpty() ? Topology::reachabilityName(m.reachability) : m.error);
        const QString who = lost.size() == 1 ? QStringLiteral("Replica %1 has").arg(lost.first())
                                              : QStringLiteral("Replicas %1 have")
                                                    .arg(lost.join(QStringLiteral(", ")));
        Anomaly a = make("master_unreachable", Severity::Critical, QStringList{m.address} + lost,
            QStringLiteral("%1 lost the link to master %2, %3. %4 older and older data, and if "
                           "the master is really down nothing in this group accepts writes.")
                .arg(who, m.address, status,
                     lost.size() == 1 ? QStringLiteral("It serves") : QStringLiteral("They serve")),
            QStringLiteral("Check whether %1 is running and reachable from its replicas. If it "
                           "is gone for good, Operations > Fail over... ranks the replicas by the "
                           "data each holds, promotes the best (through Sentinel if sentinels "
                           "watch this group), points the others at it and fences %1.")
                .arg(m.address));
        a.action = QStringLiteral("failover");
        out->append(a);
    }
}

void replicaChecks(const Topology &t, const AnomalySettings &s, QList<Anomaly> *out)
{
    for (const TopologyNode &r : t.nodes) {
        if (!fresh(&r) || r.role != Role::Replica)
            continue;
        const TopologyEdge *e = t.edgeTo(r.address);
        const TopologyNode *m = e ? t.node(e->master) : nullptr;
        if (r.snapshot.replicaReadOnly.has_value() && !*r.snapshot.replicaReadOnly)
            out->append(make("writable_replica", Severity::Warning, {r.address},
                QStringLiteral("Replica %1 accepts writes (replica-read-only is off). Whatever "
                               "clients write there never reaches the master and is silently "
                               "dropped at the next full sync.").arg(r.address),
                QStringLiteral("Unless an application needs this on purpose, run CONFIG SET "
                               "replica-read-only yes on %1 and put it in its redis.conf.")
                    .arg(r.address)));
        if (!e || !fresh(m))
            continue;
        if (!isDataRole(m->role)) {
            out->append(make("master_not_master", Severity::Critical, {r.address, m->address},
                QStringLiteral("Replica %1 replicates from %2, which is a %3, not a Redis data "
                               "node: it cannot receive any data.")
                    .arg(r.address, m->address, NodeSnapshot::roleName(m->role)),
                QStringLiteral("Point %1 at the real master (REPLICAOF host port). With "
                               "Sentinel, ask it for the master's address: SENTINEL "
                               "get-master-addr-by-name <name>.").arg(r.address)));
            continue;
        }
        if (!e->linkUp && !e->syncInProgress) {
            const QString since = e->linkDownSeconds
                ? QStringLiteral(" for %1").arg(durationText(*e->linkDownSeconds)) : QString();
            out->append(make("link_down", Severity::Critical, {r.address, m->address},
                QStringLiteral("Replica %1 has lost its link to master %2%3, although the "
                               "master answers Tandem. It serves stale data and falls further "
                               "behind.").arg(r.address, m->address, since),
                QStringLiteral("Read the replica's log for the reason: NOAUTH or \"Unable to "
                               "AUTH\" means masterauth is wrong; timeouts or refused "
                               "connections point at the network, bind or protected-mode on "
                               "the master. It reconnects by itself once the cause is gone.")));
            continue;
        }
        if (e->lagBytes && *e->lagBytes > s.lagBytesWarning)
            out->append(make("lag_bytes", Severity::Warning, {r.address, m->address},
                QStringLiteral("Replica %1 is %2 behind master %3.")
                    .arg(r.address, DataSize::text(*e->lagBytes), m->address),
                QStringLiteral("A short burst of writes explains this; if it keeps growing, "
                               "the replica or the network cannot keep up: check its CPU, disk "
                               "(AOF fsync), and bandwidth between the two. Do not fail over "
                               "to it while it lags.")));
        if (e->linkUp && e->lagSeconds && *e->lagSeconds > s.lagSecondsWarning)
            out->append(make("lag_seconds", Severity::Warning, {r.address, m->address},
                QStringLiteral("Master %1 has not heard from replica %2 for %3 (replicas "
                               "confirm every second).")
                    .arg(m->address, r.address, durationText(*e->lagSeconds)),
                QStringLiteral("The replica may be blocked (slow command, fork, swapping) or "
                               "the network drops packets. It will be disconnected after "
                               "repl-timeout (60 s by default).")));
    }
}

void masterChecks(const Topology &t, QList<Anomaly> *out)
{
    for (const TopologyNode &m : t.nodes) {
        if (!fresh(&m) || m.role != Role::Master)
            continue;
        const QList<const TopologyEdge *> edges = t.edgesFrom(m.address);
        if (edges.isEmpty())
            continue;
        const TopologyGroup *g = t.groupOf(m.address);
        const bool sentinels = g && !g->sentinels.isEmpty();
        const TopologyNode *only = edges.size() == 1 ? t.node(edges.first()->replica) : nullptr;
        if (fresh(only) && only->snapshot.replicaPriority == 0)
            out->append(make("sole_replica_priority_zero",
                sentinels ? Severity::Warning : Severity::Info, {m.address, only->address},
                QStringLiteral("%1 is the only replica of %2 and has replica-priority 0, so "
                               "Sentinel will never promote it: if %2 fails there is no "
                               "failover candidate.").arg(only->address, m.address),
                QStringLiteral("Set replica-priority to a non-zero value on %1 (CONFIG SET "
                               "replica-priority 100, and in redis.conf), or add another "
                               "replica that may be promoted.").arg(only->address)));
        const NodeSnapshot &s = m.snapshot;
        if (s.aofEnabled)
            continue;
        // INFO does not show the save schedule. When CONFIG GET save is not known, a master
        // with unsaved changes and no save for over an hour (every default schedule saves
        // within 3600 s after a change) is taken to have RDB snapshots off.
        bool noSave = false;
        QString evidence;
        if (m.saveConfig) {
            noSave = m.saveConfig->trimmed().isEmpty();
            evidence = QStringLiteral("appendonly is off and save is empty");
        } else {
            const qint64 lastSave = s.raw(QStringLiteral("persistence"),
                                          QStringLiteral("rdb_last_save_time")).toLongLong();
            const qint64 serverUsec = s.raw(QStringLiteral("server"),
                                            QStringLiteral("server_time_usec")).toLongLong();
            const qint64 now = serverUsec > 0 ? serverUsec / 1000000 : s.takenAt.toSecsSinceEpoch();
            const qint64 age = now - lastSave;
            noSave = lastSave > 0 && s.rdbChangesSinceLastSave.value_or(0) > 0
                && !s.rdbBgsaveInProgress && s.uptimeSeconds > 3600 && age > 3600;
            evidence = QStringLiteral("appendonly is off and %1 changes have not been saved for "
                                      "%2, so RDB snapshots are probably off too")
                           .arg(s.rdbChangesSinceLastSave.value_or(0)).arg(durationText(age));
        }
        if (noSave)
            out->append(make("master_without_persistence", Severity::Warning, {m.address},
                QStringLiteral("Master %1 has replicas but no persistence (%2). If it restarts "
                               "(crash, systemd restart) it comes back empty and its replicas "
                               "copy the empty dataset: all data is lost.")
                    .arg(m.address, evidence),
                QStringLiteral("Turn on AOF (CONFIG SET appendonly yes) or an RDB save schedule "
                               "on %1, or make sure it can never restart by itself before a "
                               "replica is promoted (no auto-restart; use Sentinel).")
                    .arg(m.address)));
    }
}

void persistenceErrors(const Topology &t, QList<Anomaly> *out)
{
    for (const TopologyNode &n : t.nodes) {
        if (!fresh(&n) || !isDataRole(n.role))
            continue;
        const NodeSnapshot &s = n.snapshot;
        const bool rdb = s.rdbLastBgsaveStatus == QLatin1String("err");
        const bool aof = s.aofEnabled && s.aofLastWriteStatus == QLatin1String("err");
        if (!rdb && !aof)
            continue;
        out->append(make("persistence_error", Severity::Critical, {n.address},
            QStringLiteral("%1 fails to write its %2 to disk. A master in this state refuses "
                           "writes (stop-writes-on-bgsave-error) or loses them on restart.")
                .arg(n.address, rdb ? QStringLiteral("RDB snapshot") : QStringLiteral("AOF")),
            QStringLiteral("Look in the server log for the error (disk full, permissions, "
                           "fork failed for lack of memory: vm.overcommit_memory=1), fix it, "
                           "then run BGSAVE to check.")));
    }
}

void versionMismatches(const Topology &t, QList<Anomaly> *out)
{
    for (const TopologyGroup &g : t.groups) {
        QMap<int, QStringList> byVersion;
        QStringList nodes;
        for (const QString &a : g.nodes) {
            const TopologyNode *n = t.node(a);
            if (fresh(n) && isDataRole(n->role) && n->snapshot.versionNumber() != 0) {
                byVersion[n->snapshot.versionNumber()].append(a);
                nodes.append(a);
            }
        }
        if (byVersion.size() < 2)
            continue;
        bool olderReplica = false;
        for (const TopologyEdge &e : t.edges) {
            const TopologyNode *m = t.node(e.master);
            const TopologyNode *r = t.node(e.replica);
            if (nodes.contains(e.replica) && fresh(m) && fresh(r)
                && r->snapshot.versionNumber() < m->snapshot.versionNumber())
                olderReplica = true;
        }
        QStringList parts;
        for (auto it = byVersion.cbegin(); it != byVersion.cend(); ++it)
            parts.append(QStringLiteral("%1 on %2").arg(majorMinor(t.node(it.value().first())->snapshot),
                                                        it.value().join(QStringLiteral(", "))));
        out->append(make("version_mismatch", olderReplica ? Severity::Warning : Severity::Info, nodes,
            QStringLiteral("The group of %1 runs different Redis versions: %2.%3")
                .arg(g.master.isEmpty() ? nodes.first() : g.master, parts.join(QStringLiteral("; ")),
                     olderReplica ? QStringLiteral(" A replica runs an older version than its "
                                                   "master and may fail to load what it sends.")
                                  : QString()),
            QStringLiteral("Mixed versions are fine only during a rolling upgrade: upgrade the "
                           "replicas first, fail over to an upgraded one, then upgrade the old "
                           "master.")));
    }
}

// Replicas that replicate from each other in a circle: nothing in it is a master.
void loops(const Topology &t, QList<Anomaly> *out)
{
    QSet<QString> reported;
    for (const TopologyNode &start : t.nodes) {
        QStringList path;
        const TopologyNode *n = &start;
        while (fresh(n) && n->role == Role::Replica && !path.contains(n->address)) {
            path.append(n->address);
            const TopologyEdge *e = t.edgeTo(n->address);
            n = e ? t.node(e->master) : nullptr;
        }
        if (!n || !path.contains(n->address) || reported.contains(n->address))
            continue;
        QStringList cycle = path.mid(path.indexOf(n->address));
        const auto lowest = std::min_element(cycle.begin(), cycle.end());
        std::rotate(cycle.begin(), lowest, cycle.end());
        for (const QString &a : std::as_const(cycle))
            reported.insert(a);
        out->append(make("replication_loop", Severity::Critical, cycle,
            QStringLiteral("%1 replicate from each other in a loop (%2). None of them is a "
                           "master, so none accepts writes and no new data enters.")
                .arg(cycle.join(QStringLiteral(", ")),
                     (cycle + QStringList{cycle.first()}).join(QStringLiteral(" -> "))),
            QStringLiteral("Pick the node whose data you want to keep (highest offset), run "
                           "REPLICAOF NO ONE on it, and point the others at it.")));
    }
}

} // namespace

AnomalyDetector::AnomalyDetector(const AnomalySettings &settings)
    : m_settings(settings)
{
}

QList<Anomaly> AnomalyDetector::detect(const Topology &topology)
{
    QList<Anomaly> out;
    reachability(topology, &out);
    out += splitBrains(topology);
    loops(topology, &out);
    orphans(topology, &out);
    replicaChecks(topology, m_settings, &out);
    out += fullSyncLoops(topology);
    masterChecks(topology, &out);
    persistenceErrors(topology, &out);
    versionMismatches(topology, &out);
    out += ConfigDrift::anomalies(topology);
    out += stalledSyncs(topology);
    // Worst first; otherwise the order above, which follows the topology's node order.
    std::stable_sort(out.begin(), out.end(), [](const Anomaly &a, const Anomaly &b) {
        return int(a.severity) > int(b.severity);
    });
    return out;
}

// Split brain: two nodes that both act as master although they share replication history.
// Evidence, any of: one's master_replid2 (the id it replicated under before it was promoted)
// is the other's master_replid, or both were promoted out of the same history (equal non-null
// master_replid2); or, for servers without replication ids, one was last seen replicating from
// the other. A shared sentinel master name is not evidence: "mymaster" is everyone's default.
QList<Anomaly> AnomalyDetector::splitBrains(const Topology &topology)
{
    QList<const TopologyNode *> masters;
    for (const TopologyNode &n : topology.nodes) {
        if (fresh(&n) && n.role == Role::Master)
            masters.append(&n);
        if (fresh(&n) && n.role == Role::Replica) {
            if (const TopologyEdge *e = topology.edgeTo(n.address))
                m_formerMaster.insert(n.address, e->master);
        }
    }
    for (auto it = m_formerMaster.begin(); it != m_formerMaster.end();) {
        if (!topology.node(it.key()))
            it = m_formerMaster.erase(it);
        else
            ++it;
    }
    const auto related = [this](const TopologyNode *a, const TopologyNode *b) {
        const NodeSnapshot &x = a->snapshot;
        const NodeSnapshot &y = b->snapshot;
        if (!isNullReplId(x.masterReplId2)
            && (x.masterReplId2 == y.masterReplId || x.masterReplId2 == y.masterReplId2))
            return true;
        if (!isNullReplId(y.masterReplId2) && y.masterReplId2 == x.masterReplId)
            return true;
        return m_formerMaster.value(a->address) == b->address
            || m_formerMaster.value(b->address) == a->address;
    };
    // Union-find over the masters, so three-way splits come out as one anomaly.
    QList<int> root(masters.size());
    std::iota(root.begin(), root.end(), 0);
    const auto find = [&root](int i) {
        while (root[i] != i)
            i = root[i] = root[root[i]];
        return i;
    };
    for (int i = 0; i < masters.size(); ++i) {
        for (int j = i + 1; j < masters.size(); ++j) {
            if (related(masters[i], masters[j]))
                root[find(j)] = find(i);
        }
    }
    QList<Anomaly> out;
    for (int i = 0; i < masters.size(); ++i) {
        if (find(i) != i)
            continue;
        QList<const TopologyNode *> set;
        for (int j = 0; j < masters.size(); ++j) {
            if (find(j) == i)
                set.append(masters[j]);
        }
        if (set.size() < 2)
            continue;
        // The master that still has replicas is most likely the one clients use: first.
        std::sort(set.begin(), set.end(), [&topology](const TopologyNode *a, const TopologyNode *b) {
            const qsizetype ra = topology.edgesFrom(a->address).size();
            const qsizetype rb = topology.edgesFrom(b->address).size();
            return ra != rb ? ra > rb : a->address < b->address;
        });
        QStringList nodes;
        QStringList described;
        for (const TopologyNode *n : std::as_const(set)) {
            nodes.append(n->address);
            const qsizetype replicas = topology.edgesFrom(n->address).size();
            described.append(QStringLiteral("%1 (offset %2, %3 %4)")
                                 .arg(n->address).arg(n->snapshot.masterReplOffset).arg(replicas)
                                 .arg(replicas == 1 ? QStringLiteral("replica")
                                                    : QStringLiteral("replicas")));
        }
        out.append(make("split_brain", Severity::Critical, nodes,
            QStringLiteral("Split brain: %1 %2 act as master although they come from one "
                           "replication group. Each accepts writes the %3.")
                .arg(set.size() == 2 ? described.join(QStringLiteral(" and "))
                                     : described.join(QStringLiteral(", ")),
                     set.size() == 2 ? QStringLiteral("both") : QStringLiteral("all"),
                     set.size() == 2 ? QStringLiteral("other never sees")
                                     : QStringLiteral("others never see")),
            QStringLiteral("Decide which node holds the data to keep (the one clients write "
                           "to; usually %1). If sentinels watch this group, check SENTINEL "
                           "MASTERS first: they may already be converging. Then point the "
                           "others at it with REPLICAOF host port: what was written on them "
                           "since the split is lost. If a node was detached on purpose, "
                           "ignore this.").arg(nodes.first())));
    }
    return out;
}

// A full sync is normal; one that makes no progress for repl-timeout is not. Redis itself
// drops a transfer that receives nothing for repl-timeout, and keeps a replica that waits for
// the master's snapshot alive with newlines while the master saves: so waiting counts as
// stalled only while the master is not saving either.
QList<Anomaly> AnomalyDetector::stalledSyncs(const Topology &topology)
{
    QList<Anomaly> out;
    QSet<QString> syncing;
    const QDateTime now = topology.takenAt;
    for (const TopologyEdge &e : topology.edges) {
        const TopologyNode *r = topology.node(e.replica);
        const TopologyNode *m = topology.node(e.master);
        if (!e.syncInProgress || !fresh(r))
            continue;
        syncing.insert(e.replica);
        const qint64 bytes = e.syncDoneBytes.value_or(-1);
        auto it = m_syncProgress.find(e.replica);
        if (it == m_syncProgress.end() || it->bytes != bytes || it->waiting != e.syncWaiting) {
            m_syncProgress.insert(e.replica, SyncProgress{now, bytes, e.syncWaiting});
            continue;
        }
        bool ok = false;
        const qint64 configured = r->settings.values.value(QStringLiteral("repl-timeout")).toLongLong(&ok);
        const qint64 timeout = ok && configured > 0 ? configured : 60;
        const qint64 still = it->since.secsTo(now);
        const bool masterSaving = fresh(m) && m->snapshot.rdbBgsaveInProgress;
        if (still <= timeout || (e.syncWaiting && masterSaving))
            continue;
        out.append(make("sync_stalled", Severity::Critical, {e.replica, e.master},
            e.syncWaiting
                ? QStringLiteral("Replica %1 has waited %2 for the snapshot of master %3, which is not "
                                 "saving one (repl-timeout is %4 s).")
                      .arg(e.replica, durationText(still), e.master).arg(timeout)
                : QStringLiteral("The full sync of replica %1 from master %2 has received nothing for %3 "
                                 "(repl-timeout is %4 s).")
                      .arg(e.replica, e.master, durationText(still)).arg(timeout),
            QStringLiteral("Read the logs of both: on the master, a failed fork or \"output buffer limits\"; "
                           "on the replica, disk or timeout errors. Redis retries by itself; a sync that "
                           "keeps failing shows as repeated full syncs.")));
    }
    m_syncProgress.removeIf([&syncing](const auto &it) { return !syncing.contains(it.key()); });
    return out;
}

// A master whose sync_full keeps growing faster than new replicas arrive is stuck in a
// full-sync loop (typically the replica output buffer limit cutting every transfer).
QList<Anomaly> AnomalyDetector::fullSyncLoops(const Topology &topology)
{
    QList<Anomaly> out;
    QSet<QString> present;
    for (const TopologyNode &n : topology.nodes) {
        present.insert(n.address);
        if (!fresh(&n) || !isDataRole(n.role))
            continue;
        SyncSample sample;
        sample.at = n.snapshot.takenAt.isValid() ? n.snapshot.takenAt : topology.takenAt;
        sample.syncFull = n.snapshot.syncFull;
        for (const TopologyEdge *e : topology.edgesFrom(n.address))
            sample.replicas.append(e->replica);
        QList<SyncSample> &history = m_syncHistory[n.address];
        // A counter that went down means a restart: what came before says nothing now.
        if (!history.isEmpty() && history.last().syncFull > sample.syncFull)
            history.clear();
        if (history.isEmpty() || history.last().at != sample.at)
            history.append(sample);
        const QDateTime horizon = sample.at.addSecs(-m_settings.fullSyncWindowSeconds);
        while (history.size() > 1 && history.first().at < horizon)
            history.removeFirst();
        const qint64 syncs = history.last().syncFull - history.first().syncFull;
        QSet<QString> newcomers;
        for (const SyncSample &s : std::as_const(history)) {
            for (const QString &r : s.replicas) {
                if (!history.first().replicas.contains(r))
                    newcomers.insert(r);
            }
        }
        // Each replica that attached in the window is owed one full sync.
        if (syncs < std::max<qint64>(m_settings.fullSyncRepeatCount, newcomers.size() + 1))
            continue;
        const qint64 span = history.first().at.secsTo(history.last().at);
        out.append(make("full_sync_loop", Severity::Critical, {n.address},
            QStringLiteral("%1 made %2 full syncs in %3. Its replicas are probably cut off "
                           "during every transfer and start over, loading %1 with a fork and "
                           "a full copy each time.").arg(n.address).arg(syncs).arg(durationText(span)),
            QStringLiteral("Look in the log of %1: \"scheduled to be closed ASAP for "
                           "overcoming of output buffer limits\" means raising "
                           "client-output-buffer-limit replica (e.g. 512mb 128mb 120); "
                           "timeouts mean raising repl-timeout; \"lack of backlog\" means "
                           "raising repl-backlog-size.").arg(n.address)));
    }
    m_syncHistory.removeIf([&present](const auto &it) { return !present.contains(it.key()); });
    return out;
}
