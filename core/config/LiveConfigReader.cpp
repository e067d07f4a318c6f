#include "LiveConfigReader.h"

#include "net/RespClient.h"
#include "ssh/SshSessionPool.h"

LiveConfigReader::LiveConfigReader(const ConnectionProfile &profile, SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_ssh(ssh)
{
}

void LiveConfigReader::start()
{
    if (!m_ssh && m_profile.ssh.enabled)
        m_ssh = new SshSessionPool(this);
    m_client = new RespClient(m_profile, m_ssh, this);
    if (m_factory)
        m_client->setTransportFactory(m_factory);
    connect(m_client, &RespClient::connectFailed, this, &LiveConfigReader::fail);
    // Queued until the handshake is done; a failed connect fails it too (fail() reports once).
    m_client->connectToServer();
    m_client->send({QByteArrayLiteral("CONFIG"), QByteArrayLiteral("GET"), QByteArrayLiteral("*")}, this,
                   [this](const RespResult &r) {
                       if (!r.ok()) {
                           fail(r.error);
                           return;
                       }
                       if (!r.value.isArray() || r.value.elements().size() % 2 != 0) {
                           fail(NetError::make(NetError::Kind::ServerError,
                                               tr("CONFIG GET * returned an unexpected reply")));
                           return;
                       }
                       const QList<RespValue> &e = r.value.elements();
                       for (qsizetype i = 0; i + 1 < e.size(); i += 2)
                           m_pairs.append({e.at(i).bytes(), e.at(i + 1).bytes()});
                       m_done = true;
                       closeClient();
                       Q_EMIT loaded();
                   });
}

void LiveConfigReader::fail(const NetError &error)
{
    if (m_done)
        return;
    m_done = true;
    closeClient();
    Q_EMIT failed(error);
}

void LiveConfigReader::closeClient()
{
    if (!m_client)
        return;
    m_client->disconnectFromServer();
    m_client->deleteLater();
}

ConfigDocument LiveConfigReader::document(LiveConfig::Secrets secrets) const
{
    return LiveConfig::fromPairs(m_pairs, secrets);
}

QByteArray LiveConfigReader::value(const QByteArray &name) const
{
    for (const auto &[n, v] : m_pairs) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}
