#pragma once

#include "Plan.h"

#include "net/ConnectionProfile.h"
#include "ssh/RemoteFileTypes.h"

#include <QByteArray>
#include <QString>

class ConfigDocument;

// The steps of writing a redis.conf over SSH ("config-ssh"). File and command go through the
// operation's SSH pool (StepContext::ssh()), the node through its clients. Secrets never
// appear in titles, commands, messages or details.
namespace RemoteConfigSteps {

// SshSessionPool::writeFile: timestamped backup, temp upload, owner/mode, atomic rename;
// refused when the file changed since it was read (`expected` size/mtime, when given).
// details: {"backup_path", "bytes_written", "warnings"}.
PlanStep write(const SshOptions &ssh, const QString &path, const QByteArray &content,
               const RemoteFileInfo *expected, int timeoutMs);
// Runs `command` on the SSH host; fails on a non-zero exit. details: {"exit_code", "output"}.
PlanStep restart(const SshOptions &ssh, const QString &command, int timeoutMs);
// Connects to `node` (retrying until healthTimeoutMs: it may be restarting), PING, then
// CONFIG GET of each directive `document` sets, compared with the file. After a restart a
// difference fails the step; without one it is "waiting for a restart".
// details: {"healthy", "verified", "pending", "mismatches"}.
PlanStep healthCheck(const QString &node, const ConfigDocument &document, bool restarted, int healthTimeoutMs);

inline const char kWriteId[] = "write-file";
inline const char kRestartId[] = "restart";
inline const char kHealthId[] = "health-check";

} // namespace RemoteConfigSteps
