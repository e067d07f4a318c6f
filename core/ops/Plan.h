#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class StepContext;

// Something that must hold before a plan may run ("the candidate's link to the master is up").
struct Precondition
{
    QString text;       // what is checked, in plain words
    bool ok = false;
    QString detail;     // why not / the observed value

    static Precondition of(const QString &text, bool ok, const QString &detail)
    {
        Precondition p;
        p.text = text;
        p.ok = ok;
        p.detail = detail;
        return p;
    }
};

// One action of a plan, shown to the user before anything runs.
struct PlanStep
{
    enum class OnFailure {
        Abort,      // stop; compensate the steps done so far (in reverse)
        Continue,   // note the failure and go on (used after the point of no return)
    };

    QString id;          // stable key, e.g. "pause-master" (tests, audit, JSON)
    QString title;       // "Pause writes on 10.0.0.1:6379 (at most 5000 ms)"
    QString node;        // the address it acts on; empty for several or none
    QStringList commands;  // the exact commands it sends, secrets masked
    OnFailure onFailure = OnFailure::Abort;
    // After this step succeeded, cancel no longer stops the plan: undoing would be worse
    // than finishing (e.g. once the candidate has been promoted).
    bool pointOfNoReturn = false;

    // Runs the step; must end with ctx.succeed() or ctx.fail() exactly once (possibly later).
    std::function<void(StepContext &ctx)> run;
    // Undoes the step when a later Abort step fails or the plan is cancelled before the point
    // of no return. Same contract as run. May be empty.
    std::function<void(StepContext &ctx)> compensate;
    QString compensateTitle;      // "Unpause writes on 10.0.0.1:6379"
    QStringList compensateCommands;
};

// What an operation will do, for review (GUI page or --dry-run) and then for the Executor.
// A plan whose preconditions do not all hold must not run: refusal() says why.
struct Plan
{
    QString operation;       // "promote", "failover", "recover"
    QString title;           // "Promote 10.0.0.2:6379 (coordinated switchover)"
    QString strategy;        // "coordinated", "failover-command", "sentinel", "naive"...
    QString group;           // the group master's address before the operation
    QStringList nodes;       // every node the plan touches (final states are reported for these)
    QList<Precondition> preconditions;
    QStringList risks;       // plain words, shown before confirming
    QJsonObject facts;       // numbers shown in the review: lag_bytes, estimated_loss_bytes...
    QList<PlanStep> steps;
    int timeoutMs = 0;       // the whole run, 0 = none (steps have their own deadlines)

    bool canRun() const;
    QString refusal() const;  // the failed preconditions joined, empty when canRun()

    // The reviewable part (no closures): operation, title, strategy, preconditions, risks,
    // facts, steps with their commands and compensations.
    QJsonObject toJson() const;
    // Readable text for a terminal: the same content, one line per item.
    QString render() const;
};
