#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

class ConfigDocument;

// What it takes to bring a running node to a desired redis.conf: one CONFIG SET per differing
// mutable directive, in file order, a REPLICAOF when replicaof changes (it is live, though
// CONFIG SET refuses it), and a list of immutable ones that only a restart changes.
// Pure: no I/O, so the CLI can print it (--dry-run) and tests can check it without a server.
// Directives the desired file does not mention are left alone: a partial file states what it
// sets, and "resetting" everything else to defaults would clobber dir, port, logfile...
class LiveConfigPlan
{
public:
    struct Step
    {
        enum class Kind { Set, Restart, ReplicaOf };
        Kind kind = Kind::Set;
        QByteArray directive;           // canonical, lower-case name
        bool sensitive = false;
        QList<QByteArray> command;      // Set: CONFIG SET name value, with the real value;
                                        // ReplicaOf: REPLICAOF host port, or REPLICAOF NO ONE
        QList<QByteArray> liveValues;   // one entry per file line, secrets masked
        QList<QByteArray> desiredValues;
        QList<QList<QByteArray>> desiredLines;  // real arguments per line (for verification)
    };

    // Fails (and says why) when `desired` has validator errors: applying half of a file
    // redis-server would refuse to start with leaves the node in a state no file describes.
    // `live` must hold the node's real secrets (LiveConfig::Secrets::Show) to compare them.
    static bool build(const ConfigDocument &live, const ConfigDocument &desired, bool rewrite,
                      LiveConfigPlan *plan, QString *error);

    const QList<Step> &steps() const { return m_steps; }
    QList<Step> sets() const;
    QList<Step> restarts() const;
    // The REPLICAOF step, or null when replicaof does not change.
    const Step *replicaOf() const;
    // "host:port" the node is to replicate from; empty for none or "no one".
    QString replicaOfTarget() const;
    // CONFIG REWRITE after the sets (and REPLICAOF): asked for and there is something to persist.
    bool rewrite() const { return m_rewrite; }
    bool isEmpty() const { return m_steps.isEmpty(); }

    // Human-readable, one line per step; secrets are masked.
    QString render() const;
    // CONFIG SET as a user would type it, the value masked when sensitive.
    static QByteArray renderCommand(const Step &step);

private:
    QList<Step> m_steps;
    bool m_rewrite = false;
};
