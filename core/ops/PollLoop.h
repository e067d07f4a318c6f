#pragma once

#include <QString>

#include <functional>

class StepContext;

// The deadline loop behind every "ask the node again until it says yes" wait of an operation
// step: one attempt at a time, a single end (accepted, timed out or cancelled), nothing fires
// after it.
namespace PollLoop {

struct Round
{
    int leftMs = 0;  // time left before the deadline (at least 1)
    // True once the loop has ended; ends it as "cancelled" when the operation was cancelled.
    // Reply handlers call it first and return when it holds.
    std::function<bool()> over;
    std::function<void(int delayMs)> again;  // next attempt after delayMs (0 = now)
    std::function<void(bool ok, const QString &why)> finish;
};

// Calls `attempt` until it calls finish or `timeoutMs` passes; on the deadline, done(false,
// timedOut()). `done` is called exactly once.
void run(StepContext &ctx, int timeoutMs, std::function<void(const Round &round)> attempt,
         std::function<QString()> timedOut, std::function<void(bool ok, const QString &why)> done);

} // namespace PollLoop
