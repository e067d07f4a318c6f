#pragma once

#include "LiveNodeProbe.h"
#include "Plan.h"

#include "config/LiveConfigPlan.h"

#include <QString>

// Turns a LiveConfigPlan (what differs between the node's running configuration and the
// desired file) into an operation "config-live": one CONFIG SET step per directive, REPLICAOF
// when replicaof changes, CONFIG REWRITE, then the checks that the node runs what was asked.
// Preconditions: the file has no errors (`planError` from LiveConfigPlan::build is empty),
// the node answers, and a chosen master does not replicate from this node. Directives only
// a restart changes are risks and the fact "needs_restart". Pure: no I/O.
namespace LiveConfigPlanner {

Plan build(const QString &node, const QString &source, const LiveConfigPlan &plan, const QString &planError,
           const LiveNodeFacts &facts);

inline const char kOperation[] = "config-live";

} // namespace LiveConfigPlanner
