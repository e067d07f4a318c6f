#include "RedisConfExporter.h"

#include "info/InfoParser.h"
#include "net/RespClient.h"
#include "ssh/SshSessionPool.h"

RedisConfExporter::RedisConfExporter(const ConnectionProfile &profile, SshSessionPool *ssh, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_ssh(ssh)
{
}

void RedisConfExporter::start(const RedisConfExportOptions &options)
{
    m_options = options;
    m_input.address = m_profile.address();
    if (!m_ssh && m_profile.ssh.enabled)
        m_ssh = new SshSessionPool(this);
    m_client = new RespClient(m_profile, m_ssh, this);
    connect(m_client, &RespClient::connectFailed, this, &RedisConfExporter::fail);
    m_client->connectToServer();
    m_pending = 3;
    m_client->send({"CONFIG", "GET", "*"}, this, [this](const RespResult &r) {
        if (!r.ok()) {
            fail(r.error);
            return;
        }
        if (!r.value.isArray() || r.value.elements().size() % 2 != 0) {
            fail(NetError::make(NetError::Kind::ServerError, tr("CONFIG GET * returned an unexpected reply")));
            return;
        }
        QList<QPair<QByteArray, QByteArray>> pairs;
        const QList<RespValue> &e = r.value.elements();
        for (qsizetype i = 0; i + 1 < e.size(); i += 2)
            pairs.append({e.at(i).bytes(), e.at(i + 1).bytes()});
        onConfig(pairs);
    });
    m_client->send({"INFO", "server"}, this, [this](const RespResult &r) {
        if (!r.ok()) {
            fail(r.error);
            return;
        }
        onInfo(r.value.bytes());
    });
    m_client->send({"ACL", "LIST"}, this, [this](const RespResult &r) {
        if (m_done)
            return;
        if (r.ok() && r.value.isArray()) {
            for (const RespValue &v : r.value.elements())
                m_input.aclUsers.append(v.bytes());
        } else {
            m_warnings << tr("ACL LIST was refused (%1): users defined on the node are not in the export")
                              .arg(r.error.message);
        }
        if (--m_pending == 0)
            readFileOrBuild();
    });
}

void RedisConfExporter::onConfig(const QList<QPair<QByteArray, QByteArray>> &pairs)
{
    m_input.live = pairs;
    if (--m_pending == 0)
        readFileOrBuild();
}

void RedisConfExporter::onInfo(const QByteArray &info)
{
    const NodeSnapshot snapshot = InfoParser::parse(info);
    m_input.versionText = snapshot.version;
    if (const std::optional<RedisVersion> v = RedisVersion::parse(snapshot.version))
        m_input.version = *v;
    m_configFile = snapshot.configFile;
    if (--m_pending == 0)
        readFileOrBuild();
}

void RedisConfExporter::readFileOrBuild()
{
    if (m_done)
        return;
    closeClient();
    if (!m_profile.ssh.enabled || !m_ssh || m_configFile.isEmpty()) {
        if (m_configFile.isEmpty() && !m_options.minimal)
            m_warnings << tr("the node runs without a config file (INFO config_file is empty)");
        build();
        return;
    }
    m_ssh->readFile(m_profile.ssh, m_configFile, this,
                    [this](const QByteArray &content, const RemoteFileInfo &, const NetError &error) {
                        if (error.isError()) {
                            m_warnings << tr("could not read %1 over SSH (%2): generated from CONFIG GET * instead")
                                              .arg(m_configFile, error.message);
                        } else {
                            m_input.haveFile = true;
                            m_input.filePath = m_configFile;
                            m_input.fileBytes = content;
                        }
                        build();
                    });
}

void RedisConfExporter::build()
{
    if (m_done)
        return;
    m_done = true;
    RedisConfExportResult result = RedisConfExport::build(m_input, m_options);
    result.warnings = m_warnings + result.warnings;
    Q_EMIT finished(result);
}

void RedisConfExporter::fail(const NetError &error)
{
    if (m_done)
        return;
    m_done = true;
    closeClient();
    Q_EMIT failed(error);
}

void RedisConfExporter::closeClient()
{
    if (!m_client)
        return;
    m_client->disconnectFromServer();
    m_client->deleteLater();
    m_client = nullptr;
}
