#include "TopologyMonitor.h"

#include "DiscoveryRules.h"
#include "NodeConfigReader.h"
#include "NodeMonitor.h"
#include "PlannedRoleChanges.h"
#include "RebuildThrottle.h"
#include "RemovedNodes.h"
#include "SentinelKnowledge.h"
#include "SentinelPoller.h"
#include "TopologyBuilder.h"
#include "TopologyDiff.h"
#include "net/RespClient.h"

#include <QHash>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

struct TopologyMonitor::Private
{
    struct Entry
    {
        QString address;
        ConnectionProfile profile;      // how this node is reached
        ConnectionProfile inheritable;  // what nodes found through it inherit
        bool seed = false;
        bool answered = false;          // answered or failed at least once
        NodeMonitor *monitor = nullptr; // null for an alias
        SentinelPoller *sentinel = nullptr;
        QString aliasOf;                // same run_id as this (polled) address
        QString runId;
        NodeConfigReader *config = nullptr;  // settings; the anomaly rules need its first round
    };

    explicit Private(TopologyMonitor *monitor) : q(monitor) {}

    Entry *find(const QString &address) const { return index.value(address); }
    Entry *add(const QString &address, const ConnectionProfile &profile, bool seed);
    void startMonitor(Entry *e);
    void dropMonitor(Entry *e);
    void remove(Entry *e);
    void discoverFrom(Entry *e, const QStringList &addresses);
    void onSnapshot(Entry *e);
    void onStatus(Entry *e);
    void onSentinelReport(Entry *e);
    bool becomeAlias(Entry *e);
    // New settings for a known node: its connection starts over with them.
    void reconnectWith(Entry *e, const ConnectionProfile &profile);
    QString canonical(const QString &address) const;
    QList<NodeObservation> observations() const;
    bool computeSettled() const;
    void markDirty();
    void rebuild();
    // A hung node (stopped process, blocked server) must not look alive for the whole
    // command timeout: two intervals, but never less than a second.
    int pollTimeout(const ConnectionProfile &p) const
    {
        const int bound = qMax(1000, 2 * q->m_intervalMs);
        return p.commandTimeoutMs > 0 ? qMin(p.commandTimeoutMs, bound) : bound;
    }

    TopologyMonitor *q;
    SshSessionPool *ssh = nullptr;
    TransportFactory transportFactory;
    std::vector<std::unique_ptr<Entry>> entries;  // in the order they became known
    QHash<QString, Entry *> index;                // address -> entry
    QHash<QString, QString> runIds;               // run_id -> polled address
    QSet<QString> promptedHostKeys;               // ssh session + fingerprint already asked
    RemovedNodes removed;
    PlannedRoleChanges planned;
    AnomalyDetector detector;
    bool discovery = true;
    bool settledState = false;
    QTimer tick;
    RebuildThrottle throttle{[this] { rebuild(); }};
};

TopologyMonitor::Private::Entry *TopologyMonitor::Private::add(const QString &address,
                                                               const ConnectionProfile &profile, bool seed)
{
    auto owned = std::make_unique<Entry>();
    Entry *e = owned.get();
    e->address = address;
    e->profile = profile;
    e->inheritable = profile;
    e->seed = seed;
    entries.push_back(std::move(owned));
    index.insert(address, e);
    startMonitor(e);
    return e;
}

void TopologyMonitor::Private::startMonitor(Entry *e)
{
    auto *m = new NodeMonitor(e->profile, ssh, q);
    m->setAutoPoll(false);  // `tick` polls every node at the same moment
    m->setInterval(q->m_intervalMs);
    m->setPollTimeout(pollTimeout(e->profile));
    if (transportFactory)
        m->setTransportFactory(transportFactory);
    QObject::connect(m, &NodeMonitor::snapshotChanged, q, [this, e] { onSnapshot(e); });
    QObject::connect(m, &NodeMonitor::statusChanged, q, [this, e] { onStatus(e); });
    e->monitor = m;
    e->answered = false;
    settledState = false;
    m->start();
}

