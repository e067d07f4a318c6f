#pragma once

#include "ServerProcess.h"

#include "net/ConnectionProfile.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

// A real OpenSSH sshd for one test: own temp dir, own generated ed25519 host key, user keys
// (one plain, one passphrase-protected, one that is NOT authorized), AuthorizedKeysFile in the
// temp dir, StrictModes and PAM off. Runs as root (tests run as root) on 127.0.0.1, optionally
// through a command prefix (`ip netns exec NS`). For password logins it can create a
// throwaway local user with a random password, deleted again on destruction.
class SshServer
{
public:
    SshServer();
    ~SshServer();
    SshServer(const SshServer &) = delete;
    SshServer &operator=(const SshServer &) = delete;

    void setCommandPrefix(const QStringList &prefix) { m_prefix = prefix; }
    void setPort(quint16 port) { m_port = port; }
    // Extra sshd_config lines, e.g. "ClientAliveInterval 1".
    void setExtraConfig(const QStringList &lines) { m_extraConfig = lines; }

    // Generates keys (first time) and starts sshd; waits until it listens.
    bool start(int timeoutMs = 15000);
    void stop();
    // New host key (same type), restarting sshd if it was running: clients see "changed".
    bool regenerateHostKey();

    quint16 port() const { return m_port; }
    QString user() const { return QStringLiteral("root"); }
    QString hostKeyFingerprint() const;  // "SHA256:..." as `ssh-keygen -lf` prints it
    QString hostPublicKeyFile() const;
    QString plainKeyFile() const;
    QString passphraseKeyFile() const;
    QString passphrase() const { return m_passphrase; }
    QString unauthorizedKeyFile() const;
    // How a client logs in to this sshd on 127.0.0.1: plainKeyFile(), no agent, host keys
    // checked against (and, with acceptNewHostKey, stored in) `knownHostsFile`.
    SshOptions clientOptions(const QString &knownHostsFile, bool acceptNewHostKey = false) const;

    // Creates a local user that may only log in with a password; false when useradd fails.
    bool createPasswordUser(QString *user, QString *password);

    QString dir() const { return m_dir->path(); }
    QString log() const;
    QString errorString() const { return m_error; }

private:
    bool generateKeys();
    bool generateKey(const QString &path, const QString &passphrase);
    bool writeConfig();
    QString hostKeyFile() const;
    void removePasswordUser();

    std::unique_ptr<QTemporaryDir> m_dir;
    ServerProcess m_process;
    QStringList m_prefix;
    QStringList m_extraConfig;
    quint16 m_port = 0;
    QString m_passphrase;
    QString m_passwordUser;
    bool m_keysReady = false;
    QString m_error;
};
