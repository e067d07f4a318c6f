#include "ConnectionOptions.h"

#include <QCommandLineParser>
#include <QDir>

QList<QCommandLineOption> ConnectionOptions::options()
{
    return {
        {QStringLiteral("user"), QStringLiteral("ACL user name."), QStringLiteral("user")},
        {{QStringLiteral("a"), QStringLiteral("pass")},
         QStringLiteral("Password (or set REDISCLI_AUTH)."), QStringLiteral("password")},
        {QStringLiteral("tls"), QStringLiteral("Connect with TLS.")},
        {QStringLiteral("cacert"), QStringLiteral("CA certificate file to verify the server."),
         QStringLiteral("file")},
        {QStringLiteral("cert"), QStringLiteral("Client certificate file."), QStringLiteral("file")},
        {QStringLiteral("key"), QStringLiteral("Client private key file."), QStringLiteral("file")},
        {QStringLiteral("insecure"), QStringLiteral("Do not verify the server certificate.")},
        {QStringLiteral("sni"), QStringLiteral("Server name for SNI and certificate checks."),
         QStringLiteral("name")},
        {QStringLiteral("ssh"), QStringLiteral("Reach the node through this SSH server."),
         QStringLiteral("[user@]host[:port]")},
        {QStringLiteral("ssh-key"), QStringLiteral("SSH private key file."), QStringLiteral("file")},
        {QStringLiteral("ssh-known-hosts"),
         QStringLiteral("known_hosts file (default ~/.ssh/known_hosts)."), QStringLiteral("file")},
        {QStringLiteral("ssh-accept-new"),
         QStringLiteral("Store an unknown SSH host key (a changed one is still refused).")},
        {QStringLiteral("timeout"), QStringLiteral("Connect and command timeout in seconds."),
         QStringLiteral("seconds")},
    };
}

void ConnectionOptions::addTo(QCommandLineParser *parser)
{
    parser->addOptions(options());
}

bool ConnectionOptions::apply(const QCommandLineParser &parser, ConnectionProfile *profile,
                              QString *error)
{
    if (parser.isSet(QStringLiteral("user")))
        profile->user = parser.value(QStringLiteral("user"));
    if (parser.isSet(QStringLiteral("pass")))
        profile->password = parser.value(QStringLiteral("pass"));
    else if (profile->password.isEmpty() && qEnvironmentVariableIsSet("REDISCLI_AUTH"))
        profile->password = qEnvironmentVariable("REDISCLI_AUTH");

    TlsOptions &tls = profile->tls;
    if (parser.isSet(QStringLiteral("tls")))
        tls.enabled = true;
    if (parser.isSet(QStringLiteral("cacert")))
        tls.caFile = parser.value(QStringLiteral("cacert"));
    if (parser.isSet(QStringLiteral("cert")))
        tls.certFile = parser.value(QStringLiteral("cert"));
    if (parser.isSet(QStringLiteral("key")))
        tls.keyFile = parser.value(QStringLiteral("key"));
    if (parser.isSet(QStringLiteral("insecure")))
        tls.insecure = true;
    if (parser.isSet(QStringLiteral("sni")))
        tls.serverName = parser.value(QStringLiteral("sni"));
    if (tls.certFile.isEmpty() != tls.keyFile.isEmpty()) {
        *error = QStringLiteral("--cert and --key must be given together");
        return false;
    }

    SshOptions &ssh = profile->ssh;
    if (parser.isSet(QStringLiteral("ssh"))) {
        if (!ConnectionProfile::parseSshTarget(parser.value(QStringLiteral("ssh")), &ssh, error))
            return false;
    }
    if (parser.isSet(QStringLiteral("ssh-key")))
        ssh.keyFile = parser.value(QStringLiteral("ssh-key"));
    if (parser.isSet(QStringLiteral("ssh-known-hosts")))
        ssh.knownHostsFile = parser.value(QStringLiteral("ssh-known-hosts"));
    if (parser.isSet(QStringLiteral("ssh-accept-new")))
        ssh.acceptNewHostKey = true;
    if (!ssh.enabled && (parser.isSet(QStringLiteral("ssh-key"))
                         || parser.isSet(QStringLiteral("ssh-known-hosts"))
                         || parser.isSet(QStringLiteral("ssh-accept-new")))) {
        *error = QStringLiteral("--ssh-key, --ssh-known-hosts and --ssh-accept-new need --ssh");
        return false;
    }
    if (ssh.enabled && ssh.knownHostsFile.isEmpty())
        ssh.knownHostsFile = QDir::homePath() + QStringLiteral("/.ssh/known_hosts");

    if (parser.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = parser.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600) {
            *error = QStringLiteral("--timeout takes a number of seconds between 0 and 3600");
            return false;
        }
        profile->connectTimeoutMs = int(seconds * 1000);
        profile->commandTimeoutMs = int(seconds * 1000);
    }
    return true;
}
