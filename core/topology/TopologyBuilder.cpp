#include "TopologyBuilder.h"

#include "AddressIndex.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <climits>
#include <numeric>
#include <tuple>

namespace {

// Working state of one node while the topology is assembled.
struct Work
{
    TopologyNode node;
    QStringList watchers;                // sentinels watching this node as a master
    QString sentinelName;
    NodeSnapshot::Role reportedRole = NodeSnapshot::Role::Unknown;
    int parent = -1;                     // index of the master it replicates from
    std::optional<ReplicaEntry> entry;   // the master's slaveN line for it
};

bool isUp(NodeReachability r)
{
    return r == NodeReachability::Up || r == NodeReachability::Loading;
}

// Which of two observations of one node tells the current truth.
bool isBetter(const NodeObservation &o, const TopologyNode &current)
{
    if (isUp(o.reachability) != current.isUp())
        return isUp(o.reachability);
    if (o.hasSnapshot != current.hasSnapshot)
        return o.hasSnapshot;
    return o.hasSnapshot && o.snapshot.takenAt > current.snapshot.takenAt;
}

void takeState(TopologyNode *n, const NodeObservation &o)
{
    n->reachability = o.reachability;
    n->error = o.error;
    n->hasSnapshot = o.hasSnapshot;
    n->snapshot = o.snapshot;
    n->lastSeen = o.lastSeen;
}

void appendUnique(QStringList *list, const QString &s)
{
    if (!s.isEmpty() && !list->contains(s))
        list->append(s);
}

QList<Work> mergeObservations(const QList<NodeObservation> &observations)
{
    QList<Work> work;
    QHash<QString, int> byAddress;
    QHash<QString, int> byRunId;
    for (const NodeObservation &o : observations) {
        if (o.address.isEmpty())
            continue;
        const QString runId = o.hasSnapshot ? o.snapshot.runId : QString();
        int target = byAddress.value(o.address, -1);
        if (target < 0 && !runId.isEmpty())
            target = byRunId.value(runId, -1);
        if (target < 0) {
            Work w;
            w.node.address = o.address;
            takeState(&w.node, o);
            w.node.saveConfig = o.saveConfig;
            w.node.settings = o.settings;
            w.watchers = o.watchingSentinels;
            w.sentinelName = o.sentinelMasterName;
            w.reportedRole = o.reportedRole;
            work.append(w);
            target = int(work.size() - 1);
        } else {
            Work &w = work[target];
            if (o.address != w.node.address)
                appendUnique(&w.node.aliases, o.address);
            if (isBetter(o, w.node))
                takeState(&w.node, o);
            if (!w.node.saveConfig)
                w.node.saveConfig = o.saveConfig;
            if (!w.node.settings.known)
                w.node.settings = o.settings;
            for (const QString &s : o.watchingSentinels)
                appendUnique(&w.watchers, s);
            if (w.sentinelName.isEmpty())
                w.sentinelName = o.sentinelMasterName;
            if (w.reportedRole == NodeSnapshot::Role::Unknown)
                w.reportedRole = o.reportedRole;
        }
        byAddress.insert(o.address, target);
        if (!runId.isEmpty() && !byRunId.contains(runId))
            byRunId.insert(runId, target);
    }
    for (Work &w : work) {
        const NodeSnapshot &s = w.node.snapshot;
        const bool own = w.node.hasSnapshot && s.role != NodeSnapshot::Role::Unknown;
        w.node.role = own ? s.role : w.reportedRole;
        if (own && s.role == NodeSnapshot::Role::Replica && !s.masterHost.isEmpty() && s.masterPort)
            w.node.masterAddress = TopologyBuilder::address(s.masterHost, s.masterPort);
    }
    return work;
}

int findOrAddPlaceholder(QList<Work> *work, AddressIndex *index, const QString &address,
                         const QString &why)
{
    const int found = index->find(address);
    if (found >= 0)
        return found;
    Work w;
    w.node.address = address;
    w.node.placeholder = true;
    w.node.role = NodeSnapshot::Role::Master;
    w.node.error = why;
    work->append(w);
    const int i = int(work->size() - 1);
    index->add(address, i);
    return i;
}

quint16 portOf(const TopologyNode &n)
{
    if (n.hasSnapshot && n.snapshot.tcpPort)
        return n.snapshot.tcpPort;
    QString host;
    quint16 port = 0;
    AddressIndex::split(n.address, &host, &port);
    return port;
}

// Masters list their replicas as the replicas announce themselves; attach each line to the
// replica it describes, and adopt replicas that cannot tell us their master themselves.
void attachReplicaLists(QList<Work> *work, const AddressIndex &index)
{
    const int count = int(work->size());
    for (int m = 0; m < count; ++m) {
        const TopologyNode &master = work->at(m).node;
        if (!master.hasSnapshot || master.role == NodeSnapshot::Role::Sentinel)
            continue;
        QList<ReplicaEntry> unmatched;
        for (const ReplicaEntry &e : master.snapshot.replicas) {
            const int r = index.find(TopologyBuilder::address(e.ip, e.port));
            if (r < 0 || r == m) {
                unmatched.append(e);
                continue;
            }
            Work &w = (*work)[r];
            const bool ownFreshReport = w.node.isUp() && w.node.hasSnapshot;
            if (w.parent == m) {
                if (!w.entry)
                    w.entry = e;
            } else if (w.parent < 0 && !ownFreshReport
                       && w.node.role != NodeSnapshot::Role::Sentinel) {
                w.parent = m;
                w.entry = e;
                w.node.role = NodeSnapshot::Role::Replica;
            }
        }
        // Announced addresses may differ from how Tandem reached a replica (NAT, hostnames):
        // pair what is left by port when that is unambiguous.
        for (const ReplicaEntry &e : unmatched) {
            const auto samePort = [&e](const ReplicaEntry &o) { return o.port == e.port; };
            if (std::count_if(unmatched.cbegin(), unmatched.cend(), samePort) != 1)
                continue;
            int match = -1;
            int matches = 0;
            for (int r = 0; r < count; ++r) {
                const Work &w = work->at(r);
                if (w.parent == m && !w.entry && portOf(w.node) == e.port) {
                    match = r;
                    ++matches;
                }
            }
            if (matches == 1)
                (*work)[match].entry = e;
        }
    }
}

// What the placeholder's replicas say about it: all links down means it is really gone.
void settlePlaceholders(QList<Work> *work, int firstPlaceholder)
{
    for (int i = 0; i < work->size(); ++i) {
        Work &p = (*work)[i];
        const bool roleKnown = p.node.hasSnapshot || p.node.role != NodeSnapshot::Role::Unknown;
        if (i < firstPlaceholder && roleKnown)
            continue;
        bool referenced = !p.watchers.isEmpty();
        bool anyLinkUp = false;
        bool anyFreshReplica = false;
        for (const Work &r : std::as_const(*work)) {
            if (r.parent != i)
                continue;
            referenced = true;
            if (r.node.isUp() && r.node.hasSnapshot) {
                anyFreshReplica = true;
                anyLinkUp = anyLinkUp || r.node.snapshot.masterLinkStatus == QLatin1String("up")
                    || r.node.snapshot.masterSyncInProgress;
            }
        }
        if (referenced)
            p.node.role = NodeSnapshot::Role::Master;
        if (p.node.placeholder)
            p.node.reachability = anyFreshReplica && !anyLinkUp ? NodeReachability::Unreachable
                                                                : NodeReachability::Connecting;
    }
}

bool sameHistory(const NodeSnapshot &replica, const NodeSnapshot &master)
{
    const auto isNull = [](const QString &id) {
        return id.isEmpty() || id.count(QLatin1Char('0')) == id.size();
    };
    if (isNull(replica.masterReplId) || isNull(master.masterReplId))
        return true;  // 2.8/3.2 have no replication ids: nothing to contradict the offsets
    return replica.masterReplId == master.masterReplId
        || (!isNull(master.masterReplId2) && replica.masterReplId == master.masterReplId2);
}

void fillSyncProgress(TopologyEdge *e, const NodeSnapshot &s)
{
    const auto nonNegative = [](const std::optional<qint64> &v) {
        return v && *v >= 0 ? v : std::nullopt;
    };
    if (s.masterSyncTotalBytes && *s.masterSyncTotalBytes > 0) {
        const qint64 total = *s.masterSyncTotalBytes;
        e->syncTotalBytes = total;
        e->syncDoneBytes = nonNegative(s.masterSyncReadBytes);
        e->syncLeftBytes = nonNegative(s.masterSyncLeftBytes);
        if (!e->syncLeftBytes && e->syncDoneBytes)
            e->syncLeftBytes = std::max<qint64>(0, total - *e->syncDoneBytes);
        if (s.masterSyncPercent)
            e->syncPercent = *s.masterSyncPercent;
        else if (e->syncDoneBytes)
            e->syncPercent = 100.0 * double(*e->syncDoneBytes) / double(total);
    } else {
        // Diskless (EOF-marked) transfers have no known size: 7.0 says total 0 and a negative
        // "left"; older versions say only a negative left. Bytes read is all that is true.
        e->syncDoneBytes = nonNegative(s.masterSyncReadBytes);
        e->syncLeftBytes = nonNegative(s.masterSyncLeftBytes);
    }
}

TopologyEdge makeEdge(const Work &master, const Work &replica)
{
    const TopologyNode &m = master.node;
    const TopologyNode &r = replica.node;
    TopologyEdge e;
    e.master = m.address;
    e.replica = r.address;
    const bool masterFresh = m.isUp() && m.hasSnapshot;
    const bool replicaFresh =
        r.isUp() && r.hasSnapshot && r.snapshot.role == NodeSnapshot::Role::Replica;
    const ReplicaEntry *entry = masterFresh && replica.entry ? &*replica.entry : nullptr;
    if (entry)
        e.state = entry->state;
    if (replicaFresh) {
        const NodeSnapshot &s = r.snapshot;
        e.linkUp = s.masterLinkStatus == QLatin1String("up");
        e.syncInProgress = s.masterSyncInProgress;
        // Until the master starts its transfer the replica says only "link down": the master's
        // own line (wait_bgsave) is what tells a first sync from a lost link.
        const bool masterPreparing = entry
            && (entry->state == QLatin1String("wait_bgsave") || entry->state == QLatin1String("send_bulk"));
        if (!e.linkUp && !e.syncInProgress && masterPreparing)
            e.syncInProgress = true;
        e.syncWaiting = e.syncInProgress && !s.masterSyncInProgress;
        // Before 7.0 a replica that never connected reports seconds since the epoch.
        const auto down = s.masterLinkDownSinceSeconds;
        if (!e.linkUp && !e.syncInProgress && down && *down >= 0
            && (s.uptimeSeconds <= 0 || *down <= s.uptimeSeconds))
            e.linkDownSeconds = down;
        if (e.syncInProgress)
            fillSyncProgress(&e, s);
    } else if (entry) {
        e.linkUp = entry->state == QLatin1String("online");
        e.syncInProgress = entry->state == QLatin1String("wait_bgsave")
            || entry->state == QLatin1String("send_bulk");
        e.syncWaiting = entry->state == QLatin1String("wait_bgsave");
    }
    // Lag needs the master's current offset and an applied offset from the same history.
    if (masterFresh && !e.syncInProgress) {
        std::optional<qint64> applied;
        if (replicaFresh && r.snapshot.replicaReplOffset && sameHistory(r.snapshot, m.snapshot))
            applied = r.snapshot.replicaReplOffset;  // fresher than the master's last ack
        else if (entry)
            applied = entry->offset;
        if (applied)  // a replica polled after its master may be ahead of what we saw
            e.lagBytes = std::max<qint64>(0, m.snapshot.masterReplOffset - *applied);
    }
    if (entry && entry->lagSeconds >= 0)
        e.lagSeconds = entry->lagSeconds;
    return e;
}

// Roots a group at `root` and walks its replicas breadth-first; `visited` stops loops.
void walkGroup(QList<Work> *work, const QList<QList<int>> &children, int root, int group,
               QSet<int> *visited)
{
    QList<int> queue{root};
    visited->insert(root);
    (*work)[root].node.depth = 0;
    for (qsizetype i = 0; i < queue.size(); ++i) {
        const int n = queue.at(i);
        (*work)[n].node.group = group;
        for (int c : children.at(n)) {
            if (visited->contains(c))
                continue;
            visited->insert(c);
            (*work)[c].node.depth = work->at(n).node.depth + 1;
            queue.append(c);
        }
    }
}

// A master Tandem cannot reach any more whose replicas all left it (a failover moved them on):
// its last report is history, not a group of its own. It joins the group that holds what it
// last called its replicas, or the master promoted out of its history (master_replid2), drawn
// there as down. -1 when nothing ties it to a group.
int formerGroup(const QList<Work> &work, int i, const AddressIndex &index)
{
    const NodeSnapshot &s = work.at(i).node.snapshot;
    for (const ReplicaEntry &e : s.replicas) {
        const int r = index.find(TopologyBuilder::address(e.ip, e.port));
        if (r >= 0 && r != i && work.at(r).node.group >= 0)
            return work.at(r).node.group;
    }
    const auto isNull = [](const QString &id) {
        return id.isEmpty() || id.count(QLatin1Char('0')) == id.size();
    };
    if (isNull(s.masterReplId))
        return -1;
    for (int m = 0; m < work.size(); ++m) {
        const TopologyNode &n = work.at(m).node;
        if (m != i && n.group >= 0 && n.isUp() && n.hasSnapshot && n.snapshot.masterReplId2 == s.masterReplId)
            return n.group;
    }
    return -1;
}

bool isStrayFormerMaster(const Work &w, const QList<int> &children)
{
    const TopologyNode &n = w.node;
    return !n.isUp() && n.reachability != NodeReachability::Connecting && n.hasSnapshot && !n.placeholder
        && n.snapshot.role == NodeSnapshot::Role::Master && w.parent < 0 && children.isEmpty();
}

QList<TopologyGroup> buildGroups(QList<Work> *work, const AddressIndex &index)
{
    const int count = int(work->size());
    QList<QList<int>> children(count);
    QList<int> roots;
    QList<int> order(count);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [work](int a, int b) { return work->at(a).node.address < work->at(b).node.address; });
    for (int i : std::as_const(order)) {
        const Work &w = work->at(i);
        if (w.node.role == NodeSnapshot::Role::Sentinel)
            continue;
        if (w.parent >= 0)
            children[w.parent].append(i);
    }
    // Every node that replicates from no one roots a group; so does a sentinel someone
    // wrongly replicates from, so that replica still has a group to be drawn in.
    for (int i : std::as_const(order)) {
        const Work &w = work->at(i);
        const bool sentinel = w.node.role == NodeSnapshot::Role::Sentinel;
        if (w.parent < 0 && (!sentinel || !children.at(i).isEmpty()))
            roots.append(i);
    }
    QList<TopologyGroup> groups;
    QSet<int> visited;
    QList<int> strays;
    for (int root : std::as_const(roots)) {
        if (isStrayFormerMaster(work->at(root), children.at(root))) {
            strays.append(root);
            continue;
        }
        TopologyGroup g;
        g.master = work->at(root).node.address;
        walkGroup(work, children, root, int(groups.size()), &visited);
        groups.append(g);
    }
    for (int stray : std::as_const(strays)) {
        const int joined = formerGroup(*work, stray, index);
        if (joined >= 0) {
            visited.insert(stray);
            (*work)[stray].node.group = joined;
            (*work)[stray].node.depth = 1;
            continue;
        }
        TopologyGroup g;
        g.master = work->at(stray).node.address;
        walkGroup(work, children, stray, int(groups.size()), &visited);
        groups.append(g);
    }
    // Whatever is left hangs off a replication loop. Root each loop at its lowest address.
    for (int i : std::as_const(order)) {
        if (visited.contains(i) || work->at(i).node.role == NodeSnapshot::Role::Sentinel)
            continue;
        QSet<int> path;
        int n = i;
        while (!path.contains(n) && work->at(n).parent >= 0 && !visited.contains(n)) {
            path.insert(n);
            n = work->at(n).parent;
        }
        // n is now on the cycle: collect it and pick its lowest address.
        int root = n;
        for (int c = work->at(n).parent; c >= 0 && c != n; c = work->at(c).parent) {
            if (work->at(c).node.address < work->at(root).node.address)
                root = c;
        }
        walkGroup(work, children, root, int(groups.size()), &visited);
        groups.append(TopologyGroup{});
    }
    return groups;
}

