#include "PauseSteps.h"

namespace PauseSteps {

PlanStep pauseWrites(const QString &, int, int, bool)
{
    return {};
}

PlanStep waitCatchUp(const QString &, const QString &, int)
{
    return {};
}

PlanStep demoteAndUnpause(const QString &, const QString &, bool)
{
    return {};
}

} // namespace PauseSteps
