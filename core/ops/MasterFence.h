#pragma once

#include "topology/Topology.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

class NodeClients;

// After a failover the old master is dead but may come back, with its old data, as a writable
// master: two masters, and writes to the old one are lost. A fence remembers "X must become a
// replica of Y"; when X shows up again as a master, it is demoted at once (REPLICAOF Y) or,
// in Prompt mode, fenceNeeded() asks the user first. Fences persist in the data directory
// (fences.json beside the audit log) so a restart of Tandem still honours them; a fence is
// lifted when X is seen as a replica of the group's current master.
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

    MasterFence(NodeClients *clients, const QString &path = defaultPath(), QObject *parent = nullptr);
    static QString defaultPath();

    void setMode(Mode mode) { m_mode = mode; }
    Mode mode() const { return m_mode; }
    void add(const QString &oldMaster, const QString &newMaster);
    void remove(const QString &oldMaster);
    QList<Entry> entries() const { return m_entries; }
    bool isFenced(const QString &address) const;

public Q_SLOTS:
    // Feed every new topology here.
    void observe(const Topology &topology);
    // Prompt mode: the user agreed to demote `oldMaster` now.
    void demote(const QString &oldMaster);

Q_SIGNALS:
    void fenceNeeded(const QString &oldMaster, const QString &newMaster);
    void demoted(const QString &oldMaster, const QString &newMaster);
    void demoteFailed(const QString &oldMaster, const QString &error);
    void lifted(const QString &oldMaster);

private:
    void load();
    void save() const;

    NodeClients *m_clients;
    QString m_path;
    Mode m_mode = Mode::Automatic;
    QList<Entry> m_entries;
    QStringList m_inFlight;
};
