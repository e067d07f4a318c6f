#pragma once

#include "Plan.h"
#include "SwitchoverPlanner.h"
#include "SwitchoverSubject.h"

// The default switchover: pause writes on the master (finite), wait until the candidate has
// applied the master's offset read after the pause, promote it, demote and unpause the old
// master in one round trip, repoint the other direct replicas, verify, persist. Everything
// before the promotion is undone on a failure or timeout (the master is unpaused, the
// candidate stays a replica).
class CoordinatedSwitchover
{
public:
    // Margin on top of the catch-up timeout for promote and demote while writes are paused.
    static constexpr int kPauseMarginMs = 2000;
    // A pre-6.2 (ALL) pause cannot be lifted early and blocks Tandem's own demotion: keep it
    // short; min-replicas-to-write refuses the writes that come after it.
    static constexpr int kLegacyPauseMs = 100;

    // REPLICAOF NO ONE on `candidate`, the point of no return; a lost reply puts it back under
    // `master` (best effort) before failing.
    static PlanStep promote(const QString &candidate, const QString &master);

    static void addSteps(const SwitchoverSubject &subject, const SwitchoverOptions &options, Plan *plan);
};
