#pragma once

// Looking at a Plan in planner unit tests.

#include "ops/Plan.h"

#include <QStringList>

namespace PlanTest {

// The plan's step ids in the order they will run.
inline QStringList stepIds(const Plan &plan)
{
    QStringList out;
    for (const PlanStep &s : plan.steps)
        out.append(s.id);
    return out;
}

} // namespace PlanTest
