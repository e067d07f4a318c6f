#pragma once

#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <libssh/libssh.h>

class SshStepRunner;

// Takes a fresh libssh session from nothing to logged in: options, TCP connect and key
// exchange, host key check (KnownHosts), authentication (SshAuthenticator). Runs on the
// session's worker thread; every network wait goes through the SshStepRunner.
class SshConnector
{
public:
    SshConnector(ssh_session session, const SshOptions &options, SshStepRunner *runner);

    NetError connect();

private:
    NetError applyOptions();
    QString target() const;

    ssh_session m_session;
    const SshOptions &m_options;
    SshStepRunner *m_runner;
    QString m_knownHostsFile;
};
