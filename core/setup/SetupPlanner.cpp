#include "SetupPlanner.h"

#include "SetupRules.h"
#include "SetupSteps.h"
#include "SetupSyncWait.h"
#include "SetupVerify.h"

#include "ops/NodeClients.h"
#include "ops/ReplicationSteps.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace {

using Change = SetupSteps::ConfigChange;

void addNodePreconditions(Plan &plan, const SetupFacts &facts, const SetupOptions &options)
{
    const QStringList all = QStringList{options.master} + options.replicas;
    QStringList failures;
    QStringList versions;
    for (const QString &a : all) {
        const SetupNodeFacts *n = facts.node(a);
        if (!n || !n->answered)
            failures.append(a + QStringLiteral(": ") + (n ? n->error : QStringLiteral("not probed")));
        else
            versions.append(QStringLiteral("%1 Redis %2").arg(a, n->version));
    }
    plan.preconditions.append(Precondition::of(QStringLiteral("Every node answers"), failures.isEmpty(),
                                    failures.isEmpty() ? versions.join(QStringLiteral(", ")) : failures.join(QStringLiteral("; "))));
    QStringList seen;
    bool distinct = true;
    for (const QString &a : all) {
        distinct = distinct && !seen.contains(a);
        seen.append(a);
    }
    plan.preconditions.append(Precondition::of(QStringLiteral("The master and the replicas are distinct nodes"), distinct && !options.replicas.isEmpty(),
                                    options.replicas.isEmpty() ? QStringLiteral("no replica given") : all.join(QStringLiteral(", "))));
}

void addReplicaPreconditions(Plan &plan, const SetupFacts &facts, const SetupOptions &options)
{
    const SetupNodeFacts *m = facts.node(options.master);
    for (const QString &r : options.replicas) {
        const SetupNodeFacts *n = facts.node(r);
        if (!m || !n || !m->answered || !n->answered)
            continue;
        const int mf = SetupRules::rdbFormat(m->version);
        const int rf = SetupRules::rdbFormat(n->version);
        const bool older = (mf && rf) ? rf < mf : SetupRules::compareVersions(n->version, m->version) < 0;
        plan.preconditions.append(Precondition::of(QStringLiteral("%1 can load %2's snapshots (RDB format)").arg(r, options.master), !older,
                                        QStringLiteral("replica Redis %1 (RDB %2), master Redis %3 (RDB %4)")
                                            .arg(n->version).arg(rf).arg(m->version).arg(mf)));
        plan.preconditions.append(Precondition::of(QStringLiteral("%1 holds no data (REPLICAOF replaces it with the master's)").arg(r),
                                        n->keys == 0 || options.discardReplicaData,
                                        n->keys == 0 ? QStringLiteral("0 keys")
                                                     : QStringLiteral("%1 keys%2").arg(n->keys).arg(options.discardReplicaData
                                                             ? QStringLiteral(", to be discarded as asked")
                                                             : QStringLiteral("; --discard-replica-data to replace them"))));
        const bool followsOther = n->role == QLatin1String("replica")
            && NodeClients::splitAddress(n->masterAddress) != NodeClients::splitAddress(options.master);
        plan.preconditions.append(Precondition::of(QStringLiteral("%1 does not replicate from another master").arg(r),
                                        !followsOther || options.repoint,
                                        followsOther ? QStringLiteral("replica of %1%2").arg(n->masterAddress,
                                                           options.repoint ? QStringLiteral(", to be moved as asked")
                                                                           : QStringLiteral("; --repoint to move it"))
                                                     : QStringLiteral("role %1").arg(n->role)));
        const QString closer = facts.loopClosers.value(r);
        plan.preconditions.append(Precondition::of(QStringLiteral("%1 following %2 makes no loop").arg(r, options.master),
                                        closer.isEmpty() && facts.chainError.isEmpty(),
                                        !closer.isEmpty() ? QStringLiteral("loop: %1 replicates from %2").arg(closer, r)
                                        : !facts.chainError.isEmpty() ? facts.chainError
                                        : QStringLiteral("chain above the master: %1")
                                              .arg(facts.masterChain.isEmpty() ? QStringLiteral("none")
                                                                               : facts.masterChain.join(QStringLiteral(" -> ")))));
        if (facts.reachesMaster.contains(r))
            plan.preconditions.append(Precondition::of(QStringLiteral("%1's host reaches %2").arg(r, options.master), facts.reachesMaster.value(r),
                                            facts.reachError.value(r, QStringLiteral("TCP connect succeeded"))));
        else if (facts.reachError.contains(r))
            plan.risks.append(QStringLiteral("Not tested whether %1's host reaches %2 (%3): the sync step will tell")
                                  .arg(r, options.master, facts.reachError.value(r)));
    }
}

