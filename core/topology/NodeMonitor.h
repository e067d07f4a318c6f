#pragma once

#include "Topology.h"

#include "info/NodeSnapshot.h"
#include "net/ConnectionProfile.h"
#include "net/NetError.h"
#include "net/Transport.h"

#include <QByteArrayList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

class RespClient;
struct RespResult;
class SshSessionPool;

// Watches one node: keeps a connection open (reconnecting by itself), polls INFO at a fixed
// interval with never more than one poll in flight, and reports typed snapshots and a status.
// The small precursor of TopologyMonitor; the UI reads nodes only through objects like this.
class NodeMonitor : public QObject
{
    Q_OBJECT
public:
    enum class Status {
        Connecting,     // first connection attempt still running
        Up,             // connected and answering INFO
        Unreachable,    // refused, timed out, dropped; retrying by itself
        AuthFailed,     // wrong password / ACL user (Redis or SSH); waits for reconnect()
        HostKeyUnknown, // SSH host key not known yet; waits for acceptHostKey() or reconnect()
        HostKeyChanged, // SSH host key differs from known_hosts; refused, never accepted here
        Error,          // anything else (TLS, protocol, server refused INFO...)
    };
    Q_ENUM(Status)

    // `ssh` may be null when the profile does not use SSH; it must outlive the monitor.
    explicit NodeMonitor(const ConnectionProfile &profile, SshSessionPool *ssh = nullptr,
                         QObject *parent = nullptr);
    ~NodeMonitor() override;

    const ConnectionProfile &profile() const { return m_profile; }
    // How the node is named in the UI: "name (address)", or just the address. No secrets.
    QString displayName() const;

    Status status() const { return m_status; }
    NetError lastError() const { return m_lastError; }
    // What the topology shows for this node (a node loading its dataset is not "down").
    NodeReachability reachability() const;
    bool hasSnapshot() const { return m_hasSnapshot; }
    const NodeSnapshot &snapshot() const { return m_snapshot; }

    int interval() const { return m_intervalMs; }
    void setInterval(int ms);
    // For protocol edge cases in tests; applies to connections made after the call.
    void setTransportFactory(TransportFactory factory) { m_transportFactory = std::move(factory); }

    // Off: polls only on pollNow() (and once on every (re)connect). TopologyMonitor drives all
    // its nodes from one timer so their offsets are sampled at the same moment.
    void setAutoPoll(bool enabled);
    bool autoPoll() const { return m_autoPoll; }
    // Bound for one INFO (ms); a node that does not answer within it is dropped as
    // unreachable. Negative: the profile's command timeout.
    void setPollTimeout(int ms) { m_pollTimeoutMs = ms; }
    // Polls now unless a poll is already in flight or the node is not connected.
    void pollNow() { poll(); }
    // Sends an extra command on this node's connection (e.g. SENTINEL queries after a poll).
    // Returns false, and never calls `handler`, when the node is not connected right now.
    bool send(const QByteArrayList &args, QObject *context,
              std::function<void(const RespResult &)> handler, int timeoutMs = -1);

    void start();
    void stop();
    // Drops the current connection (if any) and connects again, e.g. after a refused login.
    void reconnect();
    // Trusts this SSH host key fingerprint (as shown to the user) and connects again.
    void acceptHostKey(const QString &fingerprint);

    // True for statuses that stop retrying until the user acts.
    static bool needsUser(Status status);

Q_SIGNALS:
    // Also re-emitted when the status stays but its reason (lastError) changes.
    void statusChanged(NodeMonitor::Status status);
    void snapshotChanged(const NodeSnapshot &snapshot);

private:
    void createClient();
    void dropClient();
    void onReady();
    void onConnectFailed(const NetError &error);
    void onConnectionLost(const NetError &error);
    void poll();
    void setStatus(Status status, const NetError &error);
    static Status statusFor(const NetError &error);

    ConnectionProfile m_profile;
    SshSessionPool *m_ssh = nullptr;
    TransportFactory m_transportFactory;
    QPointer<RespClient> m_client;
    quint64 m_generation = 0;  // bumped per client so late replies of a dropped one are ignored
    QTimer m_pollTimer;
    int m_intervalMs = 1000;
    bool m_pollInFlight = false;
    bool m_autoPoll = true;
    int m_pollTimeoutMs = -1;
    Status m_status = Status::Connecting;
    NetError m_lastError;
    NodeSnapshot m_snapshot;
    bool m_hasSnapshot = false;
};
