#include "SshConnector.h"

#include "KnownHosts.h"
#include "SshAuthenticator.h"
#include "SshStepRunner.h"

#include <QFile>

#include <algorithm>

SshConnector::SshConnector(ssh_session session, const SshOptions &options, SshStepRunner *runner)
    : m_session(session)
    , m_options(options)
    , m_runner(runner)
    , m_knownHostsFile(KnownHosts::userFile(options.knownHostsFile))
{
}

QString SshConnector::target() const
{
    return KnownHosts::hostPattern(m_options.host, m_options.port);
}

NetError SshConnector::applyOptions()
{
    const QByteArray host = m_options.host.toUtf8();
    const QByteArray user = m_options.user.toUtf8();
    const QByteArray knownHosts = QFile::encodeName(m_knownHostsFile);
    const unsigned int port = m_options.port;
    const bool processConfig = false;
    const int on = 1;
    const int verbosity = SSH_LOG_NOLOG;
    // libssh's own bound for anything it still does blockingly; ours (the runner) is tighter.
    long timeoutSeconds = 10;
    if (!m_runner->deadline().isForever())
        timeoutSeconds = std::max<long>(1, long((m_runner->deadline().remainingTime() + 999) / 1000));

    bool ok = ssh_options_set(m_session, SSH_OPTIONS_LOG_VERBOSITY, &verbosity) == SSH_OK
        // SshOptions is the whole truth: ~/.ssh/config must not silently change host or user.
        && ssh_options_set(m_session, SSH_OPTIONS_PROCESS_CONFIG, &processConfig) == SSH_OK
        && ssh_options_set(m_session, SSH_OPTIONS_HOST, host.constData()) == SSH_OK
        && ssh_options_set(m_session, SSH_OPTIONS_PORT, &port) == SSH_OK
        && ssh_options_set(m_session, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData()) == SSH_OK
        && ssh_options_set(m_session, SSH_OPTIONS_TIMEOUT, &timeoutSeconds) == SSH_OK
        // Redis traffic is small request/response: Nagle would add a delay to every reply.
        && ssh_options_set(m_session, SSH_OPTIONS_NODELAY, &on) == SSH_OK;
    if (ok && !user.isEmpty())
        ok = ssh_options_set(m_session, SSH_OPTIONS_USER, user.constData()) == SSH_OK;
    if (!ok)
        return NetError::make(NetError::Kind::Ssh,
                              QStringLiteral("Invalid SSH settings for %1: %2")
                                  .arg(target(), QString::fromUtf8(ssh_get_error(m_session))));
    return {};
}

NetError SshConnector::connect()
{
    if (m_options.host.isEmpty())
        return NetError::make(NetError::Kind::Ssh, QStringLiteral("No SSH server host is set."));
    NetError error = applyOptions();
    if (error.isError())
        return error;

    ssh_set_blocking(m_session, 0);
    int rc = SSH_ERROR;
    switch (m_runner->run([this] { return ssh_connect(m_session); }, SSH_AGAIN, &rc)) {
    case SshStepRunner::Outcome::Stopped:
        return NetError::make(NetError::Kind::Aborted,
                              QStringLiteral("SSH connection to %1 was cancelled.").arg(target()));
    case SshStepRunner::Outcome::TimedOut:
        return NetError::make(NetError::Kind::Timeout,
                              QStringLiteral("SSH server %1 did not answer in time.").arg(target()));
    case SshStepRunner::Outcome::Finished:
        break;
    }
    if (rc != SSH_OK)
        return NetError::make(NetError::Kind::Ssh,
                              QStringLiteral("Cannot connect to SSH server %1: %2")
                                  .arg(target(), QString::fromUtf8(ssh_get_error(m_session))));

    error = KnownHosts::verify(m_session, m_options, m_knownHostsFile);
    if (error.isError())
        return error;
    return SshAuthenticator(m_session, m_options, m_runner).authenticate();
}