void addCommandPreconditions(Plan &plan, const SetupFacts &facts, const SetupOptions &options)
{
    const QStringList all = QStringList{options.master} + options.replicas;
    QStringList missing;
    QStringList noFile;
    QStringList overSsh;
    for (const QString &a : all) {
        const SetupNodeFacts *n = facts.node(a);
        if (!n || !n->answered)
            continue;
        QStringList needed = n->missingCommands;
        if (options.auth != SetupOptions::Auth::Acl)
            needed.removeAll(QStringLiteral("ACL"));
        if (!needed.isEmpty())
            missing.append(QStringLiteral("%1: %2").arg(a, needed.join(QStringLiteral(", "))));
        const QString path = options.configFiles.value(a);
        if (n->configFile.isEmpty() && n->hasSsh && !path.isEmpty() && n->editFileError.isEmpty())
            overSsh.append(QStringLiteral("%1 (%2)").arg(a, path));
        else if (n->configFile.isEmpty() && !n->editFileError.isEmpty())
            noFile.append(QStringLiteral("%1 (%2 cannot be read over SSH: %3)").arg(a, path, n->editFileError));
        else if (n->configFile.isEmpty())
            noFile.append(a + (n->hasSsh ? QStringLiteral(" (--config-file NODE=PATH names the file to edit over SSH)")
                                         : QStringLiteral(" (no SSH to edit a file with)")));
    }
    plan.preconditions.append(Precondition::of(QStringLiteral("The commands set-up needs are available (CONFIG, REPLICAOF, PSYNC, REPLCONF%1)")
                                         .arg(options.auth == SetupOptions::Auth::Acl ? QStringLiteral(", ACL") : QString()),
                                     missing.isEmpty(),
                                     missing.isEmpty() ? QStringLiteral("none renamed or disabled")
                                                       : QStringLiteral("renamed or disabled: ") + missing.join(QStringLiteral("; "))));
    QString fileDetail = noFile.isEmpty() ? QStringLiteral("config_file set on every node")
                                          : QStringLiteral("started without a config file (a restart would lose the set-up): ")
                                                + noFile.join(QStringLiteral(", "));
    if (!overSsh.isEmpty())
        fileDetail = (noFile.isEmpty() ? QStringLiteral("CONFIG REWRITE on the others; ") : fileDetail + QStringLiteral("; "))
            + QStringLiteral("edited over SSH: ") + overSsh.join(QStringLiteral(", "));
    plan.preconditions.append(Precondition::of(QStringLiteral("Every node has a config file for CONFIG REWRITE or an SSH edit"),
                                         noFile.isEmpty(), fileDetail));
    if (const SetupNodeFacts *m = facts.node(options.master); m && m->answered) {
        const QString problem = SetupRules::bindProblem(*m, options.replicas);
        plan.preconditions.append(Precondition::of(QStringLiteral("The master admits connections from the replicas"), problem.isEmpty(),
                                        problem.isEmpty() ? QStringLiteral("bind '%1', protected-mode %2")
                                                                .arg(QString::fromUtf8(m->config.value("bind")),
                                                                     QString::fromUtf8(m->config.value("protected-mode")))
                                                          : problem));
    }
}

