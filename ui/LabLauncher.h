#pragma once

#include "net/ConnectionProfile.h"

#include <QList>
#include <QObject>

#include <memory>

class LocalLab;
struct LabSpec;
class QTemporaryDir;

// Starts a throw-away LocalLab (one master, N replicas, M replicas of replica1) in a fresh temporary directory and
// reports how to reach its nodes. The servers stop and the directory goes away with this
// object, so a lab never outlives the window that asked for it.
class LabLauncher : public QObject
{
    Q_OBJECT
public:
    explicit LabLauncher(QObject *parent = nullptr);
    ~LabLauncher() override;

    // Asynchronous: -> progress()*, then started() or failed(). Call once.
    void start(int replicas, int chainedReplicas = 0);
    // `servers` unlinked servers ("redis1"…), each from its own redis.conf (so CONFIG REWRITE
    // works): the starting point of Set Up Replication. Call once, instead of start().
    void startStandalone(int servers);
    QString directory() const;

Q_SIGNALS:
    void progress(const QString &message);
    void started(const QList<ConnectionProfile> &nodes);
    void failed(const QString &reason);

private:
    void fail(const QString &reason);
    bool prepare();
    void launch(const LabSpec &spec);

    // Declared before the lab so the lab (which stops servers and removes its files) goes first.
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<LocalLab> m_lab;
};
