#include "LiveConfigFetcher.h"

#include "net/ConnectionOptions.h"
#include "net/RespClient.h"
#include "ssh/SshSessionPool.h"

#include <QCommandLineParser>
#include <QTextStream>

LiveConfigFetcher::LiveConfigFetcher(const ConnectionProfile &profile, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
{
}

bool LiveConfigFetcher::profileFor(const QString &node, const QCommandLineParser &parser,
                                   ConnectionProfile *profile, QString *error)
{
    return ConnectionProfile::parseAddress(node, profile, error)
        && ConnectionOptions::apply(parser, profile, error);
}

int LiveConfigFetcher::report(const NetError &error, const ConnectionProfile &profile, QTextStream &err)
{
    if (error.kind == NetError::Kind::AuthFailed)
        err << "tandemctl: " << error.message << "\n"
            << "  Check the password (-a/--pass, REDISCLI_AUTH) and the ACL user (--user).\n";
    else if (error.isConnectFailure())
        err << "tandemctl: could not connect to " << profile.displayName() << ": " << error.message << "\n";
    else
        err << "tandemctl: " << profile.displayName() << ": " << error.message << "\n";
    err.flush();
    return error.isConnectFailure() ? 3 : 1;
}

void LiveConfigFetcher::fetch()
{
    if (m_profile.ssh.enabled)
        m_ssh = new SshSessionPool(this);
    m_client = new RespClient(m_profile, m_ssh, this);
    connect(m_client, &RespClient::connectFailed, this, [this](const NetError &e) { fail(e); });
    // Sent while connecting, the command waits for the handshake; once connect fails, its
    // handler fails too, so fail() reports only the first error.
    m_client->connectToServer();
    m_client->send({QByteArrayLiteral("CONFIG"), QByteArrayLiteral("GET"), QByteArrayLiteral("*")}, this,
                   [this](const RespResult &r) {
                       if (!r.ok()) {
                           fail(r.error);
                           return;
                       }
                       if (!r.value.isArray() || r.value.elements().size() % 2 != 0) {
                           fail(NetError::make(NetError::Kind::ServerError,
                                                        QStringLiteral("CONFIG GET * returned an unexpected reply")));
                           return;
                       }
                       const QList<RespValue> &e = r.value.elements();
                       for (qsizetype i = 0; i + 1 < e.size(); i += 2)
                           m_pairs.append({e.at(i).bytes(), e.at(i + 1).bytes()});
                       m_done = true;
                       m_client->disconnectFromServer();
                       Q_EMIT fetched();
                   });
}

void LiveConfigFetcher::fail(const NetError &error)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT failed(error);
}

ConfigDocument LiveConfigFetcher::document(LiveConfig::Secrets secrets) const
{
    return LiveConfig::fromPairs(m_pairs, secrets);
}

QByteArray LiveConfigFetcher::value(const QByteArray &name) const
{
    for (const auto &[n, v] : m_pairs) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}
