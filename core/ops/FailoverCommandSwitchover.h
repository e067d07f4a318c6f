#pragma once

#include "Plan.h"
#include "SwitchoverPlanner.h"
#include "SwitchoverSubject.h"

// Redis 6.2+'s own handover: FAILOVER TO <candidate> TIMEOUT <ms> on the master, then wait
// (polling the master) until it reports no-failover as a replica of the candidate; on a
// timeout FAILOVER ABORT undoes it. Redis does not move the other replicas: Tandem repoints
// them afterwards, then verifies and persists. write_pause_ms is the time Tandem saw between
// the FAILOVER reply and the master's demotion.
class FailoverCommandSwitchover
{
public:
    static constexpr int kMarginMs = 1000;

    static void addSteps(const SwitchoverSubject &subject, const SwitchoverOptions &options, Plan *plan);
};
