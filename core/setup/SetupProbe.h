#pragma once

#include "SetupFacts.h"
#include "SetupOptions.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class NodeClients;

// Reads SetupFacts for a SetupOptions through the operation's clients (the connections the
// plan then runs on): INFO, CONFIG GET, COMMAND INFO, ACL USERS on every node, the master's
// chain upward, the write rate over a short interval, and (SSH) reachability of the master
// from each replica's host and the config files to edit there. Changes nothing. finished() fires once.
class SetupProbe : public QObject
{
    Q_OBJECT
public:
    SetupProbe(NodeClients *clients, QObject *parent = nullptr);
    void start(const SetupOptions &options);
    const SetupFacts &facts() const { return m_facts; }

Q_SIGNALS:
    void progress(const QString &text);
    void finished(const SetupFacts &facts);

private:
    // The write rate is the master's replication offset growth over this window, measured
    // while the rest of the probe (chains, SSH checks) runs.
    static constexpr int kRateWindowMs = 300;
    void measureRate(const SetupOptions &options);
    // Emits finished() once both the checks and the rate measurement are done.
    void partDone();
    void walkChains(const SetupOptions &options, int index);
    // With SSH to a replica's host: whether a TCP connect from there to the master succeeds.
    void checkReach(const SetupOptions &options);
    // With SSH: that each file options.configFiles names (for a node without INFO
    // config_file) can be read there, so the persist step will find it.
    void checkFiles(const SetupOptions &options);

    NodeClients *m_clients;
    SetupFacts m_facts;
    QHash<QString, qint64> m_offsets;   // master_repl_offset at the first INFO
    QElapsedTimer m_rateClock;        // since the master's first INFO
    int m_partsLeft = 0;
};
