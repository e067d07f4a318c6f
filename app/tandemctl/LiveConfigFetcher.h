#pragma once

#include "config/LiveConfigReader.h"

class QCommandLineParser;
class QTextStream;

// The shared live-config reader, plus the CLI glue for commands that need a node's live config
// next to files (validate --against, config diff, config apply) and so cannot be a NodeCommand.
class LiveConfigFetcher : public LiveConfigReader
{
    Q_OBJECT
public:
    explicit LiveConfigFetcher(const ConnectionProfile &profile, QObject *parent = nullptr);

    // NODE text plus the shared connection options (already parsed into `parser`).
    static bool profileFor(const QString &node, const QCommandLineParser &parser,
                           ConnectionProfile *profile, QString *error);
    // Prints why `error` happened the way NodeCommand does; returns the exit code to use.
    static int report(const NetError &error, const ConnectionProfile &profile, QTextStream &err);
};
