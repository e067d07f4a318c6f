#pragma once

#include "NodeSettings.h"

#include "info/NodeSnapshot.h"

#include <QObject>

#include <optional>

class NodeMonitor;

// Reads a node's settings (CONFIG GET of NodeSettings::compared() and alsoRead(), ACL LIST,
// COMMAND INFO) on the node's own polling connection. Not at every poll: on the first snapshot
// of a connection, whenever INFO's mirrors of settings change (maxmemory, maxmemory_policy,
// aof_enabled), and otherwise every kEveryNthPoll snapshots, so a setting INFO does not show
// (requirepass, save, ACL users) is seen within that many intervals. Measured with
// redis-benchmark on 7.0 (this machine, busy): INFO ~29 µs of server time, CONFIG GET ~11 µs,
// ACL LIST ~10 µs, COMMAND INFO of the 10 watched commands ~83 µs; a round (10 CONFIG GET + the
// two) ~0.2 ms, as much as 7 INFOs. At every poll that would multiply what polling costs a
// node by 8; every 10th poll adds ~70% of INFO's cost (0.02 ms/s), and the INFO mirrors keep
// the common changes (maxmemory, its policy, AOF) visible at the next poll.
class NodeConfigReader : public QObject
{
    Q_OBJECT
public:
    static constexpr int kEveryNthPoll = 10;

    NodeConfigReader(NodeMonitor *monitor, QObject *parent = nullptr);

    void onSnapshot(const NodeSnapshot &snapshot);
    // The connection went away: what comes back may be configured otherwise.
    void reset();
    // The first round of this connection was sent and has not finished.
    bool isPending() const { return m_inFlight > 0 && !m_settings.known; }
    const NodeSettings &settings() const { return m_settings; }
    // CONFIG GET save ("" = RDB snapshots off); unset when unknown.
    std::optional<QString> save() const;

Q_SIGNALS:
    void updated();

private:
    void read();
    void finishOne(quint64 generation);

    NodeMonitor *m_monitor;
    NodeSettings m_settings;
    NodeSettings m_next;
    QString m_mirror;
    int m_sincePoll = 0;
    int m_inFlight = 0;
    quint64 m_generation = 0;
};