void addAuthPreconditions(Plan &plan, const SetupFacts &facts, const SetupOptions &options)
{
    if (options.auth == SetupOptions::Auth::Keep) {
        const SetupNodeFacts *m = facts.node(options.master);
        QStringList without;
        if (m && !m->config.value("requirepass").isEmpty()) {
            for (const QString &r : options.replicas) {
                const SetupNodeFacts *n = facts.node(r);
                if (n && n->answered && n->config.value("masterauth").isEmpty())
                    without.append(r);
            }
        }
        plan.preconditions.append(Precondition::of(QStringLiteral("The existing authentication lets the replicas in"), without.isEmpty(),
                                        without.isEmpty() ? QStringLiteral("master requirepass %1")
                                                                .arg(m && !m->config.value("requirepass").isEmpty() ? QStringLiteral("set, replicas have masterauth")
                                                                                                                    : QStringLiteral("not set"))
                                                          : QStringLiteral("the master has a password, no masterauth on ") + without.join(QStringLiteral(", "))));
        return;
    }
    plan.preconditions.append(Precondition::of(QStringLiteral("A group password is given"), !options.password.isEmpty(),
                                    options.password.isEmpty() ? QStringLiteral("none: --password-file FILE or --generate-password")
                                                               : QStringLiteral("%1 characters").arg(options.password.size())));
    if (options.auth == SetupOptions::Auth::Acl) {
        static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_.-]+$"));
        const bool ok = name.match(options.aclUser).hasMatch() && options.aclUser != QLatin1String("default");
        plan.preconditions.append(Precondition::of(QStringLiteral("A replication user name is given"), ok,
                                        ok ? options.aclUser : QStringLiteral("'%1' (letters, digits, _ . -; not default)").arg(options.aclUser)));
    }
}

QString backlogValue(const SetupNodeFacts *n, qint64 wanted)
{
    const qint64 current = n ? n->config.value("repl-backlog-size").toLongLong() : 0;
    return QString::number(qMax(current, wanted));
}

} // namespace

