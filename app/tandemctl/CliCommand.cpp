#include "CliCommand.h"

#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

bool CliCommand::parseArguments(QCommandLineParser &parser, const QStringList &args)
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    // args[0] (the command name) stands where QCommandLineParser expects the program name.
    if (!parser.parse(args)) {
        usageError(parser.errorText());
        return false;
    }
    if (parser.isSet(help)) {
        out() << parser.helpText();
        out().flush();
        finish(ExitOk);
        return false;
    }
    return true;
}

void CliCommand::usageError(const QString &message)
{
    err() << "tandemctl: " << message << "\n"
          << "Try 'tandemctl help' or 'tandemctl <command> --help'.\n";
    err().flush();
    finish(ExitUsage);
}

void CliCommand::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    out().flush();
    err().flush();
    // Queued so a command may finish from inside start() or a handler.
    QTimer::singleShot(0, this, [this, exitCode] { Q_EMIT finished(exitCode); });
}

QTextStream &CliCommand::out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &CliCommand::err()
{
    static QTextStream stream(stderr);
    return stream;
}
