#pragma once

#include "Topology.h"

#include <QList>
#include <QString>

// Settings that must match across a replication group for a promote to be safe, compared
// node by node against the group's master (the master's value wins): maxmemory-policy,
// maxmemory, persistence (appendonly, save), repl-backlog-size, requirepass, masterauth (which
// must open the master's requirepass, since any node may become master), ACL users and
// renamed commands. Only nodes that answer now and whose settings were read take part.
// Secrets are never put in words: "set on A, not on B", "differs".
class ConfigDrift
{
public:
    struct Difference
    {
        QString node;          // the node that differs from the master
        QString setting;       // CONFIG name, "acl:<user>" or "commands"
        QString source;        // what to copy from the master: a CONFIG name, "acl:<user>"; empty: cannot
        QString wanted;        // the master's value in words ("" for secrets and ACL rules)
        QString actual;        // the node's value in words (same rule)
        bool secret = false;
        bool removeUser = false;  // an ACL user the master does not have
        QString text;          // the difference in one clause, no secrets
    };

    // Differences of every node of `group` from its master; empty when the master is not fresh.
    static QList<Difference> differences(const Topology &topology, const TopologyGroup &group);
    // One "config_drift" anomaly per group that has differences (action "apply_to_group" when
    // a CONFIG SET / ACL SETUSER can fix at least one of them).
    static QList<Anomaly> anomalies(const Topology &topology);
};
