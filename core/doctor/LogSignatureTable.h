#pragma once

#include "Finding.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// The redis-server log lines worth a finding, each pattern a fixed part of the line verbatim
// from the Redis source (7.0 to 7.4): pattern → code, severity, meaning, fix. Used by the
// doctor on a node's log and by the Log view to highlight lines.
class LogSignatureTable
{
public:
    struct Signature
    {
        QString pattern;            // substring of the line, as serverLog() writes it
        QString code;               // the finding's code
        Finding::Severity severity;
        QString meaning;
        QString fix;
        QStringList resolvedBy;     // a later line with one of these means it passed
    };

    // A signature seen in a log: how often, and its last line (the evidence).
    struct Hit
    {
        const Signature *signature = nullptr;
        int count = 0;
        QString lastLine;
    };

    static const QList<Signature> &table();
    // The first signature whose pattern occurs in `line`, or null.
    static const Signature *match(const QString &line);
    // Scans the lines written since the server last started (the last "Redis is starting"
    // banner); a signature followed by one of its resolvedBy lines is left out. In first-seen
    // order, one hit per code.
    static QList<Hit> scan(const QByteArray &log);
    // The findings for `node` from scan().
    static FindingList findings(const QByteArray &log, const QString &node);
};