void TopologyMonitor::Private::dropMonitor(Entry *e)
{
    if (e->sentinel) {
        e->sentinel->abort();
        e->sentinel->disconnect(q);
        e->sentinel->deleteLater();
        e->sentinel = nullptr;
    }
    if (e->config) {
        e->config->disconnect(q);
        e->config->deleteLater();
        e->config = nullptr;
    }
    if (NodeMonitor *m = e->monitor) {
        e->monitor = nullptr;
        m->disconnect(q);
        m->stop();
        m->deleteLater();  // we may be inside one of its signals
    }
    if (!e->runId.isEmpty() && runIds.value(e->runId) == e->address)
        runIds.remove(e->runId);
}

void TopologyMonitor::Private::remove(Entry *e)
{
    const QString address = e->address;
    dropMonitor(e);
    index.remove(address);
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        if (it->get() == e) {
            entries.erase(it);
            break;
        }
    }
    // Its aliases lost the twin they mirrored: they are polled themselves again.
    for (const auto &other : entries) {
        if (other->aliasOf == address) {
            other->aliasOf.clear();
            startMonitor(other.get());
        }
    }
}

void TopologyMonitor::Private::discoverFrom(Entry *e, const QStringList &addresses)
{
    if (!discovery)
        return;
    for (const QString &address : addresses) {
        if (!index.contains(address) && !removed.contains(address))
            add(address, DiscoveryRules::inherit(e->inheritable, address), false);
    }
}

QString TopologyMonitor::Private::canonical(const QString &address) const
{
    const Entry *e = find(address);
    return e && !e->aliasOf.isEmpty() ? e->aliasOf : address;
}

void TopologyMonitor::Private::reconnectWith(Entry *e, const ConnectionProfile &profile)
{
    e->profile = profile;
    if (e->monitor) {
        dropMonitor(e);
        startMonitor(e);
    }
    markDirty();
}

bool TopologyMonitor::Private::becomeAlias(Entry *e)
{
    const QString &runId = e->monitor->snapshot().runId;
    if (runId.isEmpty())
        return false;
    if (runId != e->runId) {
        if (!e->runId.isEmpty() && runIds.value(e->runId) == e->address)
            runIds.remove(e->runId);
        e->runId = runId;
    }
    const QString owner = runIds.value(runId);
    const Entry *other = owner.isEmpty() ? nullptr : find(owner);
    if (!other || other == e || !other->monitor || other->monitor->snapshot().runId != runId) {
        runIds.insert(runId, e->address);
        return false;
    }
    // The same server under a second address: polling it twice would only cost twice.
    dropMonitor(e);
    e->aliasOf = owner;
    e->answered = true;
    return true;
}

void TopologyMonitor::Private::onSnapshot(Entry *e)
{
    e->answered = true;
    if (becomeAlias(e)) {
        markDirty();
        return;
    }
    const NodeSnapshot &s = e->monitor->snapshot();
    discoverFrom(e, DiscoveryRules::linkedAddresses(s));
    if (s.role != NodeSnapshot::Role::Sentinel) {
        if (!e->config) {
            e->config = new NodeConfigReader(e->monitor, q);
            QObject::connect(e->config, &NodeConfigReader::updated, q, [this] { markDirty(); });
        }
        e->config->onSnapshot(s);
    }
    if (s.role == NodeSnapshot::Role::Sentinel) {
        // INFO already names the masters; SENTINEL queries add replicas and peer sentinels.
        QStringList masters;
        for (const SentinelMasterEntry &m : s.sentinelMasters)
            masters.append(DiscoveryRules::address(m.host, m.port));
        discoverFrom(e, masters);
        if (!e->sentinel) {
            e->sentinel = new SentinelPoller(e->monitor, q);
            QObject::connect(e->sentinel, &SentinelPoller::reportReady, q, [this, e] { onSentinelReport(e); });
            QObject::connect(e->sentinel, &SentinelPoller::roundFailed, q, [this] { markDirty(); });
        }
        e->sentinel->poll();
    }
    markDirty();
}

