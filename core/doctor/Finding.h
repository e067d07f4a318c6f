#pragma once

#include "ops/Plan.h"
#include "topology/Topology.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// One thing the doctor found on a node or its host: what was measured (the value or the log
// line), what it means and how to fix it. When Tandem can apply the fix itself, `fix` is a
// reviewed Plan (CONFIG SET, or sysctl through sudo over SSH) run by the Executor like any
// other change.
struct Finding
{
    using Severity = Anomaly::Severity;  // the same scale as the topology's anomalies

    Severity severity = Severity::Warning;
    QString code;       // stable key, e.g. "overcommit-memory", "replica-noauth"
    QString node;       // "host:port" the finding is about
    QString host;       // the SSH host for host checks, else empty
    QString evidence;   // the measured value or the log line, as read
    QString meaning;    // what it means, in plain words
    QString fixText;    // how to fix it, in plain words
    Plan fix;           // empty (no steps) when Tandem cannot apply the fix itself

    static Finding make(Severity severity, const QString &code, const QString &node, const QString &evidence,
                        const QString &meaning, const QString &fixText, const QString &host = {});

    bool hasFix() const { return !fix.steps.isEmpty(); }
    QJsonObject toJson() const;  // the fix plan as its reviewable JSON

    static QString severityName(Severity s);
};

using FindingList = QList<Finding>;
