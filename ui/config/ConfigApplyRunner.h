#pragma once

#include "config/ConfigDocument.h"
#include "config/LiveConfigApplier.h"
#include "config/LiveConfigPlan.h"
#include "config/RemoteConfigDeployer.h"
#include "net/ConnectionProfile.h"
#include "net/Transport.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

class SshSessionPool;

// Runs one Apply of the config editor without blocking: a file written over SSH (through
// RemoteConfigDeployer) or a CONFIG SET plan on a live node (through LiveConfigApplier).
// Reports each stage as a line of text and ends with a summary a person can read; secrets
// never appear in either.
class ConfigApplyRunner : public QObject
{
    Q_OBJECT
public:
    struct Outcome
    {
        bool ok = false;        // everything done and verified
        bool changed = false;   // the target now holds the document (file written / SETs applied)
        QStringList summary;    // one line per fact: backup, restart exit code, verified...
    };

    explicit ConfigApplyRunner(SshSessionPool *ssh, QObject *parent = nullptr);
    void setTransportFactory(TransportFactory factory) { m_factory = std::move(factory); }

    void runRemote(const RemoteConfigTarget &target, const ConfigDocument &document,
                   const RemoteConfigDeployOptions &options);
    void runLive(const ConnectionProfile &node, const LiveConfigPlan &plan);
    bool isRunning() const { return m_running; }

    static Outcome describe(const RemoteConfigDeployer::Result &result, bool restartAsked);
    static Outcome describe(const LiveConfigApplier::Result &result);

Q_SIGNALS:
    void progress(const QString &text);
    void finished(const ConfigApplyRunner::Outcome &outcome);

private:
    void finish(const Outcome &outcome);

    SshSessionPool *m_ssh;
    TransportFactory m_factory;
    QPointer<RemoteConfigDeployer> m_deployer;
    QPointer<LiveConfigApplier> m_applier;
    bool m_running = false;
};
