#pragma once

#include "DoctorReport.h"

#include "net/ConnectionProfile.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class NodeClients;

// Runs the doctor's checks on some nodes, in parallel and asynchronously: what each server
// tells (INFO twice, CONFIG GET, ACL LOG, SLOWLOG), and when the node has an SSH host, that
// host's settings and the server's log. Reads only; fixes are plans in the findings. The
// connections are `clients`' (the profile lookup gives passwords for the masterauth check
// and fix).
class Doctor : public QObject
{
    Q_OBJECT
public:
    struct Target
    {
        QString node;       // "host:port"
        SshOptions host;    // enabled: the host checks and the log run through it
    };

    explicit Doctor(NodeClients *clients, QObject *parent = nullptr);
    ~Doctor() override;

    // Time between the two INFO reads (sync_full growth); default 1000 ms.
    void setSampleInterval(int ms) { m_sampleMs = ms; }
    void setConnectTimeout(int ms) { m_connectMs = ms; }
    // Lines of the log read (default 2000).
    void setLogLines(int lines) { m_logLines = lines; }
    void setCommandTimeout(int ms) { m_commandMs = ms; }

    void run(const QList<Target> &targets);

Q_SIGNALS:
    void progress(const QString &text);
    void finished(const DoctorReport &report);

private:
    struct NodeRun;
    void readServer(const std::shared_ptr<NodeRun> &job);
    void readAgain(const std::shared_ptr<NodeRun> &job);
    void serverDone(const std::shared_ptr<NodeRun> &job);
    void nextHost();
    void readHost(const std::shared_ptr<NodeRun> &job);
    void nodeDone(const std::shared_ptr<NodeRun> &job);
    void attachMasterAuthFix(Finding *finding, const NodeRun &run) const;
    void compareClocks();

    NodeClients *m_clients;
    int m_sampleMs = 1000;
    int m_connectMs = 5000;
    int m_logLines = 2000;
    int m_commandMs = 5000;
    int m_pending = 0;
    // The host reads run one after the other once every server was read: an SSH command holds
    // its session, and tunnels through the same host would wait behind it.
    int m_serverPending = 0;
    QList<std::shared_ptr<NodeRun>> m_hostQueue;
    DoctorReport m_report;
    struct Clock
    {
        QString node;
        double offsetSeconds = 0;
    };
    QHash<QString, Clock> m_clocks;  // SSH host → its clock against this computer's
};
