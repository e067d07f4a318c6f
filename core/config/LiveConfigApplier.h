#pragma once

#include "LiveConfigPlan.h"

#include "net/ConnectionProfile.h"
#include "net/NetError.h"
#include "net/Transport.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class RespClient;
class SshSessionPool;

// Runs a LiveConfigPlan on a connected (or connecting) RespClient: the CONFIG SETs in order,
// stopping at the first refusal; then CONFIG REWRITE when the plan asks; then a CONFIG GET of
// every changed name to verify the node runs what was asked. Redis applies each CONFIG SET
// immediately, so a failure midway leaves the earlier ones in force: the result lists them.
class LiveConfigApplier : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        QList<QByteArray> applied;      // directives CONFIG SET accepted, in order
        QByteArray failedDirective;     // the one CONFIG SET refused (empty if none)
        QString error;                  // why it, the connection or REWRITE failed
        bool rewriteAttempted = false;
        bool rewriteOk = false;
        QString rewriteError;
        QList<QByteArray> verified;     // CONFIG GET shows the desired value
        QList<QByteArray> mismatched;   // CONFIG GET shows something else
        QList<QByteArray> needsRestart; // immutable directives the plan could not apply
        NetError connectError;          // the node could not be reached or refused the login

        // Everything applied, persisted if asked, verified, and nothing waits for a restart.
        bool ok() const
        {
            return !connectError.isError() && failedDirective.isEmpty() && error.isEmpty() && rewriteError.isEmpty()
                && mismatched.isEmpty() && needsRestart.isEmpty();
        }
    };

    LiveConfigApplier(RespClient *client, const LiveConfigPlan &plan, QObject *parent = nullptr);
    // Connects to `node` itself first, on a connection of its own that it drops when done.
    // A failed connection or login ends the run with Result::connectError (nothing applied).
    LiveConfigApplier(const ConnectionProfile &node, SshSessionPool *ssh, const LiveConfigPlan &plan,
                      QObject *parent = nullptr, TransportFactory factory = {});

    void start();
    const Result &result() const { return m_result; }

Q_SIGNALS:
    void progress(const QString &step);
    void finished(const LiveConfigApplier::Result &result);

private:
    void nextSet();
    void rewrite();
    void verify();
    void done();

    QPointer<RespClient> m_client;
    bool m_ownsClient = false;
    LiveConfigPlan m_plan;
    QList<LiveConfigPlan::Step> m_sets;
    qsizetype m_next = 0;
    int m_pendingVerify = 0;
    bool m_done = false;
    Result m_result;
};
