#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

// A server a test owns: started, waited for until its log says it is ready, and stopped
// (SIGTERM, then SIGKILL) when asked or when the object goes away.
class ServerProcess
{
public:
    ~ServerProcess() { stop(); }

    // argv[0] is the program. `log` reads the server's log; the server is ready once it
    // contains `readyText`. On failure *error says why (with the log) and nothing is left running.
    bool start(QStringList argv, const std::function<QString()> &log, const QString &readyText,
               const QString &name, int timeoutMs, QString *error);
    void stop();
    bool isRunning() const { return m_process && m_process->state() == QProcess::Running; }

private:
    std::unique_ptr<QProcess> m_process;
};
