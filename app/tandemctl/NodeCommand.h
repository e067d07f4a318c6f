#pragma once

#include "CliCommand.h"

#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <QCommandLineParser>

class RespClient;
class SshSessionPool;

// A command that talks to one node: parses NODE plus the shared connection options,
// connects (TCP, TLS, SSH) and calls onReady(); connection and auth failures end with exit 3.
class NodeCommand : public CliCommand
{
    Q_OBJECT
public:
    using CliCommand::CliCommand;
    void start(const QStringList &args) final;

protected:
    // Adds the command's own options/positionals (NODE is added by NodeCommand).
    virtual void addOptions(QCommandLineParser &) {}
    virtual QString description() const = 0;
    virtual void onReady() = 0;

    const QCommandLineParser &parser() const { return m_parser; }
    const ConnectionProfile &profile() const { return m_profile; }
    RespClient *client() const { return m_client; }
    SshSessionPool *sshPool() const { return m_ssh; }  // null when the node is not behind SSH
    bool json() const { return m_parser.isSet(QStringLiteral("json")); }

    // Prints why a node could not be reached/used and finishes with exit 3 (or 1 for errors
    // that happen after connecting).
    void failWith(const NetError &error);

private:
    QCommandLineParser m_parser;
    ConnectionProfile m_profile;
    SshSessionPool *m_ssh = nullptr;
    RespClient *m_client = nullptr;
};
