#pragma once

#include "RedisConfExport.h"
#include "net/ConnectionProfile.h"
#include "net/NetError.h"

#include <QObject>
#include <QPointer>

class RespClient;
class SshSessionPool;

// Reads what a node's redis.conf export needs, without blocking: CONFIG GET *, INFO server
// (version, config_file), ACL LIST and, when the node is reached through SSH and runs from a
// file, that file over SFTP. Then builds the export (RedisConfExport). Exactly one of
// finished() / failed() is emitted. A file that cannot be read is not a failure: the export is
// generated from CONFIG GET * and the reason is among the warnings.
class RedisConfExporter : public QObject
{
    Q_OBJECT
public:
    RedisConfExporter(const ConnectionProfile &profile, SshSessionPool *ssh, QObject *parent = nullptr);

    void start(const RedisConfExportOptions &options);
    const ConnectionProfile &profile() const { return m_profile; }
    // What was read (real values, memory only): for callers that build several variants.
    const RedisConfExportInput &input() const { return m_input; }

Q_SIGNALS:
    void finished(const RedisConfExportResult &result);
    void failed(const NetError &error);

private:
    void onConfig(const QList<QPair<QByteArray, QByteArray>> &pairs);
    void onInfo(const QByteArray &info);
    void readFileOrBuild();
    void build();
    void fail(const NetError &error);
    void closeClient();

    ConnectionProfile m_profile;
    QPointer<SshSessionPool> m_ssh;
    RespClient *m_client = nullptr;
    RedisConfExportOptions m_options;
    RedisConfExportInput m_input;
    QString m_configFile;
    QStringList m_warnings;
    int m_pending = 0;
    bool m_done = false;
};
