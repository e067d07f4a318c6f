#pragma once

#include "ConfigDocument.h"
#include "net/ConnectionProfile.h"
#include "ssh/RemoteFileTypes.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class RespClient;
class SshSessionPool;
struct NetError;
struct RespResult;

// Where a redis.conf lives on a server, and the node that runs it.
struct RemoteConfigTarget
{
    SshOptions ssh;                 // the host holding the file
    QString path;                   // absolute path on that host
    RemoteFileInfo readInfo;        // from readFile(): a concurrent change is refused (size/mtime)
    bool checkUnchanged = true;     // pass readInfo as expectedMtime/expectedSize
    ConnectionProfile node;         // the node to health-check afterwards (host empty = none)
};

struct RemoteConfigDeployOptions
{
    // Run after the write through the same SSH host; empty = write only, no restart.
    QString restartCommand;
    // A document with validator errors is refused unless this is set (the user overrode).
    bool overrideErrors = false;
    // After the restart: how long the node may take to answer PING again.
    int healthTimeoutMs = 20000;
    int commandTimeoutMs = 60000;

    static QString defaultRestartCommand() { return QStringLiteral("systemctl restart redis-server"); }
};

// Writes a redis.conf to a server over SSH and brings the node onto it:
//   1. validate (refuse on errors unless overridden)
//   2. SshSessionPool::writeFile: timestamped backup, temp upload, owner/mode, atomic rename;
//      refused when the file changed since it was read
//   3. optional restart command (its exit code and output are reported)
//   4. health check: connect to the node (retrying until healthTimeoutMs), PING, then
//      CONFIG GET each directive the file sets and compare with the file (ConfigDiff
//      normalisation). Without a restart, differences are reported as "waiting for a
//      restart", not as failure.
// Secrets never appear in progress text or results.
class RemoteConfigDeployer : public QObject
{
    Q_OBJECT
public:
    enum class Stage { Validate, Write, Restart, HealthCheck, Done };
    Q_ENUM(Stage)

    struct Result
    {
        Stage failedAt = Stage::Done;   // Done = nothing failed
        QString error;                  // why, in plain words
        QString backupPath;             // where the previous file was kept (empty if none)
        qint64 bytesWritten = 0;
        QStringList writeWarnings;      // e.g. chown refused
        bool restarted = false;
        int restartExitCode = -1;
        QByteArray restartOutput;       // stdout+stderr of the restart command (trimmed to 4 KiB)
        bool healthChecked = false;
        bool healthy = false;           // the node answered PING after the write/restart
        QList<QByteArray> verified;     // directives the running node shows as in the file
        QList<QByteArray> pending;      // differ on the running node (restart needed / failed)

        bool ok() const { return failedAt == Stage::Done && error.isEmpty(); }
    };

    RemoteConfigDeployer(SshSessionPool *ssh, QObject *parent = nullptr);

    void start(const RemoteConfigTarget &target, const ConfigDocument &document,
               const RemoteConfigDeployOptions &options = {});
    const Result &result() const { return m_result; }
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void stageChanged(RemoteConfigDeployer::Stage stage, const QString &description);
    void finished(const RemoteConfigDeployer::Result &result);

private:
    void enter(Stage stage, const QString &description);
    void validate();
    void write();
    void restart();
    void healthCheck();
    void connectNode();
    void connectFailed(const NetError &error);
    void verifyDirectives();
    void verified(const QByteArray &name, const RespResult &reply);
    void fail(Stage stage, const QString &error);
    void done();

    SshSessionPool *m_ssh;
    Result m_result;
    bool m_running = false;
    RemoteConfigTarget m_target;
    ConfigDocument m_document;
    RemoteConfigDeployOptions m_options;
    // Context of the current run: deleting it drops every late callback of that run.
    QObject *m_run = nullptr;
    RespClient *m_client = nullptr;
    QElapsedTimer m_healthClock;
    QList<QByteArray> m_checkNames;     // canonical names CONFIG GET is asked for
    int m_pendingGets = 0;
    int m_round = 0;                    // bumped per connection/check round
    QStringList m_mismatches;           // "name: the node runs X, the file says Y", masked
};
