#pragma once

#include "Plan.h"

#include "net/ConnectionProfile.h"
#include "topology/Topology.h"

#include <QByteArray>
#include <QString>

class SshSessionPool;

// Where a dead master's redis.conf can be edited: the host its profile reaches it through
// (like the config editor, Tandem takes the node's SSH settings as its own host) and the
// file's path there.
struct SshFenceTarget
{
    SshOptions ssh;
    QString path;

    bool isValid() const { return ssh.enabled && !ssh.host.isEmpty() && !path.isEmpty(); }
    QString describe() const;  // "user@host:/etc/redis/redis.conf"
    // The node's profile SSH settings and INFO config_file from its last snapshot; invalid
    // when either is missing.
    static SshFenceTarget of(const Topology &topology, const ConnectionProfile &profile, const QString &address);
};

// What the fence writes into the file.
struct SshFenceSettings
{
    QString newMaster;             // replicaof <host> <port>
    QString masterUser;            // masteruser when the group logs in as an ACL user
    QString masterPassword;        // masterauth (secret: never in titles, commands or details)
    int minReplicasMaxLag = -1;    // >= 0: also min-replicas-to-write 1 + min-replicas-max-lag
};

// The SSH fence: while the dead master is down, edit its redis.conf (replicaof the new master,
// masterauth, optionally min-replicas-*) through SshSessionPool::writeFile — the same safe
// replace the config editor uses (backup, temp upload, owner/mode, atomic rename; refused when
// the file changed since it was read) — so when it restarts it comes up as a replica and never
// acknowledges a write. A failover plan adds step() after the promotion; "Fence now" runs
// plan() as its own reviewed plan. The step fails (and says why) when the file cannot be
// read or written; OnFailure::Continue in a failover, where the automatic fence still acts.
class SshFencePlanner
{
public:
    static PlanStep step(SshSessionPool *ssh, const QString &oldMaster, const SshFenceTarget &target,
                         const SshFenceSettings &settings);
    // Operation "fence-config": only the file edit.
    static Plan plan(SshSessionPool *ssh, const QString &oldMaster, const SshFenceTarget &target,
                     const SshFenceSettings &settings);
    // The edited file (pure: lossless, comments and order kept). `changed` lists the
    // directives set, secrets as names only ("masterauth ******").
    static QByteArray edit(const QByteArray &file, const SshFenceSettings &settings, QStringList *changed = nullptr);
};
