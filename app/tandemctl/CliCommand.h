#pragma once

#include <QObject>
#include <QStringList>
#include <QTextStream>

class QCommandLineParser;

// Exit codes shared by every command (redis-cli-like conventions).
enum ExitCode {
    ExitOk = 0,       // ran, nothing wrong
    ExitProblem = 1,  // ran and found a problem
    ExitUsage = 2,    // bad command line
    ExitConnect = 3,  // could not connect or authenticate
};

// One `tandemctl <command>`: parses its arguments, works asynchronously on the event loop and
// reports its exit code through finished().
class CliCommand : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // args[0] is the command name ("ping", "lab", ...).
    virtual void start(const QStringList &args) = 0;

Q_SIGNALS:
    void finished(int exitCode);

protected:
    // Parses with `parser`; on --help prints help and finishes 0, on errors prints the reason
    // and finishes 2. Returns true when the command should go on.
    bool parseArguments(QCommandLineParser &parser, const QStringList &args);
    void usageError(const QString &message);
    void finish(int exitCode);

    static QTextStream &out();
    static QTextStream &err();

private:
    bool m_finished = false;
};
