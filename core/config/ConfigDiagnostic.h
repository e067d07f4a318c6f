#pragma once

#include <QString>

// One finding about a redis.conf line. `code` is stable (tests and the UI key on it);
// `message` mirrors redis-server's own reason text where it has one.
struct ConfigDiagnostic
{
    enum class Severity { Error, Warning, Info };

    int line = 0;    // 1-based
    int column = 0;  // 1-based
    Severity severity = Severity::Error;
    QString code;
    QString message;
    QString fix;     // suggested replacement (did-you-mean, canonical name), may be empty
    QString file;    // the included file this is about; empty = the document itself
};
