#pragma once

#include "CliCommand.h"

#include "config/ConfigDiagnostic.h"
#include "config/ConfigDocument.h"

#include <QCommandLineParser>

class LiveConfigFetcher;

// tandemctl validate FILE... [--json] [--redis-version X.Y] [--against NODE]: checks
// redis.conf files, and the files they include, the way redis-server of release line X.Y
// (default 7.0) loads them. Exit 0 without errors (warnings are
// fine), 1 with any error (an unreadable file is one), 2 usage, 3 --against node unreachable.
class ValidateCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void start(const QStringList &args) override;

private:
    struct FileResult
    {
        QString path;
        ConfigDocument doc;
        bool readable = false;
        QList<ConfigDiagnostic> diagnostics;
    };

    void checkAgainstNode();
    void print();

    QCommandLineParser m_parser;
    QList<FileResult> m_files;
    LiveConfigFetcher *m_fetcher = nullptr;
};
