#pragma once

#include "config/ConfigDocument.h"
#include "config/RemoteConfigDeployer.h"
#include "net/ConnectionProfile.h"
#include "net/NetError.h"
#include "ssh/RemoteFileTypes.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

class QTextStream;
class SshSessionPool;

// `tandemctl config apply NODE FILE --remote-file PATH --ssh ...`: reads PATH over the node's
// SSH connection, prints the difference to FILE as the plan (secrets masked), then replaces
// PATH with FILE through RemoteConfigDeployer (backup, optional restart, health check).
class RemoteConfigApply : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QString file;              // the local FILE, for messages
        ConfigDocument desired;
        QString remotePath;
        QString restartCommand;    // empty = write only
        bool dryRun = false;
        bool force = false;        // write despite validator errors
        bool json = false;
    };

    RemoteConfigApply(const ConnectionProfile &profile, const Settings &settings, QTextStream &out,
                      QTextStream &err, QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void read(const QByteArray &content, const RemoteFileInfo &info, const NetError &error);
    void deployed(const RemoteConfigDeployer::Result &result);
    void printPlan();
    QJsonObject planJson() const;
    void done(int exitCode);

    ConnectionProfile m_profile;
    Settings m_settings;
    QTextStream &m_out;
    QTextStream &m_err;
    SshSessionPool *m_pool = nullptr;
    RemoteConfigDeployer *m_deployer = nullptr;
    ConfigDocument m_remote;
    RemoteFileInfo m_info;
    QStringList m_errors;          // validator errors of FILE, "line N: message"
    QString m_backupPreview;
    bool m_done = false;
};
