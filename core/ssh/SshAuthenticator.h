#pragma once

#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <QStringList>

#include <functional>

#include <libssh/libssh.h>

class SshStepRunner;

// Logs a connected session in: ssh-agent (when enabled and SSH_AUTH_SOCK is set), then the key
// file (or the default ~/.ssh/id_* keys when none is configured), then the password. A failure
// names the methods tried and what the server offers, never a secret.
class SshAuthenticator
{
public:
    SshAuthenticator(ssh_session session, const SshOptions &options, SshStepRunner *runner);

    NetError authenticate();

private:
    enum class Attempt { Success, Rejected, Failed };  // Failed: session error, stop trying

    Attempt run(const std::function<int()> &step, NetError *error);
    Attempt tryAgent(NetError *error);
    Attempt tryKeyFile(const QString &path, NetError *error);
    Attempt tryPassword(NetError *error);
    QStringList candidateKeyFiles() const;
    QString userName() const;
    QString target() const;

    ssh_session m_session;
    const SshOptions &m_options;
    SshStepRunner *m_runner;
    QStringList m_tried;  // "ssh-agent (rejected)", "key /path (cannot decrypt)", ...
};
