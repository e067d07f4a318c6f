#include "NodeCommand.h"

#include "net/ConnectionOptions.h"
#include "net/RespClient.h"
#include "ssh/SshSessionPool.h"

void NodeCommand::start(const QStringList &args)
{
    m_parser.setApplicationDescription(description());
    ConnectionOptions::addTo(&m_parser);
    m_parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    m_parser.addPositionalArgument(QStringLiteral("NODE"),
                                   QStringLiteral("HOST:PORT or redis[s]://[user[:pass]@]host:port[/db]"));
    addOptions(m_parser);
    if (!parseArguments(m_parser, args))
        return;

    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() != 1) {
        usageError(positional.isEmpty() ? QStringLiteral("%1 needs a NODE").arg(args.value(0))
                                        : QStringLiteral("%1 takes one NODE").arg(args.value(0)));
        return;
    }
    QString error;
    if (!ConnectionProfile::parseAddress(positional.first(), &m_profile, &error)
        || !ConnectionOptions::apply(m_parser, &m_profile, &error)) {
        usageError(error);
        return;
    }

    if (m_profile.ssh.enabled)
        m_ssh = new SshSessionPool(this);
    m_client = new RespClient(m_profile, m_ssh, this);
    connect(m_client, &RespClient::ready, this, [this] { onReady(); });
    connect(m_client, &RespClient::connectFailed, this, [this](const NetError &e) { failWith(e); });
    connect(m_client, &RespClient::connectionLost, this, [this](const NetError &e) { failWith(e); });
    m_client->connectToServer();
}

void NodeCommand::failWith(const NetError &error)
{
    // Core messages already name the node; add only what an operator should do next.
    switch (error.kind) {
    case NetError::Kind::AuthFailed:
        err() << "tandemctl: " << error.message << "\n"
              << "  Check the password (-a/--pass, REDISCLI_AUTH) and the ACL user (--user).\n";
        break;
    case NetError::Kind::SshAuthFailed:
        err() << "tandemctl: SSH authentication failed: " << error.message << "\n"
              << "  Check --ssh-key, the key's passphrase, or the keys loaded in ssh-agent.\n";
        break;
    case NetError::Kind::SshHostKeyUnknown:
        err() << "tandemctl: " << error.message << "\n"
              << "  fingerprint: " << error.detail << "\n"
              << "  If this is the right server, run again with --ssh-accept-new to store it.\n";
        break;
    default:
        if (error.isConnectFailure())
            err() << "tandemctl: could not connect to " << m_profile.displayName() << ": "
                  << error.message << "\n";
        else
            err() << "tandemctl: " << m_profile.displayName() << ": " << error.message << "\n";
    }
    finish(error.isConnectFailure() ? ExitConnect : ExitProblem);
}