void TopologyMonitor::Private::onSentinelReport(Entry *e)
{
    const SentinelReport &r = e->sentinel->report();
    for (const SentinelReport::Master &m : r.masters) {
        discoverFrom(e, {m.address});
        discoverFrom(e, m.replicas);
        discoverFrom(e, m.sentinels);
    }
    markDirty();
}

void TopologyMonitor::Private::onStatus(Entry *e)
{
    NodeMonitor *m = e->monitor;
    const NodeMonitor::Status status = m->status();
    // Up is followed at once by the snapshot, which is what counts (it may name new nodes).
    if (status != NodeMonitor::Status::Connecting && status != NodeMonitor::Status::Up)
        e->answered = true;
    if (status != NodeMonitor::Status::Up) {
        if (e->sentinel)
            e->sentinel->abort();
        if (e->config)
            e->config->reset();  // it may come back with another configuration
    }

    const NetError error = m->lastError();
    if (status == NodeMonitor::Status::AuthFailed && DiscoveryRules::isNoPasswordConfigured(error)
        && (!e->profile.password.isEmpty() || !e->profile.user.isEmpty())) {
        // Keep the credentials for the nodes found through it (`inheritable`).
        e->profile.password.clear();
        e->profile.user.clear();
        dropMonitor(e);
        startMonitor(e);
        markDirty();
        return;
    }
    if (status == NodeMonitor::Status::HostKeyUnknown) {
        const QString key = e->profile.ssh.sessionKey() + QLatin1Char('|') + error.detail;
        if (!promptedHostKeys.contains(key)) {
            promptedHostKeys.insert(key);
            Q_EMIT q->hostKeyUnknown(e->address, e->profile.ssh.host, error.detail);
        }
    }
    markDirty();
}

QList<NodeObservation> TopologyMonitor::Private::observations() const
{
    SentinelKnowledge known;
    for (const auto &e : entries) {
        if (e->sentinel && e->sentinel->hasReport())
            known.add(e->address, e->sentinel->report(), [this](const QString &a) { return canonical(a); });
    }
    QList<NodeObservation> list;
    list.reserve(qsizetype(entries.size()));
    for (const auto &owned : entries) {
        const Entry *e = owned.get();
        // An alias reports what its polled twin sees, so the builder merges them by run_id.
        const Entry *source = e->aliasOf.isEmpty() ? e : find(e->aliasOf);
        if (!source || !source->monitor)
            continue;
        const NodeMonitor &m = *source->monitor;
        NodeObservation o;
        o.address = e->address;
        o.reachability = m.reachability();
        if (m.lastError().isError() && o.reachability != NodeReachability::Up)
            o.error = m.lastError().message;
        o.hasSnapshot = m.hasSnapshot();
        if (o.hasSnapshot) {
            o.snapshot = m.snapshot();
            o.lastSeen = o.snapshot.takenAt;
        }
        if (source->config) {
            o.saveConfig = source->config->save();
            o.settings = source->config->settings();
        }
        known.apply(source->address, &o);
        list.append(o);
    }
    return list;
}

bool TopologyMonitor::Private::computeSettled() const
{
    if (entries.empty())
        return false;  // nothing to wait for is not a finished discovery
    for (const auto &owned : entries) {
        const Entry *e = owned.get();
        if (!e->answered || (e->config && e->config->isPending()))
            return false;
        if (e->sentinel && e->sentinel->isBusy() && e->sentinel->roundsFinished() == 0)
            return false;
    }
    return true;
}

