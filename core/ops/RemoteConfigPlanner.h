#pragma once

#include "Plan.h"

#include "config/ConfigDocument.h"
#include "net/ConnectionProfile.h"
#include "ssh/RemoteFileTypes.h"

#include <QString>

// Where a redis.conf lives on a server, and the node that runs it.
struct RemoteConfigTarget
{
    SshOptions ssh;                 // the host holding the file
    QString path;                   // absolute path on that host
    RemoteFileInfo readInfo;        // from readFile(): a concurrent change is refused (size/mtime)
    bool checkUnchanged = true;     // pass readInfo as expectedMtime/expectedSize
    ConnectionProfile node;         // the node to health-check afterwards (host empty = none)
};

struct RemoteConfigOptions
{
    // Run after the write through the same SSH host; empty = write only, no restart.
    QString restartCommand;
    // A document with validator errors is refused unless this is set (the user overrode).
    bool overrideErrors = false;
    // After the restart: how long the node may take to answer PING again.
    int healthTimeoutMs = 20000;
    int commandTimeoutMs = 60000;

    static QString defaultRestartCommand() { return QStringLiteral("systemctl restart redis-server"); }
};

// Turns "replace this redis.conf over SSH" into an operation "config-ssh": write the file
// (backup, atomic replace), the restart command when asked, and a health check of the node
// when one is known. Precondition: the file has no errors redis-server would refuse (unless
// overridden). Facts: the settings that change (secrets masked), the backup path pattern and
// the restart command. The executor's clients must reach target.node at its address. Pure.
namespace RemoteConfigPlanner {

// `current` is the file as read from the server (for the list of changes).
Plan build(const RemoteConfigTarget &target, const ConfigDocument &current, const ConfigDocument &desired,
           const RemoteConfigOptions &options, const QString &source = {});
// "user@host:port" as the plan names the SSH host.
QString sshTarget(const SshOptions &ssh);
// Validator errors as "line N: message" (includes are not followed: they live on the server).
QStringList errors(const ConfigDocument &document);

inline const char kOperation[] = "config-ssh";

} // namespace RemoteConfigPlanner
