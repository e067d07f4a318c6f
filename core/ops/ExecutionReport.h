#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QJsonObject>
#include <QList>
#include <QString>

// What happened to one step (or one compensation) of a plan.
struct StepRecord
{
    enum class Status { Pending, Running, Succeeded, Failed, Skipped, Cancelled };

    QString id;
    QString title;
    QString node;
    bool compensation = false;
    Status status = Status::Pending;
    QDateTime startedAt;       // UTC
    QDateTime finishedAt;
    qint64 durationMs = -1;    // from a monotonic clock
    QString message;
    QJsonObject details;

    static QString statusName(Status status);  // "succeeded", ...
    QJsonObject toJson() const;
};

// A node as the operation left it (read with INFO replication after the run).
struct NodeFinalState
{
    QString address;
    bool reachable = false;
    QString role;              // "master", "replica", "" when unreachable
    QString masterAddress;     // replicas
    bool linkUp = false;       // replicas
    bool writable = false;     // master, or replica with replica-read-only no
    QString error;

    QJsonObject toJson() const;
};

// The outcome of one Executor run.
struct ExecutionReport
{
    enum class Outcome {
        Succeeded,   // every step succeeded and the end state was verified
        Partial,     // the point of no return was passed but something after it failed
        Aborted,     // a step failed before the point of no return; compensations ran
        Cancelled,   // the user cancelled before the point of no return; compensations ran
        Refused,     // preconditions did not hold: nothing was sent
    };

    QString operationId;       // also the audit log's key
    QString operation;
    QString title;
    Outcome outcome = Outcome::Refused;
    QString message;           // one line for the user
    QDateTime startedAt;
    QDateTime finishedAt;
    qint64 durationMs = 0;
    QList<StepRecord> steps;   // in the order they ran, compensations included
    QList<NodeFinalState> finalStates;
    QJsonObject metrics;       // write_pause_ms, ...

    bool ok() const { return outcome == Outcome::Succeeded; }
    static QString outcomeName(Outcome outcome);  // "succeeded", ...
    QJsonObject toJson() const;
};

Q_DECLARE_METATYPE(ExecutionReport)
Q_DECLARE_METATYPE(StepRecord)
