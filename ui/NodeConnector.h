#pragma once

#include "net/ConnectionProfile.h"
#include "net/Transport.h"

#include <QObject>

class QWidget;
class SshSessionPool;
class TopologyMonitor;

// The user connects to a node that is already watched and answering (a saved profile, the
// Connect dialog): the monitor would keep its working settings and say nothing. Here the new
// settings are tried first (ConnectionTester): when they fail, a warning says why and the
// view keeps the settings that work; when they work, they go to the monitor as a seed.
class NodeConnector : public QObject
{
    Q_OBJECT
public:
    NodeConnector(TopologyMonitor *monitor, SshSessionPool *ssh, QWidget *window);
    void setTransportFactory(TransportFactory factory) { m_factory = std::move(factory); }

    // True when `profile`'s node is in view and answering: the check is under way and the
    // caller must not add the seed itself.
    bool checkInView(const ConnectionProfile &profile);

Q_SIGNALS:
    void status(const QString &text, int timeoutMs);

private:
    TopologyMonitor *m_monitor;
    SshSessionPool *m_ssh;
    QWidget *m_window;
    TransportFactory m_factory;
};