Plan SetupPlanner::build(const SetupFacts &facts, const SetupOptions &options)
{
    Plan plan;
    plan.operation = QStringLiteral("setup");
    plan.strategy = QStringLiteral("setup");
    plan.group = options.master;
    plan.title = QStringLiteral("Set up replication: %1 -> %2").arg(options.master, options.replicas.join(QStringLiteral(", ")));
    const QStringList all = QStringList{options.master} + options.replicas;
    plan.nodes = all;

    addNodePreconditions(plan, facts, options);
    addReplicaPreconditions(plan, facts, options);
    addCommandPreconditions(plan, facts, options);
    addAuthPreconditions(plan, facts, options);
    plan.preconditions.append(Precondition::of(QStringLiteral("tcp-keepalive is not 0"), options.keepaliveSeconds > 0,
                                    QStringLiteral("%1 s").arg(options.keepaliveSeconds)));

    const SetupNodeFacts *m = facts.node(options.master);
    const qint64 rate = m ? m->writeBytesPerSecond : 0;
    const qint64 dataset = m ? m->usedMemory : 0;
    const qint64 backlog = SetupRules::backlogBytes(rate, options.toleratedOutageSeconds);
    const qint64 buffer = SetupRules::replicaBufferBytes(dataset, rate);
    plan.facts.insert(QStringLiteral("write_bytes_per_second"), rate);
    plan.facts.insert(QStringLiteral("dataset_bytes"), dataset);
    plan.facts.insert(QStringLiteral("tolerated_outage_seconds"), options.toleratedOutageSeconds);
    plan.facts.insert(QStringLiteral("repl_backlog_bytes"), backlog);
    plan.facts.insert(QStringLiteral("auth"), SetupOptions::authName(options.auth));
    plan.facts.insert(QStringLiteral("persistence"), SetupOptions::persistenceName(options.persistence));
    plan.risks.append(QStringLiteral("repl-backlog-size %1: %2/s of writes measured on the master x %3 s tolerated outage (at least 1 MB); "
                                     "a replica away longer needs a full resync")
                          .arg(SetupRules::bytes(backlog), SetupRules::bytes(rate)).arg(options.toleratedOutageSeconds));
    if (buffer > 0)
        plan.risks.append(QStringLiteral("client-output-buffer-limit replica raised to %1: a full sync of %2 (about %3 s at an assumed 100 MB/s) "
                                         "at %4/s of writes fills the default 64 MB soft limit and would restart the sync forever")
                              .arg(SetupRules::bytes(buffer), SetupRules::bytes(dataset))
                              .arg(SetupRules::fullSyncSeconds(dataset)).arg(SetupRules::bytes(rate)));
    for (const QString &r : options.replicas) {
        const SetupNodeFacts *n = facts.node(r);
        if (n && n->keys > 0)
            plan.risks.append(QStringLiteral("%1 holds %2 keys: REPLICAOF discards them (not restored by a rollback)").arg(r).arg(n->keys));
    }
    if (options.auth != SetupOptions::Auth::Keep) {
        for (const QString &a : all) {
            const SetupNodeFacts *n = facts.node(a);
            if (n && !n->config.value("requirepass").isEmpty())
                plan.risks.append(QStringLiteral("%1 already has a password: it is replaced; clients using the old one get WRONGPASS").arg(a));
        }
    }
    const bool masterPersists = m && (m->config.value("appendonly") == "yes" || !m->config.value("save").trimmed().isEmpty());
    if (options.persistence == SetupOptions::Persistence::Keep && m && !masterPersists)
        plan.risks.append(QStringLiteral("%1 persists nothing (appendonly no, save \"\"): if it restarts by itself (systemd, a container), "
                                         "it comes back empty and its replicas copy the empty dataset, wiping them").arg(options.master));

    // Security, per node: masterauth (and the replication user) before requirepass, last.
    const QString password = options.password;
    for (const QString &a : all) {
        QList<Change> sec;
        if (options.auth == SetupOptions::Auth::Acl) {
            plan.steps.append(SetupSteps::aclUser(a, options.aclUser, password));
            sec.append(Change{"masteruser", options.aclUser.toUtf8(), false});
        }
        if (options.auth != SetupOptions::Auth::Keep) {
            sec.append(Change{"masterauth", password.toUtf8(), true});
            sec.append(Change{"requirepass", password.toUtf8(), true});
            plan.steps.append(SetupSteps::configSet(QStringLiteral("security-") + a,
                                                    QStringLiteral("Password on %1 (masterauth, then requirepass)").arg(a), a, sec));
        }
    }
    // Settings, each with its reason (in the step title).
    QHash<QString, QHash<QByteArray, QByteArray>> expected;
    QList<Change> afterSync;  // the master's persistence and min-replicas, once the replicas are there
    QStringList afterSyncReasons;
    for (const QString &a : all) {
        const bool isMaster = a == options.master;
        const SetupNodeFacts *n = facts.node(a);
        QList<Change> set;
        QStringList reasons;
        set.append(Change{"tcp-keepalive", QByteArray::number(options.keepaliveSeconds), false});
        reasons.append(QStringLiteral("tcp-keepalive %1 finds dead peers behind NAT/firewalls").arg(options.keepaliveSeconds));
        set.append(Change{"repl-backlog-size", backlogValue(n, backlog).toUtf8(), false});
        reasons.append(QStringLiteral("backlog %1").arg(SetupRules::bytes(backlogValue(n, backlog).toLongLong())));
        if (buffer > 0) {
            set.append(Change{"client-output-buffer-limit",
                              QByteArrayLiteral("replica ") + QByteArray::number(buffer) + ' ' + QByteArray::number(buffer) + " 60", false});
            reasons.append(QStringLiteral("replica buffer %1").arg(SetupRules::bytes(buffer)));
        }
        if (isMaster && options.persistence == SetupOptions::Persistence::Aof) {
            afterSync.append(Change{"appendonly", "yes", false});
            afterSync.append(Change{"appendfsync", "everysec", false});
            afterSyncReasons.append(QStringLiteral("AOF everysec so a restart keeps the data (after the syncs: its rewrite "
                                                   "forks, and the replicas' snapshot would wait for it)"));
        } else if (isMaster && options.persistence == SetupOptions::Persistence::Rdb
                   && (!n || n->config.value("save").trimmed().isEmpty())) {
            afterSync.append(Change{"save", "3600 1 300 100 60 10000", false});
            afterSyncReasons.append(QStringLiteral("RDB snapshots so a restart keeps the data"));
        }
        if (!isMaster) {
            set.append(Change{"replica-read-only", "yes", false});
            reasons.append(QStringLiteral("replicas refuse writes"));
        }
        if (isMaster && options.minReplicasToWrite > 0) {
            afterSync.append(Change{"min-replicas-to-write", QByteArray::number(options.minReplicasToWrite), false});
            afterSync.append(Change{"min-replicas-max-lag", QByteArray::number(options.minReplicasMaxLag), false});
            afterSyncReasons.append(QStringLiteral("writes need %1 replica(s) within %2 s (once they are there, or the master "
                                                   "would refuse writes during the sync)")
                                        .arg(options.minReplicasToWrite).arg(options.minReplicasMaxLag));
        }
        plan.steps.append(SetupSteps::configSet(QStringLiteral("settings-") + a,
                                                QStringLiteral("Settings on %1: %2").arg(a, reasons.join(QStringLiteral("; "))), a, set));
        for (const Change &c : set + (isMaster ? afterSync : QList<Change>{}))
            expected[a].insert(c.name, c.value);
        if (options.auth == SetupOptions::Auth::Acl)
            expected[a].insert("masteruser", options.aclUser.toUtf8());
        if (options.auth != SetupOptions::Auth::Keep) {
            expected[a].insert("masterauth", password.toUtf8());
            expected[a].insert("requirepass", password.toUtf8());
        }
    }
    for (const QString &r : options.replicas)
        plan.steps.append(SetupSteps::replicaOf(r, options.master));
    // One wait for all: the master serves the syncs together, each replica's progress is shown.
    plan.steps.append(SetupSteps::waitSyncs(options.replicas, options.master, options.syncTimeoutMs));
    // After the syncs: AOF on forks a rewrite, and a master forks one child at a time, so the
    // snapshot the replicas wait for would queue behind it; min-replicas-to-write before the
    // replicas are there would refuse every write meanwhile.
    if (!afterSync.isEmpty())
        plan.steps.append(SetupSteps::configSet(QStringLiteral("after-sync-") + options.master,
                                                QStringLiteral("On %1 once the replicas are synced: %2")
                                                    .arg(options.master, afterSyncReasons.join(QStringLiteral("; "))),
                                                options.master, afterSync));
    const bool authRequired = options.auth != SetupOptions::Auth::Keep
        || (m && !m->config.value("requirepass").isEmpty());
    plan.steps.append(SetupVerify::verify(options.master, options.replicas, authRequired, 30000));
    QHash<QString, SetupFile> files;
    for (const QString &a : all) {
        const SetupNodeFacts *n = facts.node(a);
        if (!n || !n->hasSsh)
            continue;
        SetupFile f;
        f.edit = n->configFile.isEmpty();
        f.path = f.edit ? options.configFiles.value(a) : n->configFile;
        if (f.edit && a != options.master)
            f.replicaOf = options.master;
        if (!f.path.isEmpty())
            files.insert(a, f);
    }
    plan.steps.append(SetupVerify::persist(all, expected, {QStringLiteral("masterauth"), QStringLiteral("requirepass")},
                                           options.auth == SetupOptions::Auth::Acl, files));
    return plan;
}
