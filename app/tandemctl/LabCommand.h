#pragma once

#include "CliCommand.h"

#include <QCommandLineParser>

class LocalLab;

// tandemctl lab up|down|status --dir D: local redis-server sandboxes that outlive the command.
class LabCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void start(const QStringList &args) override;

private:
    void up();
    void down();
    void status();
    void printNodes(bool withState);

    QCommandLineParser m_parser;
    LocalLab *m_lab = nullptr;
};
