#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// Runs the built tandemctl and captures what a user would see.
struct CliResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

class CliRunner
{
public:
    // Path of the built tandemctl (from TANDEM_BINARY_DIR), empty when not found.
    static QString tandemctl();
    static CliResult run(const QStringList &args, int timeoutMs = 30000,
                         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    // The system environment with Tandem's data (audit log, settings) under `dataDir`.
    static QProcessEnvironment withDataDir(const QString &dataDir);
    // "exit N", standard output and standard error: what a failed check should print.
    static QString describe(const CliResult &result);
};
