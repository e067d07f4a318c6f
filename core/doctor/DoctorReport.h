#pragma once

#include "Finding.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

// What one doctor run found: the findings of every node, the nodes it could not reach, and
// per node what could be checked ("server", "host", "log").
struct DoctorReport
{
    FindingList findings;
    QHash<QString, QString> unreachable;   // node → why
    QHash<QString, QStringList> checked;   // node → the kinds of checks that ran
    QHash<QString, QString> skipped;       // node → why the host/log checks did not run

    // No warning or critical finding (info findings do not count) and every node answered.
    bool healthy() const;
    bool hasProblems() const;
    QJsonObject toJson() const;
};
