#pragma once

#include "ExecutionReport.h"
#include "Plan.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// What a config-live or config-ssh run did, read back from its report (the steps' results and
// details) for the people and scripts that asked for it: the GUI's result, tandemctl's text
// and JSON. Holds no secret: the steps never report one.
struct ConfigApplySummary
{
    bool ok = false;               // every step succeeded and nothing waits for a restart
    bool changed = false;          // the target now holds the document (SETs applied / file written)
    QString outcome;               // ExecutionReport::outcomeName
    QString message;               // the report's one line
    QString failedStep;            // id of the step that failed first ("" = none)
    QString error;                 // its message

    // config-live
    QList<QByteArray> applied;     // directives CONFIG SET (or REPLICAOF) accepted, in order
    QByteArray failedDirective;
    bool rewriteAttempted = false;
    bool rewriteOk = false;
    QString rewriteError;
    QList<QByteArray> verified;    // also config-ssh: the running node shows the file's value
    QList<QByteArray> mismatched;
    QList<QByteArray> needsRestart;
    QString replication;           // the replication check's message

    // config-ssh
    bool written = false;
    QString backupPath;
    qint64 bytesWritten = 0;
    QStringList writeWarnings;
    bool restarted = false;        // the restart command ran to its end
    int restartExitCode = -1;
    QString restartOutput;
    bool healthChecked = false;
    bool healthy = false;
    QList<QByteArray> pending;     // differ on the running node (restart needed / failed)

    static ConfigApplySummary from(const Plan &plan, const ExecutionReport &report);
    // One line per fact, as tandemctl prints them and the GUI shows them.
    QStringList lines() const;
    QJsonObject toJson() const;
};