void attachSentinels(QList<Work> *work, QList<TopologyGroup> *groups, const AddressIndex &index)
{
    for (const Work &m : std::as_const(*work)) {
        if (m.node.group < 0 || m.node.role == NodeSnapshot::Role::Sentinel)
            continue;
        TopologyGroup &g = (*groups)[m.node.group];
        for (const QString &s : m.watchers) {
            appendUnique(&g.sentinels, s);
            const int si = index.find(s);
            if (si < 0 || work->at(si).node.role != NodeSnapshot::Role::Sentinel)
                continue;
            const int current = work->at(si).node.group;
            const bool rootsOwnGroup = current >= 0 && groups->at(current).master == s;
            if (!rootsOwnGroup && (current < 0 || current > m.node.group))
                (*work)[si].node.group = m.node.group;
        }
        // The name sentinels give the group's root wins over names of deeper nodes.
        if (!m.sentinelName.isEmpty() && (g.sentinelName.isEmpty() || m.node.depth == 0))
            g.sentinelName = m.sentinelName;
    }
    for (TopologyGroup &g : *groups)
        std::sort(g.sentinels.begin(), g.sentinels.end());
}

} // namespace

QString TopologyBuilder::address(const QString &host, quint16 port)
{
    if (host.contains(QLatin1Char(':')))
        return QLatin1Char('[') + host + QStringLiteral("]:") + QString::number(port);
    return host + QLatin1Char(':') + QString::number(port);
}

