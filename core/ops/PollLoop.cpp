#include "PollLoop.h"

#include "StepContext.h"

#include <QElapsedTimer>
#include <QTimer>

#include <memory>

namespace PollLoop {

void run(StepContext &ctx, int timeoutMs, std::function<void(const Round &round)> attempt,
         std::function<QString()> timedOut, std::function<void(bool ok, const QString &why)> done)
{
    struct State
    {
        QElapsedTimer clock;
        bool finished = false;
        std::function<void()> next;
    };
    auto state = std::make_shared<State>();
    state->clock.start();
    StepContext *c = &ctx;
    QObject *guard = ctx.guard();
    auto finish = [state, done](bool ok, const QString &why) {
        if (state->finished)
            return;
        state->finished = true;
        state->next = nullptr;  // breaks the cycle next -> state
        done(ok, why);
    };
    QTimer::singleShot(timeoutMs, guard, [finish, timedOut] { finish(false, timedOut()); });
    Round round;
    round.finish = finish;
    round.over = [state, c, finish] {
        if (state->finished)
            return true;
        if (c->isCancelled()) {
            finish(false, QStringLiteral("cancelled"));
            return true;
        }
        return false;
    };
    round.again = [state, guard](int delayMs) {
        if (delayMs <= 0) {
            if (state->next)
                state->next();
            return;
        }
        QTimer::singleShot(delayMs, guard, [state] { if (state->next) state->next(); });
    };
    state->next = [state, attempt, round, timeoutMs]() mutable {
        round.leftMs = int(qMax<qint64>(1, timeoutMs - state->clock.elapsed()));
        attempt(round);
    };
    state->next();
}

} // namespace PollLoop
