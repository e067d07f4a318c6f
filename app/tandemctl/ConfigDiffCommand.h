#pragma once

#include "CliCommand.h"

#include "config/ConfigDocument.h"

#include <QCommandLineParser>

class LiveConfigFetcher;

// tandemctl config diff A B [--json] [--show-defaults]: A and B are redis.conf files or
// nodes (a path that exists is a file, anything else a node address). Exit 0 when they run
// the same settings, 1 when they differ, 2 usage or unreadable file, 3 connect failure.
class ConfigDiffCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void start(const QStringList &args) override;

private:
    struct Source
    {
        QString label;
        ConfigDocument doc;
        LiveConfigFetcher *fetcher = nullptr;  // null for a file
    };

    bool load(const QString &arg, Source *source);
    void sourceReady();
    void compareAndPrint();

    QCommandLineParser m_parser;
    Source m_sources[2];
    int m_pending = 0;
};
