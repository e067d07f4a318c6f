#include "SshAuthenticator.h"

#include "KnownHosts.h"
#include "SshStepRunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace {

// Never prompt on a terminal for a passphrase: a GUI has none, and tandemctl must not hang.
int refusePassphrasePrompt(const char *, char *, size_t, int, int, void *)
{
    return -1;
}

QString methodNames(int methods)
{
    QStringList names;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY)
        names << QStringLiteral("publickey");
    if (methods & SSH_AUTH_METHOD_PASSWORD)
        names << QStringLiteral("password");
    if (methods & SSH_AUTH_METHOD_INTERACTIVE)
        names << QStringLiteral("keyboard-interactive");
    if (methods & SSH_AUTH_METHOD_HOSTBASED)
        names << QStringLiteral("hostbased");
    if (methods & SSH_AUTH_METHOD_GSSAPI_MIC)
        names << QStringLiteral("gssapi-with-mic");
    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

} // namespace

SshAuthenticator::SshAuthenticator(ssh_session session, const SshOptions &options,
                                   SshStepRunner *runner)
    : m_session(session)
    , m_options(options)
    , m_runner(runner)
{
}

QString SshAuthenticator::userName() const
{
    char *name = nullptr;
    QString result;
    if (ssh_options_get(m_session, SSH_OPTIONS_USER, &name) == SSH_OK && name) {
        result = QString::fromUtf8(name);
        ssh_string_free_char(name);
    }
    return result;
}

QString SshAuthenticator::target() const
{
    return KnownHosts::hostPattern(m_options.host, m_options.port);
}

SshAuthenticator::Attempt SshAuthenticator::run(const std::function<int()> &step, NetError *error)
{
    int rc = SSH_AUTH_ERROR;
    switch (m_runner->run(step, SSH_AUTH_AGAIN, &rc)) {
    case SshStepRunner::Outcome::Stopped:
        *error = NetError::make(NetError::Kind::Aborted,
                                QStringLiteral("SSH login to %1 was cancelled.").arg(target()));
        return Attempt::Failed;
    case SshStepRunner::Outcome::TimedOut:
        *error = NetError::make(NetError::Kind::Timeout,
                                QStringLiteral("SSH login to %1 did not finish in time.").arg(target()));
        return Attempt::Failed;
    case SshStepRunner::Outcome::Finished:
        break;
    }
    if (rc == SSH_AUTH_SUCCESS)
        return Attempt::Success;
    if (rc == SSH_AUTH_ERROR && !ssh_is_connected(m_session)) {
        *error = NetError::make(NetError::Kind::Ssh,
                                QStringLiteral("SSH server %1 closed the connection during login: %2")
                                    .arg(target(), QString::fromUtf8(ssh_get_error(m_session))));
        return Attempt::Failed;
    }
    return Attempt::Rejected;  // DENIED, PARTIAL (needs another factor), or a local error
}

SshAuthenticator::Attempt SshAuthenticator::tryAgent(NetError *error)
{
    const Attempt result = run([this] { return ssh_userauth_agent(m_session, nullptr); }, error);
    if (result == Attempt::Rejected)
        m_tried << QStringLiteral("ssh-agent (no key accepted)");
    return result;
}

SshAuthenticator::Attempt SshAuthenticator::tryKeyFile(const QString &path, NetError *error)
{
    ssh_key key = nullptr;
    const QByteArray file = QFile::encodeName(path);
    QByteArray passphrase = m_options.keyPassphrase.toUtf8();
    const int rc = ssh_pki_import_privkey_file(file.constData(),
                                               passphrase.isEmpty() ? nullptr : passphrase.constData(),
                                               refusePassphrasePrompt, nullptr, &key);
    const bool hadPassphrase = !passphrase.isEmpty();
    passphrase.fill('\0');  // do not leave a copy of the secret on the heap
    if (rc != SSH_OK || !key) {
        if (rc == SSH_EOF)
            m_tried << QStringLiteral("key %1 (cannot read the file)").arg(path);
        else if (!hadPassphrase)
            m_tried << QStringLiteral("key %1 (cannot load it: encrypted without a passphrase, or not a private key)").arg(path);
        else
            m_tried << QStringLiteral("key %1 (cannot decrypt it: wrong passphrase?)").arg(path);
        return Attempt::Rejected;
    }
    const Attempt result = run([this, key] { return ssh_userauth_publickey(m_session, nullptr, key); },
                               error);
    ssh_key_free(key);
    if (result == Attempt::Rejected)
        m_tried << QStringLiteral("key %1 (rejected by the server)").arg(path);
    return result;
}

SshAuthenticator::Attempt SshAuthenticator::tryPassword(NetError *error)
{
    QByteArray password = m_options.password.toUtf8();
    const Attempt result = run(
        [this, &password] { return ssh_userauth_password(m_session, nullptr, password.constData()); },
        error);
    password.fill('\0');
    if (result == Attempt::Rejected)
        m_tried << QStringLiteral("password (rejected)");
    return result;
}

QStringList SshAuthenticator::candidateKeyFiles() const
{
    if (!m_options.keyFile.isEmpty())
        return {KnownHosts::userFile(m_options.keyFile)};  // same ~ expansion as known_hosts
    QStringList files;
    const QDir ssh(QDir::homePath() + QStringLiteral("/.ssh"));
    for (const char *name : {"id_ed25519", "id_ecdsa", "id_rsa"}) {
        const QString path = ssh.filePath(QString::fromLatin1(name));
        if (QFileInfo::exists(path))
            files << path;
    }
    return files;
}

NetError SshAuthenticator::authenticate()
{
    NetError error;
    // "none" both detects servers that need no login and makes the server list its methods.
    Attempt result = run([this] { return ssh_userauth_none(m_session, nullptr); }, &error);
    if (result != Attempt::Rejected)
        return error;
    const int methods = ssh_userauth_list(m_session, nullptr);

    if (methods & SSH_AUTH_METHOD_PUBLICKEY) {
        if (m_options.useAgent && !qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK")) {
            result = tryAgent(&error);
            if (result != Attempt::Rejected)
                return error;
        }
        for (const QString &path : candidateKeyFiles()) {
            result = tryKeyFile(path, &error);
            if (result != Attempt::Rejected)
                return error;
        }
    }
    if ((methods & SSH_AUTH_METHOD_PASSWORD) && !m_options.password.isEmpty()) {
        result = tryPassword(&error);
        if (result != Attempt::Rejected)
            return error;
    }

    QString tried = m_tried.isEmpty() ? QStringLiteral("nothing: no agent, key or password was available for a method the server accepts")
                                      : m_tried.join(QStringLiteral("; "));
    const QString user = userName();
    return NetError::make(NetError::Kind::SshAuthFailed,
                          QStringLiteral("SSH login as '%1' to %2 failed. Tried: %3. The server accepts: %4.")
                              .arg(user, target(), tried, methodNames(methods)));
}