void TopologyMonitor::Private::markDirty()
{
    const bool nowSettled = computeSettled();
    if (nowSettled && !settledState) {
        // The complete picture is what a waiting caller wants: no reason to hold it back.
        settledState = true;
        rebuild();
        Q_EMIT q->settled();
        return;
    }
    settledState = nowSettled;
    throttle.request();
}

void TopologyMonitor::Private::rebuild()
{
    throttle.rebuilding();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Topology t = TopologyBuilder::build(observations(), now);
    if (!t.takenAt.isValid())
        t.takenAt = now;
    t.anomalies = detector.detect(t);
    QList<TopologyEvent> events = TopologyDiff::events(q->m_topology, t);
    planned.mark(&events);
    q->m_topology = t;
    Q_EMIT q->topologyChanged(q->m_topology);
    if (!events.isEmpty())
        Q_EMIT q->eventsOccurred(events);
}

void TopologyMonitor::expectRoleChanges(const QStringList &nodes, const QString &why, int forMs)
{
    d->planned.expect(nodes, why, forMs);
}

TopologyMonitor::TopologyMonitor(SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , d(new Private(this))
{
    qRegisterMetaType<Topology>();
    qRegisterMetaType<TopologyEvent>();
    d->ssh = ssh;
    d->tick.setInterval(m_intervalMs);
    connect(&d->tick, &QTimer::timeout, this, [this] {
        for (const auto &e : d->entries) {
            if (e->monitor)
                e->monitor->pollNow();
        }
        // At least one rebuild per interval, even when every node is down and silent.
        if (d->throttle.sinceLast() < 0 || d->throttle.sinceLast() >= m_intervalMs / 2)
            d->markDirty();
    });
    d->tick.start();
}

TopologyMonitor::~TopologyMonitor()
{
    for (const auto &e : d->entries) {
        if (e->monitor) {
            e->monitor->disconnect(this);
            delete e->monitor;
        }
        delete e->sentinel;
    }
    delete d;
}

void TopologyMonitor::addSeed(const ConnectionProfile &profile)
{
    const QString address = profile.address();
    d->removed.forget(address);
    if (Private::Entry *e = d->find(address)) {
        const bool answering = !e->monitor || e->monitor->status() == NodeMonitor::Status::Up;
        if (e->seed && answering)
            return;
        // Known with inherited (or refused) settings: the user's new ones win, e.g. a node
        // with a password of its own, or a corrected password.
        e->seed = true;
        e->inheritable = profile;
        d->reconnectWith(e, profile);
        return;
    }
    d->add(address, profile, true);
    d->markDirty();
}

void TopologyMonitor::setPassword(const QString &address, const QString &password)
{
    Private::Entry *e = d->find(address);
    if (!e || e->profile.password == password)
        return;
    ConnectionProfile profile = e->profile;
    profile.password = password;
    e->inheritable.password = password;
    d->reconnectWith(e, profile);
}

void TopologyMonitor::removeNode(const QString &address)
{
    Private::Entry *e = d->find(address);
    if (!e) {
        const TopologyNode *node = m_topology.node(address);
        e = node ? d->find(node->address) : nullptr;
    }
    if (!e)
        return;
    const QString target = d->canonical(e->address);
    QList<Private::Entry *> doomed;
    for (const auto &owned : d->entries) {
        if (owned->aliasOf == target)
            doomed.append(owned.get());  // aliases first, so none is revived by remove()
    }
    if (Private::Entry *owner = d->find(target))
        doomed.append(owner);
    for (Private::Entry *x : std::as_const(doomed)) {
        d->removed.remember(x->address, {x->profile, x->inheritable, x->seed});
        d->remove(x);
    }
    d->markDirty();
}

QStringList TopologyMonitor::removedNodes() const
{
    return d->removed.addresses();
}

void TopologyMonitor::restoreRemoved()
{
    const QHash<QString, RemovedNodes::Node> removed = d->removed.takeAll();
    for (auto it = removed.cbegin(); it != removed.cend(); ++it) {
        if (d->find(it.key()))
            continue;
        Private::Entry *e = d->add(it.key(), it->profile, it->seed);
        e->inheritable = it->inheritable;
    }
    d->markDirty();
}

void TopologyMonitor::clear()
{
    for (const auto &e : d->entries)
        d->dropMonitor(e.get());
    d->entries.clear();
    d->index.clear();
    d->runIds.clear();
    d->removed.clear();
    d->promptedHostKeys.clear();
    d->settledState = false;
    d->rebuild();
}

void TopologyMonitor::setInterval(int ms)
{
    m_intervalMs = qMax(50, ms);
    d->tick.setInterval(m_intervalMs);
    for (const auto &e : d->entries) {
        if (e->monitor) {
            e->monitor->setInterval(m_intervalMs);
            e->monitor->setPollTimeout(d->pollTimeout(e->profile));
        }
    }
}

void TopologyMonitor::setAnomalySettings(const AnomalySettings &settings)
{
    d->detector.setSettings(settings);
    d->markDirty();
}

void TopologyMonitor::setDiscovery(bool enabled)
{
    if (d->discovery == enabled)
        return;
    d->discovery = enabled;
    if (enabled) {
        // Known nodes point the way again with their next snapshot.
        return;
    }
    QList<Private::Entry *> discovered;
    for (const auto &e : d->entries) {
        if (!e->seed)
            discovered.append(e.get());
    }
    for (Private::Entry *e : std::as_const(discovered))
        d->remove(e);
    d->markDirty();
}

void TopologyMonitor::setTransportFactory(TransportFactory factory)
{
    d->transportFactory = std::move(factory);
    for (const auto &e : d->entries) {
        if (e->monitor)
            e->monitor->setTransportFactory(d->transportFactory);
    }
}

ConnectionProfile TopologyMonitor::profileFor(const QString &address) const
{
    if (const Private::Entry *e = d->find(address))
        return e->profile;
    if (const TopologyNode *node = m_topology.node(address)) {
        if (const Private::Entry *e = d->find(node->address))
            return e->profile;
    }
    // Not known (yet): how it would be reached if discovered from the first seed.
    for (const auto &e : d->entries) {
        if (e->seed)
            return DiscoveryRules::inherit(e->inheritable, address);
    }
    return DiscoveryRules::inherit(ConnectionProfile(), address);
}

bool TopologyMonitor::contains(const QString &address) const
{
    return d->index.contains(address) || m_topology.node(address) != nullptr;
}

bool TopologyMonitor::isSettled() const
{
    return d->computeSettled();
}

void TopologyMonitor::pollNow()
{
    for (const auto &e : d->entries) {
        if (e->monitor)
            e->monitor->pollNow();
    }
}

void TopologyMonitor::reconnect(const QString &address)
{
    Private::Entry *e = d->find(d->canonical(address));
    if (!e) {
        const TopologyNode *node = m_topology.node(address);
        e = node ? d->find(d->canonical(node->address)) : nullptr;
    }
    if (e && e->monitor)
        e->monitor->reconnect();
}

void TopologyMonitor::acceptHostKey(const QString &address, const QString &fingerprint)
{
    const Private::Entry *origin = d->find(d->canonical(address));
    if (!origin)
        return;
    // Every node behind the same SSH server waits for the same answer.
    const QString session = origin->profile.ssh.sessionKey();
    for (const auto &e : d->entries) {
        if (e->profile.ssh.sessionKey() != session)
            continue;
        e->profile.ssh.acceptFingerprint = fingerprint;
        e->inheritable.ssh.acceptFingerprint = fingerprint;
        if (e->monitor && e->monitor->status() == NodeMonitor::Status::HostKeyUnknown)
            e->monitor->acceptHostKey(fingerprint);
    }
    d->promptedHostKeys.remove(session + QLatin1Char('|') + fingerprint);
}