bool TopologyBuilder::looselyEqual(const QString &a, const QString &b)
{
    return a == b || AddressIndex::looseKey(a) == AddressIndex::looseKey(b);
}

Topology TopologyBuilder::build(const QList<NodeObservation> &observations, const QDateTime &now)
{
    QList<Work> work = mergeObservations(observations);
    const int observed = int(work.size());
    AddressIndex index;
    for (int i = 0; i < observed; ++i) {
        index.add(work.at(i).node.address, i);
        for (const QString &a : work.at(i).node.aliases)
            index.add(a, i);
    }
    // Sentinel addresses as the topology names them.
    for (Work &w : work) {
        QStringList canonical;
        for (const QString &s : std::as_const(w.watchers)) {
            const int si = index.find(s);
            appendUnique(&canonical, si >= 0 ? work.at(si).node.address : s);
        }
        w.watchers = canonical;
    }
    for (int i = 0; i < observed; ++i) {
        const QString master = work.at(i).node.masterAddress;
        if (!master.isEmpty())
            work[i].parent = findOrAddPlaceholder(
                &work, &index, master,
                QStringLiteral("Not polled: known only as the master its replicas point at."));
    }
    for (int i = 0; i < observed; ++i) {
        const TopologyNode &sentinel = work.at(i).node;
        if (sentinel.role != NodeSnapshot::Role::Sentinel || !sentinel.hasSnapshot)
            continue;
        for (const SentinelMasterEntry &e : sentinel.snapshot.sentinelMasters) {
            if (e.host.isEmpty() || !e.port)
                continue;
            const int m = findOrAddPlaceholder(
                &work, &index, address(e.host, e.port),
                QStringLiteral("Not polled: known only as a master a sentinel watches."));
            appendUnique(&work[m].watchers, work.at(i).node.address);
            if (work.at(m).sentinelName.isEmpty())
                work[m].sentinelName = e.name;
        }
    }
    attachReplicaLists(&work, index);
    settlePlaceholders(&work, observed);

    Topology t;
    t.takenAt = now;
    QList<TopologyGroup> groups = buildGroups(&work, index);
    attachSentinels(&work, &groups, index);

    // Stable order: by group, data nodes before sentinels, then depth, then address.
    QList<int> order(work.size());
    std::iota(order.begin(), order.end(), 0);
    // A sentinel is a member of a group's data nodes only when a replica points at it.
    const auto watcherOnly = [&groups](const TopologyNode &n) {
        return n.role == NodeSnapshot::Role::Sentinel
            && (n.group < 0 || groups.at(n.group).master != n.address);
    };
    const auto sortKey = [&work, &watcherOnly](int i) {
        const TopologyNode &n = work.at(i).node;
        return std::make_tuple(n.group < 0 ? INT_MAX : n.group, watcherOnly(n), n.depth);
    };
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        const auto ka = sortKey(a);
        const auto kb = sortKey(b);
        if (ka != kb)
            return ka < kb;
        return work.at(a).node.address < work.at(b).node.address;
    });
    for (int i : std::as_const(order)) {
        const TopologyNode &n = work.at(i).node;
        t.nodes.append(n);
        if (n.group >= 0 && !watcherOnly(n))
            groups[n.group].nodes.append(n.address);
        const int p = work.at(i).parent;
        if (p >= 0 && n.role != NodeSnapshot::Role::Sentinel)
            t.edges.append(makeEdge(work.at(p), work.at(i)));
    }
    t.groups = groups;
    return t;
}
