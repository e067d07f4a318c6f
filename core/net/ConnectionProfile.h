#pragma once

#include <QString>
#include <QtGlobal>

// TLS settings for one node. Verification is on unless `insecure` is set explicitly.
struct TlsOptions
{
    bool enabled = false;
    QString caFile;        // PEM bundle; empty = system CAs
    QString certFile;      // client certificate (PEM), optional
    QString keyFile;       // client private key (PEM), optional
    QString serverName;    // SNI and the name the certificate must match; empty = node host
    bool insecure = false; // skip peer verification (explicit opt-in only)
};

// SSH bastion through which the node is reached. The node host/port are then resolved on
// the SSH server's side, like `ssh -L`.
struct SshOptions
{
    bool enabled = false;
    QString host;
    quint16 port = 22;
    QString user;              // empty = local user name
    QString keyFile;           // private key; empty = agent / default keys
    QString keyPassphrase;     // secret: memory only
    QString password;          // secret: memory only
    bool useAgent = true;
    QString knownHostsFile;    // empty = ~/.ssh/known_hosts
    bool acceptNewHostKey = false;  // store an unknown host key (a changed one is still refused)
    QString acceptFingerprint;      // store an unknown key only if it has this SHA256 fingerprint
    int keepaliveSeconds = 30;

    QString sessionKey() const;  // identifies a reusable session (user@host:port + key file)
};

// Everything needed to reach and log in to one Redis node. Secrets (password, passphrases)
// live here only in memory; persistence goes through the keychain.
struct ConnectionProfile
{
    QString name;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6379;
    QString user;       // ACL user; empty = "default" / legacy AUTH
    QString password;   // secret: memory only
    int db = 0;
    TlsOptions tls;
    SshOptions ssh;
    int connectTimeoutMs = 5000;
    int commandTimeoutMs = 5000;

    // host:port as the user typed/reached it ([v6]:port for IPv6 literals).
    QString address() const;
    // Address plus transport hints, never secrets: "rediss://10.0.0.5:6380 via ssh bastion".
    QString displayName() const;

    // Parses HOST:PORT, HOST, redis://[user[:pass]@]host[:port][/db], rediss://...
    // Fills host, port, user, password, db and tls.enabled on top of `base`.
    // Returns false with a readable reason in *error on bad input.
    static bool parseAddress(const QString &text, ConnectionProfile *profile, QString *error);
    // Parses [user@]host[:port] for an SSH bastion.
    static bool parseSshTarget(const QString &text, SshOptions *ssh, QString *error);
};
