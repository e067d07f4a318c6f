#pragma once

#include "Plan.h"

#include "topology/Topology.h"

// "Apply to group": the plan that gives every node of a group the master's value of each
// setting ConfigDrift found different (the master's value wins). Per differing node, one step
// of CONFIG SET (or ACL SETUSER / ACL DELUSER) commands, then CONFIG REWRITE on each so a
// restart keeps them. Secrets (requirepass, masterauth, ACL rules) are copied from the master
// when the step runs: they appear in no command, title or audit entry, only as "<hidden>".
// Renamed commands cannot be changed live and are left out (said in the risks).
class DriftPlanner
{
public:
    // `node`: any node of the group (the anomaly's first node is its master).
    static Plan build(const Topology &topology, const QString &node);
    // ACL LIST's rules of one user, split into ACL SETUSER arguments ("(...)" selectors kept whole).
    static QByteArrayList aclRules(const QByteArray &aclListLine);
};
