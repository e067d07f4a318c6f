#pragma once

#include "topology/Topology.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

class AuditLog;
class NodeClients;

// After a failover the old master is dead but may come back, with its old data, as a writable
// master: two masters, and writes to the old one are lost. A fence remembers "X must become a
// replica of Y"; when X shows up again as a master, it is demoted at once (REPLICAOF Y) or,
// in Prompt mode, fenceNeeded() asks the user first. Fences persist in the data directory
// (fences.json beside the audit log) so a restart of Tandem still honours them; a fence is
// lifted when X is seen as a replica of the group's current master.
//
// Details: while the topology shows a fenced node down, observe() also probes it through the
// fence's own connection (one attempt at a time), so its return is noticed within one topology
// update even when the monitor's reconnect backoff is longer. The demotion targets the current
// master of Y's group (Y itself unless a later switchover moved the role on), then saves the
// role with CONFIG REWRITE (best effort) so a restart of X does not bring the writable master
// back. It is a Plan (FencePlanner::demotion) run by an Executor with the audit log like every
// other change, and it measures what X did as a master (FenceMeasurement), which demoted()
// says. fenceNeeded() fires once per return (again only after X was seen down in between). A
// failed demotion is retried on the next topology. When Y's group has meanwhile converged on X
// (Y follows X), the fence is lifted: someone chose X as master on purpose.
class MasterFence : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Automatic, Prompt };
    struct Entry
    {
        QString oldMaster;
        QString newMaster;
        QDateTime since;
    };

    // `audit` receives every demotion (may be null: nothing is recorded).
    MasterFence(NodeClients *clients, const QString &path = defaultPath(), QObject *parent = nullptr,
                AuditLog *audit = nullptr);
    static QString defaultPath();

    void setMode(Mode mode) { m_mode = mode; }
    Mode mode() const { return m_mode; }
    void add(const QString &oldMaster, const QString &newMaster);
    void remove(const QString &oldMaster);
    QList<Entry> entries() const { return m_entries; }
    bool isFenced(const QString &address) const;
    QString path() const { return m_path; }
    // Why the fence file could not be read or written; empty when fine.
    QString errorString() const { return m_error; }

public Q_SLOTS:
    // Feed every new topology here.
    void observe(const Topology &topology);
    // Prompt mode: the user agreed to demote `oldMaster` now.
    void demote(const QString &oldMaster);

Q_SIGNALS:
    void fenceNeeded(const QString &oldMaster, const QString &newMaster);
    // `writableForAtMostMs`: how long the old master had been up — able to acknowledge writes
    // that the resync then discarded — when REPLICAOF reached it; `acknowledgedWrites`: the
    // write commands it acknowledged meanwhile. Both measured on the node in the same
    // transaction as REPLICAOF (see FencePlanner); -1 when unmeasured. `operationId`: its
    // entry in the audit log.
    void demoted(const QString &oldMaster, const QString &newMaster, qint64 writableForAtMostMs,
                 qint64 acknowledgedWrites, const QString &operationId);
    void demoteFailed(const QString &oldMaster, const QString &error);
    void lifted(const QString &oldMaster);

private:
    void load();
    void save() const;
    qsizetype indexOf(const QString &address) const;
    // The node `oldMaster` should follow now: the current master of newMaster's group.
    QString targetFor(const Entry &entry) const;
    // Asks a fenced node the topology shows down whether it is back (and a master).
    void probe(const QString &oldMaster);
    // The fenced node answers as a master: demote it (Automatic) or ask once (Prompt).
    void returnedAsMaster(const QString &oldMaster);

    NodeClients *m_clients;
    AuditLog *m_audit;
    QString m_path;
    Mode m_mode = Mode::Automatic;
    QList<Entry> m_entries;
    QStringList m_inFlight;
    mutable QString m_error;
    Topology m_last;                       // the latest topology observed
    QHash<QString, QDateTime> m_prompted;  // fenceNeeded() sent for this return, and when
    QSet<QString> m_probing;               // a probe is under way
    QHash<QString, QDateTime> m_demotedAt; // when REPLICAOF was acknowledged (UTC)
};
