#pragma once

#include "ConsoleWidget.h"

#include <QTabWidget>

class SshSessionPool;

// One console per node, as closable tabs named by address. Opening a node that already has
// a console brings its tab forward instead of opening a second connection.
class ConsoleTabs : public QTabWidget
{
    Q_OBJECT
public:
    explicit ConsoleTabs(SshSessionPool *ssh = nullptr, QWidget *parent = nullptr);

    // The profile normally comes from TopologyMonitor::profileFor(address).
    ConsoleWidget *openConsole(const QString &address, const ConnectionProfile &profile);
    ConsoleWidget *console(const QString &address) const;
    void closeConsole(const QString &address);
    // Applies to open consoles and to those opened later (tests).
    void setConfirmHook(ConsoleWidget::ConfirmHook hook);
    void setTransportFactory(TransportFactory factory);  // tests

Q_SIGNALS:
    void consoleCountChanged(int count);

private:
    void closeTab(int index);

    SshSessionPool *m_ssh;
    ConsoleWidget::ConfirmHook m_confirmHook;
    TransportFactory m_factory;
};
